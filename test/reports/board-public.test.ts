import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boardEntryId } from '../../src/reports/board.ts';
import type { CaseRecord } from '../../src/store/records.ts';
import { localDate } from '../../src/time/zone.ts';
import { type TestCardbox, tempCardbox } from '../helpers/cardbox.ts';
import { asStaff, loginAs } from '../helpers/staff.ts';
import { SECRET_MESSAGE, storeSeededCases } from './seed.ts';

// Issue 16, public side: the board shows open items as "처리 중" (only those staff chose to publish, with a
// staff-written summary only), labels entries by their kind instead of the card colour, has a keyword search
// and a count of similar feedback, and explains its Atom feed in words.

const NOW = new Date('2026-02-15T03:00:00Z');
let t: TestCardbox;
let cases: CaseRecord[];
let staff: string;
let open: CaseRecord;
const OPEN_SUMMARY = '주차장 안내 표지판이 보이지 않는다는 의견';

const post = (path: string, body: Record<string, string>) =>
  asStaff(t, staff, path, { method: 'POST', body: new URLSearchParams(body) });
async function html(path: string): Promise<string> {
  const response = await t.app.request(path);
  expect(response.status, path).toBe(200);
  return response.text();
}
const entryOf = (page: string, record: CaseRecord): string => {
  const id = boardEntryId(record.id);
  const match = new RegExp(`<li id="entry-${id}">[\\s\\S]*?</li>`).exec(page);
  expect(match, `entry of ${record.id}`).not.toBeNull();
  return match![0];
};

beforeAll(async () => {
  t = await tempCardbox({ now: () => NOW });
  cases = await storeSeededCases(
    t.cardbox,
    300,
    4242,
    new Date('2025-06-01T00:00:00+09:00'),
    new Date('2026-02-10T00:00:00+09:00'),
  );
  staff = (await loginAs(t, 'staff', { name: '김담당' })).cookie;
  open = cases.filter((c) => !c.answeredAt && c.status !== 'closed' && c.areas.length > 0).at(-1)!;
  await t.cardbox.store.cases.update(() => {
    open.classification = 'service';
  });
});
afterAll(async () => t?.cleanup());

describe('open items on the board', () => {
  it('staff may publish an open case with a summary only; it shows as 처리 중 without any action', async () => {
    const refused = await post(`/staff/reports/board/${open.id}`, {
      summary: OPEN_SUMMARY,
      action: '고쳤습니다',
    });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: string }).error).toContain('처리 중인 의견은 요약만');
    const done = await post(`/staff/reports/board/${open.id}`, { summary: OPEN_SUMMARY, action: '' });
    expect(done.status).toBe(200);

    const page = await html('/board');
    const entry = entryOf(page, open);
    expect(entry).toContain('<span class="board-status board-status-open">처리 중</span>');
    expect(entry).toContain(OPEN_SUMMARY);
    expect(entry).toContain('담당 부서에서 처리하고 있습니다');
    expect(entry).not.toContain('처리 결과:');
    expect(entry).not.toContain('처리일');
    expect(page).not.toContain(open.message);

    const onlyOpen = await html('/board?status=open');
    expect(onlyOpen).toContain('1건');
    expect(onlyOpen).toContain(OPEN_SUMMARY);
    expect(await html('/board?status=answered')).not.toContain(OPEN_SUMMARY);
    expect((await t.app.request('/board?status=maybe')).status).toBe(400);
  });

  it('once answered the same entry says 처리 완료; the feed marks open ones in their title', async () => {
    const xml = await (await t.app.request('/board/feed.xml')).text();
    expect(XMLValidator.validate(xml)).toBe(true);
    const entries = [new XMLParser().parse(xml).feed.entry].flat() as { title: string; content: string }[];
    const mine = entries.find((e) => e.title.includes(OPEN_SUMMARY))!;
    expect(mine.title).toBe(`[처리 중] [불편] ${OPEN_SUMMARY}`);
    expect(mine.content).toContain('상태: 처리 중 · 구분: 불편');
    expect(mine.content).not.toContain(open.message);

    await t.cardbox.store.cases.update(() => {
      open.answeredAt = NOW.toISOString();
      open.status = 'answered';
    });
    try {
      const entry = entryOf(await html('/board'), open);
      expect(entry).toContain('처리 완료');
      expect(entry).not.toContain('처리 중</span>');
      expect(entry).toContain(`<time datetime="${localDate(NOW)}">`);
    } finally {
      await t.cardbox.store.cases.update(() => {
        delete open.answeredAt;
        open.status = 'assigned';
      });
    }
  });
});

