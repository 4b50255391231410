import { XMLValidator } from 'fast-xml-parser';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digitizeQueue } from '../../src/jobs/digitize.ts';
import type { CaseRecord } from '../../src/store/records.ts';
import { cleanText } from '../../src/web/clean-text.ts';
import { type TestCardbox, tempCardbox } from '../helpers/cardbox.ts';
import { asStaff, loginAs } from '../helpers/staff.ts';
import { storeSeededCases } from '../reports/seed.ts';
import { printedSerials, Visitor } from '../visitor/helpers.ts';

/** Every character class a visitor or staff member must not be able to store, by name. */
const HOSTILE: [string, string][] = [
  ['NUL', '\u0000'],
  ['vertical tab', '\u000B'],
  ['form feed', '\u000C'],
  ['escape', '\u001B'],
  ['DEL', '\u007F'],
  ['C1 NEL', '\u0085'],
  ['C1 CSI', '\u009B'],
  ['LRE', '\u202A'],
  ['RLE', '\u202B'],
  ['PDF', '\u202C'],
  ['LRO', '\u202D'],
  ['RLO', '\u202E'],
  ['LRI', '\u2066'],
  ['RLI', '\u2067'],
  ['FSI', '\u2068'],
  ['PDI', '\u2069'],
  ['zero-width space', '\u200B'],
  ['zero-width non-joiner', '\u200C'],
  ['zero-width joiner', '\u200D'],
  ['byte-order mark', '\uFEFF'],
];
const ALL = HOSTILE.map(([, char]) => char).join('');
/** Matches any of them, or a carriage return (line breaks are stored as LF). */
const ANY = new RegExp(
  `[${HOSTILE.map(([, c]) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}\\r]`,
);

const NOW = new Date('2026-02-15T03:00:00Z');
let t: TestCardbox;
let answered: CaseRecord[];
let staff: string;
let admin: string;

beforeAll(async () => {
  t = await tempCardbox({ now: () => NOW });
  const seeded = await storeSeededCases(
    t.cardbox,
    40,
    15,
    new Date('2025-12-01T00:00:00+09:00'),
    new Date('2026-02-10T00:00:00+09:00'),
  );
  answered = seeded.filter((c) => c.answeredAt && !c.board);
  staff = (await loginAs(t, 'staff')).cookie;
  admin = (await loginAs(t, 'admin')).cookie;
});
afterAll(async () => t?.cleanup());

describe('the text cleaner', () => {
  it.each(HOSTILE)('removes %s', (_, char) => {
    expect(cleanText(`가${char}나`)).toBe('가나');
  });

  it('keeps tabs, line breaks (CR LF made LF), Korean, emoji and ordinary punctuation', () => {
    expect(cleanText('첫 줄\r\n둘째\t줄\n셋째 👍 — “따옴표” & <태그>\r넷째\u2028다섯째')).toBe(
      '첫 줄\n둘째\t줄\n셋째 👍 — “따옴표” & <태그>\n넷째\n다섯째',
    );
  });
});

