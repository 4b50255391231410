import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chromiumFor,
  PHONE,
  type ServedBrowser,
  seriousViolations,
  serveWithBrowser,
} from '../helpers/browser.ts';
import { type TestCardbox, tempCardbox } from '../helpers/cardbox.ts';
import { printedSerials } from './helpers.ts';

const available = chromiumFor('visitor');

let t: TestCardbox;
let browser: Browser;
let base: string;
let served: ServedBrowser;

beforeAll(async () => {
  if (!available) return;
  t = await tempCardbox();
  served = await serveWithBrowser(t);
  ({ browser, base } = served);
});

afterAll(async () => {
  await served?.close();
  await t?.cleanup();
});

/** A phone with JavaScript off (the pages must not need it), recording every request and CSP complaint. */
async function phone(options: { javaScript?: boolean } = {}) {
  const context = await browser.newContext({ ...PHONE, javaScriptEnabled: options.javaScript ?? false });
  const page = await context.newPage();
  const requests: string[] = [];
  const complaints: string[] = [];
  const bytes = new Map<string, number>();
  page.on('request', (request) => requests.push(request.url()));
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) complaints.push(message.text());
  });
  page.on('response', async (response) => {
    try {
      bytes.set(response.url(), (await response.body()).length);
    } catch {
      // redirects have no body
    }
  });
  return { context, page, requests, complaints, bytes };
}

/** axe-core on a visitor page at phone size, after an optional step (e.g. submitting a form). */
async function violationsAt(url: string, setup?: (page: Page) => Promise<void>): Promise<string[]> {
  const context: BrowserContext = await browser.newContext(PHONE);
  try {
    const page = await context.newPage();
    await page.goto(url);
    if (setup) await setup(page);
    return await seriousViolations(page);
  } finally {
    await context.close();
  }
}