describe('entries are labelled by kind, not card colour', () => {
  it('shows the classification in words, or 칭찬·제안 / 불편·불만 while unclassified', async () => {
    const page = await html('/board');
    expect(page).not.toContain('그린카드 (칭찬·제안)');
    expect(page).not.toContain('옐로카드 (불편·불만)');
    const words = { praise: '칭찬', suggestion: '개선 제안', conduct: '불친절', service: '불편' } as const;
    const shown = cases
      .filter((c) => c.board && c.answeredAt)
      .sort((a, b) => b.answeredAt!.localeCompare(a.answeredAt!))
      .slice(0, 19);
    let checked = 0;
    for (const c of shown) {
      if (!page.includes(`entry-${boardEntryId(c.id)}"`)) continue;
      const label =
        c.classification && c.classification in words
          ? words[c.classification as keyof typeof words]
          : c.classification === 'impossible'
            ? '처리 불가 안내'
            : c.type === 'green'
              ? '칭찬·제안'
              : '불편·불만';
      expect(entryOf(page, c)).toContain(`<span class="board-kind">${label}</span>`);
      checked++;
    }
    expect(checked).toBeGreaterThan(10);
  });
});

describe('keyword search and similar feedback', () => {
  it('finds entries by words of their public text, all words required, never by the visitor message', async () => {
    const found = await html(`/board?q=${encodeURIComponent('주차장')}`);
    expect(found).toContain(`entry-${boardEntryId(open.id)}"`);
    expect(found).toMatch(/<p aria-live="polite">1건/);
    expect(found).toContain('value="주차장"');
    expect(await html(`/board?q=${encodeURIComponent('표지판 주차장')}`)).toMatch(
      /<p aria-live="polite">1건/,
    );
    expect(await html(`/board?q=${encodeURIComponent('주차장 없는낱말')}`)).toMatch(
      /<p aria-live="polite">0건/,
    );
    // Kind, area and department words are searched too.
    // 칭찬 (praise) and 칭찬·제안 (a green card not classified yet, or classified "no reply").
    const inKind = cases.filter(
      (c) =>
        c.board &&
        c.answeredAt &&
        (c.classification === 'praise' ||
          (c.type === 'green' && (!c.classification || c.classification === 'no-reply'))),
    ).length;
    expect(inKind).toBeGreaterThan(1);
    expect(await html(`/board?q=${encodeURIComponent('칭찬')}&status=answered`)).toMatch(
      new RegExp(`<p aria-live="polite">${inKind}건`),
    );
    // The visitor's own words are never searched: that would let anyone probe what a visitor wrote.
    for (const q of [SECRET_MESSAGE, '삐걱거려서'])
      expect(await html(`/board?q=${encodeURIComponent(q)}`)).toMatch(/<p aria-live="polite">0건/);
    expect((await t.app.request(`/board?q=${'가'.repeat(101)}`)).status).toBe(400);
  });

  it('counts the cases of the same kind and area received that year, published or not', async () => {
    const page = await html('/board');
    const kind = (c: CaseRecord) =>
      c.classification && c.classification !== 'no-reply' ? c.classification : `type-${c.type}`;
    let checked = 0;
    for (const c of cases.filter((c) => c.board && page.includes(`entry-${boardEntryId(c.id)}"`))) {
      const year = localDate(c.receivedAt).slice(0, 4);
      let count = 0;
      for (const other of t.cardbox.store.cases.data.cases) {
        if (localDate(other.receivedAt).slice(0, 4) !== year || kind(other) !== kind(c)) continue;
        const shared =
          c.areas.length === 0 ? other.areas.length === 0 : other.areas.some((a) => c.areas.includes(a));
        if (shared) count++;
      }
      expect(count).toBeGreaterThanOrEqual(1);
      expect(entryOf(page, c)).toMatch(
        new RegExp(
          `${year}년에 ${c.areas.length ? '같은 분야의' : '분야를 고르지 않은'} [^<]+ 의견이 ${count}건 접수되었습니다`,
        ),
      );
      expect(entryOf(page, c)).toContain(`href="/stats?year=${year}"`);
      checked++;
    }
    expect(checked).toBe(20);
  });
});

describe('the feed explained in words', () => {
  it('says what a feed is, how to follow it, and gives its full address to copy', async () => {
    const page = await html('/board');
    expect(page).toContain('피드는 새 글이 올라오면 알려 주는 주소입니다');
    expect(page).toContain('피드 리더');
    expect(page).toContain('<code class="feed-url">http://cards.test/board/feed.xml</code>');
    expect(page).toContain('href="/board/feed.xml"');
  });
});
