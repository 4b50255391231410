import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../src/store/records.ts';
import { chromiumFor, PHONE, type ServedBrowser, serveWithBrowser, signIn } from '../helpers/browser.ts';
import { type TestCardbox, tempCardbox } from '../helpers/cardbox.ts';
import { receiveTestCase } from '../helpers/cases.ts';
import { asStaff, loginAs } from '../helpers/staff.ts';

/** Issue 16: the inbox walked by keyboard (j/k, arrows, Enter, x), by a script the page works without. */
const available = chromiumFor('inbox keyboard');

let t: TestCardbox;
let served: ServedBrowser;
let browser: Browser;
let staff: Awaited<ReturnType<typeof loginAs>>;
const cases: CaseRecord[] = [];

beforeAll(async () => {
  t = await tempCardbox();
  for (const message of ['열람실이 춥습니다', '주차장이 좁아요', '책 반납함이 가득 찼어요']) {
    const { record } = await receiveTestCase(t, { areas: ['facility'], satisfaction: 2, message });
    cases.push(record);
  }
  staff = await loginAs(t, 'staff');
  if (!available) return;
  served = await serveWithBrowser(t);
  browser = served.browser;
});

afterAll(async () => {
  await served?.close();
  await t?.cleanup();
});

describe('the inbox page', () => {
  it("loads its script from /static under a policy that allows only that; other pages run only the menu's", async () => {
    const inbox = await asStaff(t, staff.cookie, '/staff/cases');
    const html = await inbox.text();
    expect(html).toContain('<script src="/static/inbox.js" defer=""></script>');
    expect(html).toMatch(/<div id="inbox-keys" class="keys" hidden="">.*단축키/s);
    expect(inbox.headers.get('content-security-policy')).toContain("script-src 'self'");
    // The case page has its own (public/case.js, the ready answers); the dashboard, say, only the menu's.
    const dashboard = await asStaff(t, staff.cookie, '/staff');
    const dashboardHtml = await dashboard.text();
    expect(dashboardHtml).not.toContain('/static/inbox.js');
    expect(dashboardHtml.match(/<script [^>]*>/g)).toEqual(['<script src="/static/menu.js" defer="">']);
    const script = await t.app.request('/static/inbox.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('javascript');
  });
});

/** The case id of the row holding the focus, or null. */
const focusedCase = (page: Page) =>
  page.evaluate(() => {
    const row = document.activeElement?.closest('#inbox-list tbody tr');
    return row?.querySelector('a')?.getAttribute('href')?.split('/').pop() ?? null;
  });

describe.skipIf(!available)('keyboard navigation in a real browser', () => {
  it('j/k and the arrows move a visible focus over the cases, x ticks one, Enter opens it; typing in the search box is left alone', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const blocked: string[] = [];
    try {
      const page = await context.newPage();
      page.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) blocked.push(m.text());
      });
      await signIn(page, served.base, staff.user.username, staff.password);
      await page.goto(`${served.base}/staff/cases?sort=newest`);
      expect(await page.isVisible('#inbox-keys')).toBe(true);
      const order = await page.$$eval('#inbox-list tbody tr a', (links) =>
        links.map((a) => a.getAttribute('href')!.split('/').pop()!),
      );
      expect(order).toHaveLength(3);

      await page.keyboard.press('j');
      expect(await focusedCase(page)).toBe(order[0]);
      await page.keyboard.press('j');
      expect(await focusedCase(page)).toBe(order[1]);
      await page.keyboard.press('ArrowDown');
      expect(await focusedCase(page)).toBe(order[2]);
      await page.keyboard.press('j'); // the last stays
      expect(await focusedCase(page)).toBe(order[2]);
      await page.keyboard.press('k');
      await page.keyboard.press('ArrowUp');
      expect(await focusedCase(page)).toBe(order[0]);
      // The row with the focus is marked as a whole, not only its link.
      const marked = await page.$eval('#inbox-list tbody tr:focus-within', (row) => ({
        shadow: getComputedStyle(row).boxShadow,
        background: getComputedStyle(row).backgroundColor,
      }));
      expect(marked.shadow).not.toBe('none');
      expect(marked.background).not.toBe('rgba(0, 0, 0, 0)');

      await page.keyboard.press('x');
      const box = (id: string) => page.locator(`#inbox-list input[value="${id}"]`);
      expect(await box(order[0]!).isChecked()).toBe(true);
      await page.keyboard.press('j');
      await page.keyboard.press('x');
      expect(await box(order[1]!).isChecked()).toBe(true);
      await page.keyboard.press('x');
      expect(await box(order[1]!).isChecked()).toBe(false);
      // Ticked by keyboard, sent by the bulk form like a click.
      expect(
        await page.evaluate(() =>
          new FormData(document.getElementById('bulk') as HTMLFormElement).getAll('ids'),
        ),
      ).toEqual([order[0]]);

      // In the search box the letters are letters.
      await page.focus('#f-q');
      await page.keyboard.type('jkx 주차장');
      expect(await page.inputValue('#f-q')).toBe('jkx 주차장');
      expect(await focusedCase(page)).toBeNull();
      expect(await box(order[1]!).isChecked()).toBe(false);

      // Back to the list, Enter opens the case with the focus.
      await page.locator('#f-q').blur();
      await page.keyboard.press('j');
      await page.keyboard.press('j');
      expect(await focusedCase(page)).toBe(order[1]);
      await page.keyboard.press('Enter');
      await page.waitForURL(`**/staff/cases/${order[1]}`);
      expect(await page.textContent('h1')).toContain('의견');
      expect(blocked).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the shortcuts can be turned off and stay off; without JavaScript the page is the same links and forms', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    try {
      const page = await context.newPage();
      await signIn(page, served.base, staff.user.username, staff.password);
      await page.goto(`${served.base}/staff/cases`);
      await page.uncheck('#inbox-keys-on');
      await page.reload();
      expect(await page.isChecked('#inbox-keys-on')).toBe(false);
      await page.keyboard.press('j');
      expect(await focusedCase(page)).toBeNull();
      await page.check('#inbox-keys-on');
      await page.keyboard.press('j');
      expect(await focusedCase(page)).not.toBeNull();
    } finally {
      await context.close();
    }
    // On a touch screen without a keyboard the single-letter keys are not offered.
    const touch = await browser.newContext(PHONE);
    try {
      const page = await touch.newPage();
      await signIn(page, served.base, staff.user.username, staff.password);
      await page.goto(`${served.base}/staff/cases`);
      expect(await page.isVisible('#inbox-keys')).toBe(false);
    } finally {
      await touch.close();
    }
    const plain = await browser.newContext({
      viewport: { width: 390, height: 844 },
      javaScriptEnabled: false,
    });
    try {
      const page = await plain.newPage();
      await signIn(page, served.base, staff.user.username, staff.password);
      await page.goto(`${served.base}/staff/cases`);
      // No promise of shortcuts that would not work; every case still a link, the bulk form still posts.
      expect(await page.isVisible('#inbox-keys')).toBe(false);
      await page.check(`#inbox-list input[value="${cases[2]!.id}"]`);
      await page.selectOption('#bulk-classification', 'suggestion');
      await page.click('text=선택한 의견에 적용');
      await page.waitForURL('**/staff/cases?**bulk=1**');
      expect((await t.cardbox.cases.get(cases[2]!.id))?.classification).toBe('suggestion');
      await page.click(`#inbox-list a[href="/staff/cases/${cases[0]!.id}"]`);
      await page.waitForURL(`**/staff/cases/${cases[0]!.id}`);
    } finally {
      await plain.close();
    }
  });
});
