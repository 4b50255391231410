import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boardEntryId, publishToBoard } from '../../src/reports/board.ts';
import type { CaseRecord } from '../../src/store/records.ts';
import { BoardPublishForm } from '../../src/views/reports/BoardPublishForm.tsx';
import { type TestCardbox, tempCardbox } from '../helpers/cardbox.ts';
import { asStaff, loginAs } from '../helpers/staff.ts';
import { SECRET_EMAIL, SECRET_MESSAGE, SECRET_PHONE, storeSeededCases } from './seed.ts';

const NOW = new Date('2026-02-15T03:00:00Z');
let t: TestCardbox;
let cases: CaseRecord[];
let staff: string;
let viewer: string;

beforeAll(async () => {
  t = await tempCardbox({ now: () => NOW });
  cases = await storeSeededCases(
    t.cardbox,
    300,
    777,
    new Date('2025-06-01T00:00:00+09:00'),
    new Date('2026-02-10T00:00:00+09:00'),
  );
  staff = (await loginAs(t, 'staff', { name: '김담당' })).cookie;
  viewer = (await loginAs(t, 'viewer')).cookie;
});
afterAll(async () => t?.cleanup());

const published = () => t.cardbox.store.cases.data.cases.filter((c) => c.board && c.answeredAt);
const post = (cookie: string, path: string, body: Record<string, string>) =>
  asStaff(t, cookie, path, { method: 'POST', body: new URLSearchParams(body) });

async function html(path: string): Promise<string> {
  const response = await t.app.request(path);
  expect(response.status, path).toBe(200);
  return response.text();
}

describe('publishing to the results board', () => {
  it('publishes an answered case with a staff summary and takes it down again', async () => {
    // The newest answer, so the entry lands on the board's first page.
    const target = cases
      .filter((c) => c.answeredAt && !c.board)
      .sort((a, b) => b.answeredAt!.localeCompare(a.answeredAt!))[0]!;
    const response = await post(staff, `/staff/reports/board/${target.id}`, {
      summary: '어린이자료실 책상 높이가 맞지 않는다는 의견',
      action: '낮은 책상 4개를 새로 들였습니다.',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, board: { publishedBy: expect.any(String) } });
    const board = await html('/board?page=1');
    expect(board).toContain('낮은 책상 4개를 새로 들였습니다.');
    expect(target.history?.at(-1)?.what).toBe('결과 게시판에 게시');

    const down = await post(staff, `/staff/reports/board/${target.id}/unpublish`, { next: '/staff/cases' });
    expect(down.status).toBe(303);
    expect(down.headers.get('location')).toBe('/staff/cases');
    expect(await html('/board')).not.toContain('낮은 책상 4개를 새로 들였습니다.');
  });

  it('refuses text that could identify the visitor, and unanswered cases', async () => {
    const target = cases.find((c) => c.answeredAt && !c.board && c.serial)!;
    const tries: [Record<string, string>, string][] = [
      [{ summary: '연락처 010-2222-3333 으로 회신', action: '조치함' }, '휴대전화번호'],
      [{ summary: '요약', action: `${SECRET_EMAIL}로 답변` }, '이메일'],
      [{ summary: `카드 ${target.serial} 의견`, action: '조치함' }, '일련번호'],
      [{ summary: target.message.slice(0, 30), action: '조치함' }, '그대로 옮기지'],
      [{ summary: '', action: '조치함' }, '요약과 조치 내용'],
    ];
    for (const [body, reason] of tries) {
      const response = await post(staff, `/staff/reports/board/${target.id}`, body);
      expect(response.status, reason).toBe(400);
      expect(((await response.json()) as { error: string }).error).toContain(reason);
    }
    expect(t.cardbox.store.cases.data.cases.find((c) => c.id === target.id)!.board).toBeUndefined();
    const open = cases.find((c) => !c.answeredAt)!;
    await expect(
      publishToBoard(t.cardbox, open.id, { summary: '요약', action: '조치' }, 'x'),
    ).rejects.toThrow('답변을 마친 의견만');
    const forbidden = await post(viewer, `/staff/reports/board/${target.id}`, {
      summary: '요약',
      action: '조치',
    });
    expect(forbidden.status).toBe(403);
    expect((await t.app.request(`/staff/reports/board/${target.id}`, { method: 'POST' })).status).toBe(401);
  });
});

