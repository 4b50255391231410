import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatSerial } from '../../src/cards/serial.ts';
import { boardTextProblem } from '../../src/reports/board.ts';
import type { CaseRecord } from '../../src/store/records.ts';
import { type TestCardbox, tempCardbox } from '../helpers/cardbox.ts';
import { asStaff, loginAs } from '../helpers/staff.ts';
import { storeSeededCases } from '../reports/seed.ts';

const NOW = new Date('2026-02-15T03:00:00Z');
let t: TestCardbox;
let target: CaseRecord;
let staff: string;

beforeAll(async () => {
  t = await tempCardbox({ now: () => NOW });
  const seeded = await storeSeededCases(
    t.cardbox,
    40,
    55,
    new Date('2025-12-01T00:00:00+09:00'),
    new Date('2026-02-10T00:00:00+09:00'),
  );
  target = seeded.find((c) => c.answeredAt && !c.board && c.serial)!;
  staff = (await loginAs(t, 'staff')).cookie;
});
afterAll(async () => t?.cleanup());

/** Crockford's look-alikes, as a person copies a serial: O for 0, I or L for 1. */
const lookAlike = (serial: string) => serial.replace(/0/g, 'O').replace(/1/g, 'l');

const REFUSED: [string, (record: CaseRecord) => string, RegExp][] = [
  ['the serial as printed', (r) => `카드 ${formatSerial(r.serial!)} 의견`, /일련번호/],
  [
    'the serial in lower case with spaces',
    (r) => `카드 ${formatSerial(r.serial!).toLowerCase().replace(/-/g, ' ')}`,
    /일련번호/,
  ],
  [
    'the serial with full-width characters',
    (r) => `카드 ${toFullWidth(formatSerial(r.serial!))}`,
    /일련번호/,
  ],
  ['the serial with look-alike letters', (r) => `카드 ${lookAlike(formatSerial(r.serial!))}`, /일련번호/],
  [
    'the serial without its type and check letters',
    (r) => `${r.serial!.slice(1, 5)}-${r.serial!.slice(5, 9)} 카드`,
    /일련번호/,
  ],
  ['a mobile number with hyphens', () => '연락처 010-2222-3333 으로 회신', /휴대전화/],
  ['a mobile number with slashes', () => '연락처 010/2222/3333', /휴대전화/],
  ['a mobile number with dots', () => '연락처 010.2222.3333', /휴대전화/],
  ['a mobile number in brackets', () => '연락처 (010) 2222-3333', /휴대전화/],
  ['a mobile number in full-width digits', () => '연락처 ０１０－２２２２－３３３３', /휴대전화/],
  ['a mobile number digit by digit', () => '연락처 0 1 0 2 2 2 2 3 3 3 3', /휴대전화/],
  ['a mobile number with a long dash', () => '연락처 010–2222–3333', /휴대전화/],
  ['an old 011 number', () => '연락처 011-222-3333', /휴대전화/],
  ['+82 and a space', () => '연락처 +82 10-2222-3333', /휴대전화/],
  ['+82 with hyphens', () => '연락처 +82-10-2222-3333', /휴대전화/],
  ['+82 (0)10', () => '연락처 +82 (0)10 2222 3333', /휴대전화/],
  ['82 without the plus', () => '연락처 82-10-2222-3333', /휴대전화/],
  ['+82 in full-width', () => '연락처 ＋８２ １０ ２２２２ ３３３３', /휴대전화/],
  ['an e-mail address', () => 'visitor@example.com 로 답변', /이메일/],
  ['an e-mail address with a full-width @', () => 'visitor＠example.com 로 답변', /이메일/],
  ['an e-mail address with a small @', () => 'visitor﹫example.com 로 답변', /이메일/],
  ['an e-mail address in full-width', () => 'ｖｉｓｉｔｏｒ＠ｅｘａｍｐｌｅ．ｃｏｍ 로 답변', /이메일/],
  ['an e-mail address spaced around @', () => 'visitor @ example.com 로 답변', /이메일/],
  ["the visitor's words", (r) => r.message.slice(0, 30), /그대로 옮기지/],
  ["the visitor's words in full-width", (r) => toFullWidth(r.message.slice(0, 30)), /그대로 옮기지/],
  [
    "the visitor's words, punctuation changed",
    (r) => r.message.slice(0, 30).replace(/ /g, ' · '),
    /그대로 옮기지/,
  ],
];

const ALLOWED: [string, string][] = [
  ['the department phone', '문의: 평생학습과 258-2557'],
  ['an area code number', '문의 02-258-2518'],
  ['a date and time', '2026.01.15. 10:30에 조치 완료'],
  ['a date range', '2010-2020년 자료'],
  ['a count', '도서 1,234권 추가, 열람석 12석 교체'],
  ['a web address', '자세한 내용은 www.example.go.kr 참조'],
  ['an at sign in prose', '회의 @ 3층 세미나실'],
];

function toFullWidth(text: string): string {
  return text.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).replace(/ /g, '\u3000');
}

describe("the board's privacy check", () => {
  it.each(REFUSED)('refuses %s', (_, make, reason) => {
    const text = make(target);
    expect(boardTextProblem(target, text), text).toMatch(reason);
  });

  it.each(ALLOWED)('allows %s', (_, text) => {
    expect(boardTextProblem(target, text)).toBeNull();
  });

  it('refuses them through the publishing route too', async () => {
    for (const [name, make, reason] of REFUSED) {
      const response = await asStaff(t, staff, `/staff/reports/board/${target.id}`, {
        method: 'POST',
        body: new URLSearchParams({ summary: make(target), action: '조치함' }),
      });
      expect(response.status, name).toBe(400);
      expect(((await response.json()) as { error: string }).error, name).toMatch(reason);
    }
    expect(t.cardbox.store.cases.data.cases.find((c) => c.id === target.id)!.board).toBeUndefined();
  });
});
