import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insideQuad } from '../../src/reading/homography.ts';
import { chromiumFor, seriousViolations, serveWithBrowser } from '../helpers/browser.ts';
import { type TestCardbox, tempCardbox } from '../helpers/cardbox.ts';
import { uploadAndRead } from '../helpers/digitize.ts';
import { loginAs } from '../helpers/staff.ts';
import { Random } from '../synth/random.ts';
import { makeScene } from '../synth/scene.ts';
import { seededSerial } from '../synth/serials.ts';

/**
 * Issue 16: the digitize result page showed the overlay at the photo's full 4000 px (its inline size was
 * blocked by our own CSP), labels landed on the neighbouring cards and nothing said what the outlines mean.
 */
let t: TestCardbox;
let cookie: string;
let password: string;
let username: string;
let batch: string;
const available = chromiumFor('digitize overlay');

beforeAll(async () => {
  t = await tempCardbox();
  const staff = await loginAs(t, 'staff');
  ({ cookie, password } = staff);
  username = staff.user.username;
  const random = new Random(44);
  const scene = await makeScene(t.cardbox.layout, t.cardbox.profile, random, {
    width: 4000,
    height: 3000,
    cards: 6,
    tilt: 0.1,
    serials: Array.from({ length: 6 }, (_, i) => ({
      serial: seededSerial(random, i % 2 ? 'green' : 'yellow'),
      type: i % 2 ? ('green' as const) : ('yellow' as const),
    })),
  });
  await uploadAndRead(t, cookie, scene.jpeg);
  batch = t.cardbox.store.digitize.data.batches.at(-1)!.id;
}, 240_000);
afterAll(async () => t?.cleanup());

describe('the digitize result page', () => {
  it('puts each label inside its own card, and says what the outlines mean', async () => {
    const photo = t.cardbox.store.digitize.data.photos.at(-1)!;
    expect(photo.cards!.length).toBeGreaterThanOrEqual(5);
    const svg = await (
      await t.app.request(`/staff/digitize/photos/${photo.id}/overlay.svg`, { headers: { cookie } })
    ).text();
    const labels = [...svg.matchAll(/<text x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]+)<\/text>/g)];
    expect(labels.length).toBe(photo.cards!.length + (photo.unidentified?.length ?? 0));
    for (const card of photo.cards!) {
      const label = labels.find((l) => l[3]!.replace(/-/g, '') === card.serial);
      expect(label, card.serial).toBeDefined();
      const point: [number, number] = [Number(label![1]), Number(label![2])];
      expect(insideQuad(card.corners as [number, number][], point), card.serial).toBe(true);
      for (const other of photo.cards!.filter((c) => c !== card))
        expect(insideQuad(other.corners as [number, number][], point)).toBe(false);
    }
    const page = await (
      await t.app.request(`/staff/digitize/batches/${batch}`, { headers: { cookie } })
    ).text();
    expect(page).not.toMatch(/<img[^>]*class="overlay"[^>]*style=/);
    expect(page).toContain('사진 표시 설명');
    expect(page).toContain('일련번호를 읽지 못한 카드');
  });

  it.skipIf(!available)(
    'fits the page in a real browser at desktop and phone widths',
    async () => {
      const served = await serveWithBrowser(t);
      try {
        for (const viewport of [
          { width: 1366, height: 900 },
          { width: 390, height: 844 },
        ]) {
          const page = await served.browser.newPage({ viewport });
          await page.goto(`${served.base}/staff/login`);
          await page.fill('#username', username);
          await page.fill('#password', password);
          await page.press('#password', 'Enter');
          await page.waitForURL('**/staff**');
          await page.goto(`${served.base}/staff/digitize/batches/${batch}`);
          await page.waitForSelector('img.overlay');
          const { scroll, inner, image } = await page.evaluate(() => ({
            scroll: document.documentElement.scrollWidth,
            inner: window.innerWidth,
            image: (document.querySelector('img.overlay') as HTMLImageElement).getBoundingClientRect().width,
          }));
          expect(scroll).toBeLessThanOrEqual(inner);
          expect(image).toBeLessThanOrEqual(inner);
          expect(image).toBeGreaterThan(inner * 0.5);
          expect(await seriousViolations(page)).toEqual([]);
          await page.screenshot({ path: `/tmp/digitize-result-${viewport.width}.png`, fullPage: true });
          await page.close();
        }
      } finally {
        await served.close();
      }
    },
    120_000,
  );
});