describe('the board box for the case page', () => {
  it('posts to the API and comes back, or explains a refusal in a page', async () => {
    const target = cases.find((c) => c.answeredAt && !c.board && c.serial)!;
    const box = String(
      await BoardPublishForm({ record: target, next: `/staff/cases/${target.id}`, canEdit: true }),
    );
    expect(box).toContain(`action="/staff/reports/board/${target.id}"`);
    expect(box).toContain('name="summary"');
    // Issue 16: an open case may be published as "처리 중" with its summary alone (no action field); a case
    // closed without an answer still may not.
    const open = cases.find((c) => !c.answeredAt && c.status !== 'closed')!;
    const openBox = String(await BoardPublishForm({ record: open, next: '/staff/cases', canEdit: true }));
    expect(openBox).toContain('name="summary"');
    expect(openBox).not.toContain('id="board-action"');
    const closed = cases.find((c) => !c.answeredAt && c.status === 'closed')!;
    expect(
      String(await BoardPublishForm({ record: closed, next: '/staff/cases', canEdit: true })),
    ).not.toContain('<form');

    const next = `/staff/cases/${target.id}`;
    const refused = await post(staff, `/staff/reports/board/${target.id}`, {
      summary: SECRET_PHONE,
      action: '조치',
      next,
    });
    expect(refused.status).toBe(400);
    const page = await refused.text();
    expect(page).toContain('휴대전화번호는 게시할 수 없습니다');
    expect(page).toContain(`href="${next}"`);
    const done = await post(staff, `/staff/reports/board/${target.id}`, {
      summary: '열람실 소음 관련 의견',
      action: '안내문 부착',
      next,
    });
    expect([done.status, done.headers.get('location')]).toEqual([303, next]);
    const after = String(await BoardPublishForm({ record: target, next, canEdit: true }));
    expect(after).toContain('게시판에서 내리기');
    expect(after).toContain('열람실 소음 관련 의견');
    await post(staff, `/staff/reports/board/${target.id}/unpublish`, { next });
  });
});

describe('the public board', () => {
  it('lists only published entries, newest answer first, 20 a page', async () => {
    const all = published().sort((a, b) => b.answeredAt!.localeCompare(a.answeredAt!));
    expect(all.length).toBeGreaterThan(25);
    const first = await html('/board');
    expect(first).toContain(`${all.length}건`);
    expect(first).toContain(`id="entry-${boardEntryId(all[0]!.id)}"`);
    expect(first).not.toContain(`id="entry-${boardEntryId(all[20]!.id)}"`);
    expect(first).toContain('rel="next"');
    const second = await html('/board?page=2');
    expect(second).toContain(`id="entry-${boardEntryId(all[20]!.id)}"`);
    const unpublished = cases.find((c) => c.answeredAt && !c.board)!;
    const pages = await Promise.all(
      Array.from({ length: Math.ceil(all.length / 20) }, (_, i) => html(`/board?page=${i + 1}`)),
    );
    expect(pages.join('')).not.toContain(boardEntryId(unpublished.id));
  });

  it('filters by service area and by month of the answer', async () => {
    const area = t.cardbox.profile.areas[1]!;
    const inArea = published().filter((c) => c.areas.includes(area.id));
    expect(await html(`/board?area=${area.id}`)).toContain(`${inArea.length}건`);
    const month = '2025-09';
    const inMonth = published().filter((c) => {
      const kst = new Date(Date.parse(c.answeredAt!) + 9 * 3600_000).toISOString();
      return kst.startsWith(month);
    });
    const page = await html(`/board?month=${month}`);
    expect(page).toContain(`${inMonth.length}건`);
    for (const c of inMonth.slice(0, 20)) expect(page).toContain(boardEntryId(c.id));
    const bad = await t.app.request('/board?month=2025-13');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('월은 2026-03 같은 형식');
  });

  it('offers a valid Atom feed of the newest entries', async () => {
    const response = await t.app.request('/board/feed.xml');
    expect(response.headers.get('content-type')).toContain('application/atom+xml');
    const xml = await response.text();
    expect(XMLValidator.validate(xml)).toBe(true);
    const feed = new XMLParser({ ignoreAttributes: false }).parse(xml).feed;
    expect(feed['@_xmlns']).toBe('http://www.w3.org/2005/Atom');
    const entries = [feed.entry].flat();
    expect(entries).toHaveLength(Math.min(50, published().length));
    const newest = published().sort((a, b) => b.answeredAt!.localeCompare(a.answeredAt!))[0]!;
    expect(entries[0].id).toContain(boardEntryId(newest.id));
    expect(entries[0].content['#text']).toContain(newest.board!.action);
    expect(entries[0].link['@_href']).toBe(`http://cards.test/board#entry-${boardEntryId(newest.id)}`);
  });
});

describe('nothing identifying reaches a public page or feed', () => {
  it('never shows message text, contact details, serials, case ids or staff accounts', async () => {
    const pages = ['/board', '/board/feed.xml', '/stats', '/stats?year=2025'];
    for (let month = 1; month <= 12; month++) pages.push(`/stats?year=2025&month=${month}`);
    for (const area of t.cardbox.profile.areas) pages.push(`/board?area=${area.id}`);
    for (let page = 2; page <= Math.ceil(published().length / 20); page++) pages.push(`/board?page=${page}`);
    const bodies = await Promise.all(pages.map((p) => html(p)));
    const forbidden = [SECRET_MESSAGE, SECRET_PHONE, SECRET_EMAIL, '삐걱거려서', 'seed', '김담당'];
    for (const c of t.cardbox.store.cases.data.cases) {
      if (c.serial) forbidden.push(c.serial);
      forbidden.push(c.id);
      if (c.contact) forbidden.push(c.contact.data.slice(0, 24));
    }
    for (const [i, body] of bodies.entries()) {
      const upper = body.toUpperCase();
      for (const secret of forbidden)
        expect(upper.includes(secret.toUpperCase()), `${secret} on ${pages[i]}`).toBe(false);
    }
  });
});
