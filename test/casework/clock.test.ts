import { afterEach, describe, expect, it } from 'vitest';
import { classifyCase, recomputeDueDates } from '../../src/cases/classify.ts';
import { receiveCase } from '../../src/cases/intake.ts';
import type { Channel } from '../../src/store/records.ts';
import { type TestCardbox, tempCardbox } from '../helpers/cardbox.ts';

let t: TestCardbox;
afterEach(() => t.cleanup());

const kst = (local: string) => new Date(`${local}+09:00`);

async function caseAt(received: string, channel: Channel, type: 'green' | 'yellow' = 'yellow') {
  const { record } = await receiveCase(t.cardbox, {
    serial: null,
    type,
    channel,
    receivedAt: kst(received),
    areas: [],
    satisfaction: null,
    message: '의견',
    replyWanted: true,
    consent: false,
  });
  return record;
}

describe('the charter clock on cases', () => {
  it('counts 7 working days across 추석 2026 and the substitute holiday for 개천절', async () => {
    t = await tempCardbox();
    // Wed 23 Sep; 24–26 추석, 27 Sunday, 3 Oct 개천절 (Sat) with its substitute Mon 5 Oct.
    const record = await caseAt('2026-09-23T10:00:00', 'post');
    expect(record.rule).toBe('first-contact');
    expect(record.dueAt).toBe(kst('2026-10-08T00:00:00').toISOString());
  });

  it('counts 7 working days across 설날 2027 and its substitute holiday', async () => {
    t = await tempCardbox();
    // Fri 5 Feb; 6–8 설날 (Sat–Mon), 9 Feb 대체공휴일 → working days start Wed 10 Feb.
    const record = await caseAt('2027-02-05T17:30:00', 'fax');
    expect(record.dueAt).toBe(kst('2027-02-19T00:00:00').toISOString());
  });

  it('counts calendar days straight through holidays for the 3-day dissatisfaction promise', async () => {
    t = await tempCardbox();
    const record = await caseAt('2026-09-23T23:59:00', 'cardbox');
    expect(record.rule).toBe('dissatisfaction');
    expect(record.dueAt).toBe(kst('2026-09-27T00:00:00').toISOString());
  });

  it('moves the clock when staff classify, from the moment of receipt', async () => {
    t = await tempCardbox();
    const record = await caseAt('2026-09-22T09:00:00', 'cardbox');
    const suggestion = await classifyCase(t.cardbox, record.id, 'tester', { classification: 'suggestion' });
    expect(suggestion.rule).toBe('suggestion');
    expect(suggestion.dueAt).toBe(kst('2026-09-30T00:00:00').toISOString());
    await expect(
      classifyCase(t.cardbox, record.id, 'tester', { classification: 'impossible' }),
    ).rejects.toThrow(/사유와 불복/);
    const impossible = await classifyCase(t.cardbox, record.id, 'tester', {
      classification: 'impossible',
      impossibleReason: '도서관법 시행령 제5조',
      impossibleAppeal: '행정심판 청구 (90일 이내)',
    });
    expect(impossible.rule).toBe('impossible');
    expect(impossible.impossible?.appeal).toContain('행정심판');
    const phone = await caseAt('2026-09-22T09:00:00', 'phone');
    const conduct = await classifyCase(t.cardbox, phone.id, 'tester', { classification: 'conduct' });
    expect(conduct.rule).toBe('phone-unkindness');
    expect(conduct.dueAt).toBe(kst('2026-09-24T00:00:00').toISOString());
    const none = await classifyCase(t.cardbox, phone.id, 'tester', { classification: 'no-reply' });
    expect(none.status).toBe('closed');
  });

  it('follows rule changes in the profile', async () => {
    t = await tempCardbox();
    const record = await caseAt('2026-09-23T10:00:00', 'cardbox');
    expect(record.dueAt).toBe(kst('2026-09-27T00:00:00').toISOString());
    // The institution changes the dissatisfaction promise to 3 working days.
    const rule = t.cardbox.profile.rules.find((r) => r.id === 'dissatisfaction')!;
    t.cardbox.profile = {
      ...t.cardbox.profile,
      rules: t.cardbox.profile.rules.map((r) => (r === rule ? { ...r, unit: 'working-days' as const } : r)),
    };
    expect(await recomputeDueDates(t.cardbox)).toBe(1);
    // 24–26 추석, 27 Sunday: Mon 28, Tue 29, Wed 30.
    expect((await t.cardbox.cases.list())[0]!.dueAt).toBe(kst('2026-10-01T00:00:00').toISOString());
  });
});