describe('hostile characters in entered text', () => {
  it('keeps a vertical tab in a board summary out of the Atom feed, which stays valid XML', async () => {
    const target = answered[0]!;
    const response = await asStaff(t, staff, `/staff/reports/board/${target.id}`, {
      method: 'POST',
      body: new URLSearchParams({ summary: '열람실\u000B소음 관련 의견', action: '안내문\u0000 부착' }),
    });
    expect(response.status).toBe(200);
    const stored = t.cardbox.store.cases.data.cases.find((c) => c.id === target.id)!;
    expect(stored.board).toMatchObject({ summary: '열람실소음 관련 의견', action: '안내문 부착' });
    const feed = await (await t.app.request('/board/feed.xml')).text();
    expect(feed).toContain('열람실소음 관련 의견');
    expect(XMLValidator.validate(feed)).toBe(true);
  });

  it('keeps the feed valid XML for a summary stored before text was cleaned', async () => {
    const target = answered[2]!;
    await t.cardbox.store.cases.update((data) => {
      const record = data.cases.find((c) => c.id === target.id)!;
      record.board = {
        summary: '옛 요약\u000B\u0000',
        action: '조치\u202E',
        publishedAt: NOW.toISOString(),
        publishedBy: 'x',
      };
    });
    const feed = await (await t.app.request('/board/feed.xml')).text();
    expect(feed).toContain('옛 요약');
    expect(XMLValidator.validate(feed)).toBe(true);
    expect(await (await t.app.request('/board')).text()).not.toMatch(ANY);
  });

  it('keeps a field named __proto__ a field', async () => {
    const target = answered[3]!;
    const response = await asStaff(t, staff, `/staff/reports/board/${target.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"__proto__": {"summary": "상속된 요약"}, "action": "조치"}',
    });
    expect(response.status).toBe(400);
  });

  it('cleans a board summary sent as JSON', async () => {
    const target = answered[1]!;
    const response = await asStaff(t, staff, `/staff/reports/board/${target.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ summary: `요약${ALL}입니다`, action: `조치\u202E함` }),
    });
    expect(response.status).toBe(200);
    const stored = t.cardbox.store.cases.data.cases.find((c) => c.id === target.id)!;
    expect(stored.board).toMatchObject({ summary: '요약입니다', action: '조치함' });
    expect(XMLValidator.validate(await (await t.app.request('/board/feed.xml')).text())).toBe(true);
  });

  it("cleans a visitor's message, keeping its line breaks", async () => {
    const [serial] = await printedSerials(t, 'yellow');
    const sent = await new Visitor(t).submit(`/c/${serial}`, {
      message: `화장실이\r\n더럽습니다${ALL}\t끝`,
    });
    expect(sent.status).toBe(303);
    const record = (await t.cardbox.cases.getBySerial(serial!))!;
    expect(record.message).toBe('화장실이\n더럽습니다\t끝');
  });

  it('cleans a case staff enter, and a staff account', async () => {
    const entered = await asStaff(t, staff, '/staff/cases', {
      method: 'POST',
      body: new URLSearchParams({ channel: 'phone', type: 'yellow', message: `전화 민원${ALL} 내용` }),
    });
    expect(entered.status).toBe(303);
    const id = entered.headers.get('location')!.split('/').pop()!;
    expect(t.cardbox.store.cases.data.cases.find((c) => c.id === id)!.message).toBe('전화 민원 내용');

    const created = await asStaff(t, admin, '/staff/users', {
      method: 'POST',
      body: new URLSearchParams({
        username: 'hong',
        name: `홍\u202E길동${ALL}`,
        role: 'staff',
        department: 'admin',
        phone: '258-2518',
      }),
    });
    expect(created.status).toBe(201);
    const user = t.cardbox.store.auth.data.users.find((u) => u.username === 'hong')!;
    expect(user.name).toBe('홍길동');
  });

  it("cleans an uploaded photo's file name", async () => {
    const jpeg = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#ffffff' } })
      .jpeg()
      .toBuffer();
    const form = new FormData();
    form.append(
      'photos',
      new File([new Uint8Array(jpeg)], `상자\u202Egpj.exe\u200B\u2066\uFEFF.jpg`, { type: 'image/jpeg' }),
    );
    const response = await asStaff(t, staff, '/staff/digitize/photos', {
      method: 'POST',
      body: form,
      headers: { accept: 'application/json' },
    });
    expect(response.status, await response.clone().text()).toBe(202);
    await digitizeQueue(t.cardbox).drain();
    expect(t.cardbox.store.digitize.data.photos.map((p) => p.file)).toEqual(['상자gpj.exe.jpg']);
  });

  it('leaves none of them anywhere in the stored cases', () => {
    const text = JSON.stringify(t.cardbox.store.cases.data.cases.map((c) => [c.message, c.board]));
    expect(JSON.parse(text).flat(2).join(' ')).not.toMatch(ANY);
  });
});
