import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueSerials } from '../../src/cards/registry.ts';
import { receiveCase } from '../../src/cases/intake.ts';
import { processOutbox } from '../../src/delivery/outbox.ts';
import { type SmsMessage, useTransports } from '../../src/delivery/transports.ts';
import { chromiumFor, type ServedBrowser, seriousViolations, serveWithBrowser } from '../helpers/browser.ts';
import { type TestCardbox, tempCardbox } from '../helpers/cardbox.ts';
import { loginAs } from '../helpers/staff.ts';

const available = chromiumFor('casework');

let t: TestCardbox;
let browser: Browser;
let base: string;
let served: ServedBrowser;
const texts: SmsMessage[] = [];

beforeAll(async () => {
  if (!available) return;
  t = await tempCardbox();
  useTransports(t.cardbox, { sms: async (m) => void texts.push(m) });
  served = await serveWithBrowser(t);
  ({ browser, base } = served);
});

afterAll(async () => {
  await served?.close();
  await t?.cleanup();
});

async function png(text: string, width: number, height: number): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#fffbe6"/><text x="12" y="${height * 0.65}" font-size="${height * 0.45}">${text}</text></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

describe.skipIf(!available)('review flow in a real browser', () => {
  it('logs in, corrects the OCR draft by keyboard, classifies, assigns and publishes the notice', async () => {
    const { serials } = await issueSerials(
      t.cardbox.registry,
      { type: 'yellow', count: 1, origin: 'print', createdBy: 'test', format: 'pdf' },
      new Date(),
    );
    const files = t.cardbox.store.files;
    const { record } = await receiveCase(t.cardbox, {
      serial: serials[0]!,
      type: 'yellow',
      channel: 'cardbox',
      areas: ['digital'],
      satisfaction: 2,
      message: '컴퓨터가 자주 멈줘요',
      replyWanted: true,
      consent: true,
      reading: {
        photoIds: ['p1'],
        image: (await files.putByHash('cards', await png('CARD', 640, 400), '.png')).path,
        checks: { 'area.digital': true, 'area.general': null, 'reply.wanted': true, 'consent.privacy': true },
        checkConfidence: {
          'area.digital': 0.93,
          'area.general': 0.5,
          'reply.wanted': 0.9,
          'consent.privacy': 0.9,
        },
        fields: {
          message: {
            text: '컴퓨터가 자주 멈줘요',
            confidence: 0.38,
            crop: (await files.putByHash('crops', await png('컴퓨터가 자주 멈춰요', 520, 70), '.png')).path,
          },
          phone: {
            text: '010-4321-8765',
            confidence: 0.88,
            crop: (await files.putByHash('crops', await png('010-4321-8765', 300, 50), '.png')).path,
          },
        },
        needsReview: ['message', 'area.general'],
        score: 0.6,
      },
    });
    const officer = await loginAs(t, 'staff', { name: '윤사서', department: 'library', phone: '258-2512' });

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${base}/staff/cases/${record.id}`);
    expect(new URL(page.url()).pathname).toBe('/staff/login');
    await page.fill('#username', officer.user.username);
    await page.fill('#password', officer.password);
    await page.press('#password', 'Enter');
    await page.waitForURL(`**/staff/cases/${record.id}`);

    // The doubtful OCR draft has the focus; the crops are real images beside it.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('field-message');
    const cropWidth = await page.$eval(
      '.review-row.doubt img',
      (img) => (img as HTMLImageElement).naturalWidth,
    );
    expect(cropWidth).toBe(520);
    expect(await page.textContent('.review')).toContain('판독 불확실');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('컴퓨터가 자주 멈춰요');
    await page.keyboard.press('Tab');
    // Enter does not save while a box is undecided (it would have become "not ticked" unseen): the browser
    // holds the form and staff decide the box from the card, by keyboard too.
    await page.keyboard.press('Enter');
    expect(await page.textContent('h2#reading')).toContain('확인 필요');
    expect(t.cardbox.store.cases.data.cases[0]!.reading?.needsReview).not.toContain('confirmed');
    await page.focus('input[name="decide.area.general"][value="no"]');
    await page.keyboard.press('Space');
    await page.keyboard.press('Enter');
    await page.waitForSelector('text=카드 판독 (확인 완료)');

    await page.check('input[name="classification"][value="service"]');
    await page.click('text=분류 저장');
    await page.waitForSelector('text=서비스 불만');
    await page.selectOption('#department', 'library');
    await page.selectOption('#officerId', officer.user.id);
    await page.click('button:has-text("담당 지정")');
    await page.waitForSelector('text=문헌정보과 윤사서 (258-2512)');
    await page.fill('#result', '디지털정보실 PC 10대의 메모리를 늘렸습니다.');
    await page.click('text=결과 통지 게시·발송');
    await page.waitForSelector('text=게시됨');
    await page.screenshot({ path: '/tmp/casework-review.png', fullPage: true });

    const stored = t.cardbox.store.cases.data.cases[0]!;
    expect(stored.message).toBe('컴퓨터가 자주 멈춰요');
    expect(stored.reading?.checks['area.general']).toBe(false);
    expect(stored.notice?.text).toContain('윤사서');
    await processOutbox(t.cardbox);
    expect(texts.map((m) => m.to)).toEqual(['010-4321-8765']);

    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });

  it('has no serious accessibility violations on the other casework pages', async () => {
    const admin = await loginAs(t, 'admin');
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${base}/staff/login`);
    await page.fill('#username', admin.user.username);
    await page.fill('#password', admin.password);
    await page.press('#password', 'Enter');
    await page.waitForURL(`${base}/staff`);
    for (const path of [
      '/staff',
      '/staff/cases',
      '/staff/cases/new',
      '/staff/outbox',
      '/staff/users',
      '/staff/audit',
    ]) {
      await page.goto(`${base}${path}`);
      expect(await seriousViolations(page), path).toEqual([]);
    }
    await context.close();
  });
});
