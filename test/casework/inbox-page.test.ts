import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isOpen } from '../../src/cases/classify.ts';
import { INBOX_PAGE_SIZE, inboxPage, listCases } from '../../src/cases/queries.ts';
import { type TestCardbox, tempCardbox } from '../helpers/cardbox.ts';
import { seedCases } from '../reports/seed.ts';

/**
 * The inbox reads one page (issue 18: at 10,000 cases an institution's inbox read every case to show a hundred):
 * every page, filtered or not, holds exactly the cases the whole ordered list has there.
 */
describe('the inbox, a page at a time', () => {
  let t: TestCardbox;
  beforeAll(async () => {
    t = await tempCardbox({ now: () => new Date('2026-11-30T03:00:00Z') });
    const cases = seedCases(
      t.cardbox,
      1500,
      18,
      new Date('2025-06-01T00:00:00Z'),
      new Date('2026-11-30T00:00:00Z'),
    );
    for (const record of cases) await t.cardbox.cases.insert(record);
  }, 120_000);
  afterAll(async () => {
    await t?.cleanup();
  });

  it('gives every page as the whole list orders it, the open cases first, and the count of all', async () => {
    const whole = await listCases(t.cardbox, {});
    const open = whole.filter(isOpen).length;
    // The seed leaves more than a page open, so the first page comes from the open cases alone.
    expect(open).toBeGreaterThan(INBOX_PAGE_SIZE);
    const pages = Math.ceil(whole.length / INBOX_PAGE_SIZE);
    for (const page of [1, 2, Math.ceil(open / INBOX_PAGE_SIZE), pages, pages + 5, 0]) {
      const listed = await inboxPage(t.cardbox, {}, page);
      const at = Math.min(Math.max(1, page), pages);
      expect(listed.page).toBe(at);
      expect(listed.total).toBe(whole.length);
      expect(listed.cases.map((c) => c.id)).toEqual(
        whole.slice((at - 1) * INBOX_PAGE_SIZE, at * INBOX_PAGE_SIZE).map((c) => c.id),
      );
    }
    const filtered = await listCases(t.cardbox, { type: 'green', sort: 'newest' });
    const page2 = await inboxPage(t.cardbox, { type: 'green', sort: 'newest' }, 2);
    expect(page2.total).toBe(filtered.length);
    expect(page2.cases.map((c) => c.id)).toEqual(
      filtered.slice(INBOX_PAGE_SIZE, 2 * INBOX_PAGE_SIZE).map((c) => c.id),
    );
  });
});
