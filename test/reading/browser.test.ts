import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeOcr } from '../../src/reading/ocr.ts';
import {
  chromiumFor,
  PHONE,
  type ServedBrowser,
  seriousViolations,
  serveWithBrowser,
} from '../helpers/browser.ts';
import { type TestCardbox, tempCardbox } from '../helpers/cardbox.ts';
import { loginAs } from '../helpers/staff.ts';
import { Random } from '../synth/random.ts';
import { makeScene, type Scene } from '../synth/scene.ts';

const available = chromiumFor('digitize');

let t: TestCardbox;
let browser: Browser;
let base: string;
let served: ServedBrowser;
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
  served = await serveWithBrowser(t);
  ({ browser, base } = served);
});

afterAll(async () => {
  await served?.close();
  await closeOcr();
  await t?.cleanup();
});

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
      expect(await seriousViolations(page)).toEqual([]);
      expect(offsite).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
