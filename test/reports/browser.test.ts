import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setMilestone } from '../../src/reports/deadlines.ts';
import { chromiumFor, type ServedBrowser, seriousViolations, serveWithBrowser } from '../helpers/browser.ts';
import { type TestCardbox, tempCardbox } from '../helpers/cardbox.ts';
import { loginAs } from '../helpers/staff.ts';
import { storeSeededCases } from './seed.ts';

const available = chromiumFor('report');

let t: TestCardbox;
let browser: Browser;
let base: string;
let served: ServedBrowser;
let cookie: string;

beforeAll(async () => {
  if (!available) return;
  t = await tempCardbox({ now: () => new Date('2026-02-15T03:00:00Z') });
  await storeSeededCases(
    t.cardbox,
    200,
    9,
    new Date('2025-01-01T00:00:00+09:00'),
    new Date('2026-02-01T00:00:00+09:00'),
  );
  cookie = (await loginAs(t, 'viewer')).cookie;
  await setMilestone(t.cardbox, { year: 2025, kind: 'results', done: true }, 'test');
  served = await serveWithBrowser(t);
  ({ browser, base } = served);
});

afterAll(async () => {
  await served?.close();
  await t?.cleanup();
});

const PAGES = [
  '/board',
  '/board?page=2',
  '/stats?year=2025',
  '/staff/stats?from=2025-01-01&to=2025-12-31',
  '/staff/reports/annual/2025',
  '/stats/annual/2025',
];

describe.skipIf(!available)('report pages in a real browser', () => {
  it('have no serious accessibility violations, load nothing from elsewhere and break no CSP rule', async () => {
    for (const path of PAGES) {
      const context = await browser.newContext({
        viewport: { width: 390, height: 844 },
        javaScriptEnabled: false,
      });
      const [name, value] = cookie.split('=') as [string, string];
      await context.addCookies([{ name, value, url: base }]);
      const page = await context.newPage();
      const requests: string[] = [];
      const complaints: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      page.on('console', (m) => {
        if (/Content Security Policy|Refused to/i.test(m.text())) complaints.push(m.text());
      });
      const response = await page.goto(`${base}${path}`);
      expect(response?.status(), path).toBe(200);
      expect(
        requests.every((url) => url.startsWith(base)),
        path,
      ).toBe(true);
      expect(complaints, path).toEqual([]);
      await context.close();

      // axe runs as script: a second visit to the same page, with JavaScript on (the page's CSP still applies).
      const checker = await browser.newContext({ viewport: { width: 390, height: 844 } });
      await checker.addCookies([{ name, value, url: base }]);
      const axePage = await checker.newPage();
      await axePage.goto(`${base}${path}`);
      expect(await seriousViolations(axePage), path).toEqual([]);
      await checker.close();
    }
  });

  it('reflow at 200% zoom on a narrow screen: no sideways scrolling of the page', async () => {
    // 320 CSS px wide: a 640 px window at 200% zoom, the WCAG 1.4.10 reflow case.
    for (const path of ['/board', '/stats?year=2025']) {
      const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
      const page = await context.newPage();
      await page.goto(`${base}${path}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
      if (path.startsWith('/stats')) {
        const chart = await page.locator('svg.chart').first().boundingBox();
        expect(chart!.width).toBeLessThanOrEqual(320);
      }
      await context.close();
    }
  });
});