describe.skipIf(!available)('the visitor pages in a real browser (Debian phone size)', () => {
  it('opens a card URL, fills and sends the form without JavaScript, sees the receipt and then the status', async () => {
    const [serial] = await printedSerials(t, 'yellow');
    const { context, page, requests, complaints, bytes } = await phone();
    try {
      const response = await page.goto(`${base}/C/${serial}`);
      expect(response?.status()).toBe(200);
      await page.getByLabel('디지털정보실').check();
      await page.getByLabel('2 불만').check();
      await page.getByLabel(/^내용/).fill('디지털정보실 컴퓨터가 너무 느립니다.');
      await page.getByLabel('답변을 원합니다').check();
      await page.getByLabel(/^휴대전화/).fill('010-3333-2222');
      await page.getByLabel('개인정보 수집·이용에 동의합니다').check();
      const pageBytes = [...bytes.values()].reduce((a, b) => a + b, 0);
      expect(pageBytes).toBeLessThan(100_000);

      await page.getByRole('button', { name: '보내기' }).click();
      await page.waitForURL(/\?received=1$/);
      expect(await page.locator('h1').textContent()).toBe('접수되었습니다');
      const receipt = await page.locator('main').textContent();
      expect(receipt).toContain(`${serial![0]}-${serial!.slice(1, 5)}`);
      expect(receipt).toContain('처리 기한');

      const record = (await t.cardbox.cases.getBySerial(serial!))!;
      expect(record).toMatchObject({
        channel: 'online',
        areas: ['digital'],
        satisfaction: 2,
        replyWanted: true,
      });
      expect(record.contact).not.toBeNull();

      await page.reload();
      expect(await page.locator('h1').textContent()).toBe('접수되었습니다');
      await page.goto(`${base}/C/${serial}`);
      expect(await page.locator('h1').textContent()).toBe('처리 상황');
      const status = (await page.locator('main').textContent()) ?? '';
      expect(status).toContain('접수됨');
      expect(status).not.toContain('너무 느립니다');
      expect(status).not.toContain('3333');

      expect(requests.every((url) => url.startsWith(base))).toBe(true);
      expect(complaints).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('writes without a card: chooser, form, a new serial with a QR code on the receipt', async () => {
    const { context, page, requests } = await phone();
    try {
      await page.goto(`${base}/write`);
      await page.getByRole('link', { name: /그린카드/ }).click();
      await page.getByLabel('시설·편의').check();
      await page.getByLabel(/^내용/).fill('열람실 의자를 바꿔 주셔서 감사합니다.');
      await page.getByRole('button', { name: '보내기' }).click();
      await page.waitForURL(/\/c\/G[0-9A-Z]{9}\?received=1$/);
      expect(await page.locator('h1').textContent()).toBe('접수되었습니다');
      expect(await page.locator('svg.qr').count()).toBe(1);
      const serial = /\/c\/([0-9A-Z]{10})/.exec(page.url())![1]!;
      expect((await t.cardbox.cases.getBySerial(serial))?.message).toBe(
        '열람실 의자를 바꿔 주셔서 감사합니다.',
      );
      expect(requests.every((url) => url.startsWith(base))).toBe(true);
    } finally {
      await context.close();
    }
  });

  it('shows a friendly 404 for a mistyped serial', async () => {
    const [serial] = await printedSerials(t, 'green');
    const typo = `${serial!.slice(0, -1)}${serial!.endsWith('0') ? '1' : '0'}`;
    const { context, page } = await phone();
    try {
      const response = await page.goto(`${base}/C/${typo}`);
      expect(response?.status()).toBe(404);
      expect(await page.locator('h1').textContent()).toBe('카드를 찾을 수 없습니다');
      expect(await page.locator('main').textContent()).toContain(t.cardbox.profile.institution.mainPhone);
    } finally {
      await context.close();
    }
  });

  it('stays usable at 200% zoom and with larger text, keyboard first stop is the skip link', async () => {
    const [serial] = await printedSerials(t, 'green');
    // 200% zoom on a 390 px phone is a 195 px wide layout viewport.
    const context = await browser.newContext({
      viewport: { width: 195, height: 422 },
      javaScriptEnabled: true,
    });
    try {
      const page = await context.newPage();
      await page.goto(`${base}/c/${serial}`);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      const normal = await page.evaluate(() => Number.parseFloat(getComputedStyle(document.body).fontSize));
      await page.getByRole('link', { name: '글자 크게' }).click();
      const large = await page.evaluate(() => Number.parseFloat(getComputedStyle(document.body).fontSize));
      expect(large).toBeGreaterThanOrEqual(normal * 1.25);
      expect(
        await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        ),
      ).toBeLessThanOrEqual(0);
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('본문 바로가기');
    } finally {
      await context.close();
    }
  });

  it('has no serious or critical axe-core violations on any visitor page', async () => {
    const [blank, received] = await printedSerials(t, 'yellow', 2);
    const { receiveCase } = await import('../../src/cases/intake.ts');
    const { record } = await receiveCase(t.cardbox, {
      serial: received!,
      type: 'yellow',
      channel: 'cardbox',
      areas: [],
      satisfaction: 1,
      message: '',
      replyWanted: false,
      consent: false,
    });
    await t.cardbox.store.cases.update(() => {
      record.notice = {
        text: '안내 데스크 응대 교육을 했습니다.',
        department: 'admin',
        officer: '이담당',
        phone: '258-2518',
        publishedAt: new Date().toISOString(),
        publishedBy: 'u',
      };
    });
    const pages: [string, ((page: Page) => Promise<void>)?][] = [
      [`${base}/C/${blank}`],
      [`${base}/C/${blank}?lang=en&text=large`],
      [
        `${base}/c/${blank}?lang=ko&text=normal`,
        async (page) => {
          await page.getByLabel(/^휴대전화/).fill('12');
          await page.getByRole('button', { name: '보내기' }).click();
          await page.waitForLoadState();
        },
      ],
      [`${base}/c/${received}`],
      [`${base}/c/${received}?received=1`],
      [`${base}/write`],
      [`${base}/write?type=green`],
      [`${base}/c/G000000000`],
    ];
    const problems: string[] = [];
    for (const [url, setup] of pages) {
      for (const violation of await violationsAt(url, setup)) problems.push(`${url}: ${violation}`);
    }
    expect(problems).toEqual([]);
    // The checker itself works: the same form with its labels torn out is reported.
    const broken = await violationsAt(`${base}/C/${blank}`, async (page) => {
      await page.evaluate(() => {
        for (const label of Array.from(document.querySelectorAll('label')))
          label.replaceWith(...Array.from(label.querySelectorAll('input')));
      });
    });
    expect(broken.join('\n')).toMatch(/label/);
  });
});
