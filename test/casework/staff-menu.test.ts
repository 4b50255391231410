import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chromiumFor,
  PHONE,
  type ServedBrowser,
  seriousViolations,
  serveWithBrowser,
  signIn,
} from '../helpers/browser.ts';
import { type TestCardbox, tempCardbox } from '../helpers/cardbox.ts';
import { loginAs } from '../helpers/staff.ts';

const enabled = chromiumFor('staff menu');
let t: TestCardbox;
let served: ServedBrowser;
let admin: { username: string; password: string };

beforeAll(async () => {
  if (!enabled) return;
  t = await tempCardbox();
  const { user, password } = await loginAs(t, 'admin');
  admin = { username: user.username, password };
  served = await serveWithBrowser(t);
}, 60_000);
afterAll(async () => {
  await served?.close();
  await t?.cleanup();
});

const links = (page: Page) => page.locator('nav[aria-label="직원 메뉴"] a');
const visibleLinks = async (page: Page) =>
  (await Promise.all((await links(page).all()).map((a) => a.isVisible()))).filter(Boolean).length;

describe.skipIf(!enabled)('the staff menu on a phone (issue 16)', () => {
  it('folds behind a 메뉴 button at 390 px: opened and closed by keyboard, told to screen readers, axe clean', async () => {
    const context = await served.browser.newContext(PHONE);
    const page = await context.newPage();
    try {
      await signIn(page, served.base, admin.username, admin.password);
      const button = page.getByRole('button', { name: '메뉴' });
      expect(await button.isVisible()).toBe(true);
      expect(await button.getAttribute('aria-expanded')).toBe('false');
      expect(await button.getAttribute('aria-controls')).toBe('staff-menu');
      expect(await visibleLinks(page)).toBe(0);
      expect(await page.getByRole('button', { name: '로그아웃' }).isVisible()).toBe(false);
      // Folded, the header is one line: the page's title is on the first screen, not under eight links.
      const header = await page.locator('.staff-header').boundingBox();
      expect(header!.height).toBeLessThan(130);
      expect(await seriousViolations(page)).toEqual([]);

      await button.focus();
      await page.keyboard.press('Enter');
      expect(await button.getAttribute('aria-expanded')).toBe('true');
      expect(await visibleLinks(page)).toBe(await links(page).count());
      expect(await page.getByRole('button', { name: '로그아웃' }).isVisible()).toBe(true);
      expect(await seriousViolations(page)).toEqual([]);
      // Tab goes on into the menu; Escape closes it and puts the focus back on the button.
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('대시보드');
      await page.keyboard.press('Escape');
      expect(await button.getAttribute('aria-expanded')).toBe('false');
      expect(await visibleLinks(page)).toBe(0);
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('menu-toggle');
      await page.keyboard.press('Space');
      expect(await button.getAttribute('aria-expanded')).toBe('true');
      await page.getByRole('link', { name: '접수함', exact: true }).click();
      await page.waitForURL('**/staff/cases');
      // A new page starts folded, its own item marked.
      expect(await page.getByRole('button', { name: '메뉴' }).getAttribute('aria-expanded')).toBe('false');
      expect(await page.locator('nav a[aria-current="page"]').textContent()).toBe('접수함');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('shows the whole menu without JavaScript on a phone, and on a desktop with it, no button', async () => {
    for (const options of [
      { ...PHONE, javaScriptEnabled: false },
      { viewport: { width: 1366, height: 900 } },
    ]) {
      const context = await served.browser.newContext(options);
      const page = await context.newPage();
      try {
        await signIn(page, served.base, admin.username, admin.password);
        expect(await page.locator('#menu-toggle').isVisible()).toBe(false);
        expect(await visibleLinks(page)).toBe(await links(page).count());
        expect(await links(page).count()).toBe(8);
        expect(await page.getByRole('button', { name: '로그아웃' }).isVisible()).toBe(true);
      } finally {
        await context.close();
      }
    }
  }, 60_000);
});
