import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeOcr } from '../../src/reading/ocr.ts';
import { IN_CI, type TestCardbox, tempCardbox } from '../helpers/cardbox.ts';
import { loginAs } from '../helpers/staff.ts';
import { Random } from '../synth/random.ts';
import { makeScene, type Scene } from '../synth/scene.ts';

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available && !IN_CI) console.warn(`\n*** SKIPPING digitize browser test: ${CHROMIUM} is missing ***\n`);
if (!available && IN_CI) throw new Error(`${CHROMIUM} is missing on CI: .ci/run must install chromium`);

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

let t: TestCardbox;
let browser: Browser;
let base: string;
let server: ReturnType<typeof serve>;
let cookie: string;
let scene: Scene;

beforeAll(async () => {
  if (!available) return;
  t = await tempCardbox();
  ({ cookie } = await loginAs(t, 'staff'));
  scene = await makeScene(t.cardbox.layout, t.cardbox.profile, new Random(51), {
    width: 2000,
    height: 1500,
    cards: 2,
  });
  server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
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
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  await closeOcr();
  await t?.cleanup();
});

async function axe(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE });
  const result = (await page.evaluate(() =>
    (window as unknown as { axe: { run: () => Promise<unknown> } }).axe.run(),
  )) as { violations: { id: string; impact: string; help: string }[] };
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help}`);
}

describe.skipIf(!available)('the digitize page on a phone (Debian chromium)', () => {
  it('uploads photos with a progress bar and shows each photo with its cards outlined', async () => {
    const context = await browser.newContext({ ...PHONE, bypassCSP: true });
    const [name, value] = cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: base }]);
    const page = await context.newPage();
    const offsite: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(base) && !r.url().startsWith('data:')) offsite.push(r.url());
    });
    try {
      await page.goto(`${base}/staff/digitize`);
      expect(await page.locator('h1').textContent()).toBe('상자 디지털화');
      expect(await page.locator('#photos').getAttribute('capture')).toBe('environment');
      await page.setInputFiles('#photos', [
        { name: 'box-1.jpg', mimeType: 'image/jpeg', buffer: scene.jpeg },
        { name: 'notes.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('not a photo') },
      ]);
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.click('#digitize-form button[type=submit]');
      await expect.poll(() => page.locator('#digitize-progress').isVisible()).toBe(true);
      await page.waitForURL(/\/staff\/digitize\/batches\/[0-9a-f-]+$/, { timeout: 60_000 });
      expect(await page.locator('.found').textContent()).toContain(`${scene.cards.length}장 찾음`);
      expect(await page.locator('[role=alert]').textContent()).toContain('사진 파일이 아닙니다');
      const overlay = page.locator('img.overlay');
      await expect
        .poll(() => overlay.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
        .toBeGreaterThan(0);
      expect(await axe(page)).toEqual([]);
      expect(offsite).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
