import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { type Browser, chromium, type Page } from 'playwright-core';
import { IN_CI, type TestCardbox } from './cardbox.ts';

/** Debian's chromium, driven by playwright-core: no browser is downloaded. */
export const CHROMIUM = '/usr/bin/chromium';

export const PHONE = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};

/**
 * Whether the browser tests of `suite` can run: without chromium they are skipped with a loud message on a
 * developer's machine, and fail under CI, where `.ci/run` must have installed it.
 */
export function chromiumFor(suite: string): boolean {
  const available = existsSync(CHROMIUM);
  if (!available && IN_CI) throw new Error(`${CHROMIUM} is missing on CI: .ci/run must install chromium`);
  if (!available)
    console.warn(
      `\n*** SKIPPING ${suite} browser tests: ${CHROMIUM} is missing (apt-get install chromium) ***\n`,
    );
  return available;
}

export interface ServedBrowser {
  browser: Browser;
  /** The app's address on loopback, e.g. http://127.0.0.1:40123. */
  base: string;
  close: () => Promise<void>;
}

/** Serves the test Cardbox's real app (or a deployment's) on a free loopback port and starts headless chromium. */
export async function serveWithBrowser(t: {
  app: Pick<TestCardbox['app'], 'fetch'> | { fetch: (request: Request) => Promise<Response> };
}): Promise<ServedBrowser> {
  const server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  return {
    browser,
    base,
    close: async () => {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core on the page as it is: serious and critical violations, as "rule (impact): help at targets".
 * axe is evaluated through the DevTools protocol, which the pages' strict CSP (script-src 'none') does not
 * govern, so the page is checked under its real headers.
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const result = (await page.evaluate(() =>
    (
      window as unknown as { axe: { run: (context: Document, options: unknown) => Promise<unknown> } }
    ).axe.run(document, {
      resultTypes: ['violations'],
    }),
  )) as { violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] };
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/**
 * A link of the staff menu, the menu opened first when it is folded behind its 메뉴 button (a phone's width):
 * a person has to open it to see the links, so the stories do too.
 */
export async function menuLink(page: Page, name: string) {
  const toggle = page.locator('#menu-toggle');
  if ((await toggle.isVisible()) && (await toggle.getAttribute('aria-expanded')) === 'false')
    await toggle.click();
  return page.locator('nav[aria-label="직원 메뉴"]').getByRole('link', { name, exact: true });
}

/** Signs in through the real login form and waits for the staff page it leads to. */
export async function signIn(page: Page, base: string, username: string, password: string): Promise<void> {
  await page.goto(`${base}/staff/login`);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.press('#password', 'Enter');
  await page.waitForURL((url) => url.pathname.startsWith('/staff') && url.pathname !== '/staff/login');
}
