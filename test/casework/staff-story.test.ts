import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueSerials } from '../../src/cards/registry.ts';
import { processOutbox } from '../../src/delivery/outbox.ts';
import { type SmsMessage, useTransports } from '../../src/delivery/transports.ts';
import {
  chromiumFor,
  menuLink,
  PHONE,
  type ServedBrowser,
  serveWithBrowser,
  signIn,
} from '../helpers/browser.ts';
import { type TestCardbox, tempCardbox } from '../helpers/cardbox.ts';
import { Inspector, ZOOM_200 } from '../helpers/page-checks.ts';
import { loginAs } from '../helpers/staff.ts';
import { Random } from '../synth/random.ts';
import { makeScene, type SceneCard } from '../synth/scene.ts';

/**
 * Issue 16, the librarian's story in a real browser, on a phone (390×844) and on a desktop (1366×900): log in,
 * photograph the box on the digitize page, the dashboard's to-do, the inbox, "review next" the card read,
 * classify, assign,
 * an answer started from one of the profile's ready answers (chosen with the page's script and without it),
 * preview, publish. Every page on the way is checked with
 * axe-core (no serious or critical violation), for sideways scrolling, squeezed text and words cut across
 * lines at its own size and at 200% zoom of that size: the phone at 195 CSS px, the desktop at 683.
 */
const available = chromiumFor('staff story');

let t: TestCardbox;
let served: ServedBrowser;
let browser: Browser;
const cards: SceneCard[] = [];
const photos: Record<string, Buffer> = {};
const texts: SmsMessage[] = [];

beforeAll(async () => {
  if (!available) return;
  t = await tempCardbox();
  useTransports(t.cardbox, { sms: async (m) => void texts.push(m) });
  // Cards printed here, filled in by visitors; each story photographs one of them in the box.
  const { serials } = await issueSerials(
    t.cardbox.registry,
    { type: 'yellow', count: 2, origin: 'print', createdBy: 'setup', format: 'pdf' },
    t.cardbox.now(),
  );
  for (const [i, size] of (['phone', 'desktop'] as const).entries()) {
    const scene = await makeScene(t.cardbox.layout, t.cardbox.profile, new Random(16 + i), {
      width: 2000,
      height: 1500,
      cards: 1,
      tilt: 0.08,
      serials: [{ serial: serials[i]!, type: 'yellow' }],
      fill: {
        marks: {
          'area.facility': 'tick',
          'satisfaction.2': 'cross',
          'reply.wanted': 'tick',
          'consent.privacy': 'tick',
        },
      },
    });
    photos[size] = scene.jpeg;
    cards.push(...scene.cards);
  }
  served = await serveWithBrowser(t);
  browser = served.browser;
}, 300_000);

afterAll(async () => {
  await served?.close();
  await t?.cleanup();
});

/** The step the case page says it is in. */
const currentStep = (page: Page) => page.textContent('.steps [aria-current="step"] .step-label');

async function story(size: 'phone' | 'desktop'): Promise<void> {
  const me = await loginAs(t, 'staff', {
    name: size === 'phone' ? '윤사서' : '한사서',
    department: 'library',
    phone: '258-2512',
  });
  const device =
    size === 'phone'
      ? { ...PHONE, locale: 'ko-KR' }
      : { viewport: { width: 1366, height: 900 }, locale: 'ko-KR' };
  const context: BrowserContext = await browser.newContext(device);
  const zoomContext = await browser.newContext({ ...ZOOM_200[size], locale: 'ko-KR' });
  try {
    const page = await context.newPage();
    const zoom = await zoomContext.newPage();
    const look = new Inspector(page, zoom, size);
    const base = served.base;

    await page.goto(`${base}/staff/login`);
    await look.check('login');
    await signIn(page, base, me.user.username, me.password);
    await zoomContext.addCookies(await context.cookies());

    // The box photographed on the digitize page (its script uploads and follows the reading).
    await (await menuLink(page, '카드 디지털화')).click();
    await page.waitForURL('**/staff/digitize');
    await look.check('digitize');
    await page.setInputFiles('#photos', [{ name: 'box.jpg', mimeType: 'image/jpeg', buffer: photos[size]! }]);
    await page.click('#digitize-form button[type=submit]');
    await page.waitForURL(/\/staff\/digitize\/batches\/[0-9a-f-]+$/, { timeout: 120_000 });
    expect(await page.textContent('.found')).toContain('1장 찾음');
    // No dead end: the next step, confirming the readings, is offered right here.
    expect(await page.getByRole('link', { name: '읽은 카드 확인하기 →' }).getAttribute('href')).toBe(
      '/staff/cases/next-review',
    );
    await look.check('digitize: photo read');
    await (await menuLink(page, '대시보드')).click();
    await page.waitForURL('**/staff');

    // The dashboard's to-do: the cards to confirm, a link into the inbox.
    expect(new URL(page.url()).pathname).toBe('/staff');
    await look.check('dashboard');
    const todo = page.getByRole('link', { name: /카드 판독 확인 \d+건/ });
    const waiting = Number((await todo.textContent())!.match(/(\d+)건/)![1]);
    expect(waiting).toBeGreaterThan(0);
    await todo.click();
    await page.waitForURL('**/staff/cases?status=review');
    await look.check('inbox (cards to confirm)');
    expect(await page.locator('#inbox-list tbody tr').count()).toBe(waiting);

    // Review next: the oldest card not yet confirmed.
    await page.getByRole('link', { name: /확인할 카드 \d+장 차례로 보기/ }).click();
    await page.waitForURL('**/staff/cases/*?walk=1');
    const caseUrl = page.url().replace(/\?.*$/, '');
    const id = caseUrl.split('/').pop()!;
    const record = async () => (await t.cardbox.cases.get(id))!;
    const { serial } = await record();
    const card = cards.find((c) => c.serial === serial)!;
    expect(card, 'the case is one of the photographed cards').toBeDefined();
    expect(await currentStep(page)).toBe('판독 확인');
    // The machine's reading is a draft until confirmed, and the contact boxes are the assigned officer's.
    expect(await page.textContent('h2#message')).toBe('판독 초안 (확인 전)');
    expect(await page.textContent('.review')).toContain('연락처 칸은 배정된 담당자만 봅니다');
    await look.check('case: review');

    // The card as the visitor wrote it: the message, each box as on the paper (undecided ones decided).
    await page.fill('#field-message', card.message.join(' '));
    for (const [box, ticked] of Object.entries(card.checks)) {
      const decide = page.locator(`input[name="decide.${box}"][value="${ticked ? 'yes' : 'no'}"]`);
      if (await decide.count()) await decide.check();
      const check = page.locator(`input[name="check"][value="${box}"]`);
      if (await check.count()) await check.setChecked(ticked);
    }
    await page.getByRole('button', { name: /판독 확인·저장/ }).click();
    await page.waitForURL('**?saved=review');
    expect(await page.textContent('.success')).toContain('카드 판독을 확인해 저장했습니다');
    expect(await currentStep(page)).toBe('분류');
    await look.check('case: reviewed');
    expect((await record()).message).toBe(card.message.join(' '));
    expect(await page.textContent('h2#message')).toBe('방문자의 의견 (카드 판독)');

    await page.getByLabel('서비스 불만').check();
    await page.getByRole('button', { name: '분류 저장' }).click();
    await page.waitForURL('**?saved=classify');
    expect(await currentStep(page)).toBe('담당 지정');
    await look.check('case: classified');

    await page.selectOption('#department', 'library');
    await page.selectOption('#officerId', me.user.id);
    await page.getByRole('button', { name: '담당 지정' }).click();
    await page.waitForURL('**?saved=assign');
    expect(await currentStep(page)).toBe('결과 통지');
    await look.check('case: assigned');

    // The answer starts from the profile's first ready answer for a service complaint; any other can be
    // chosen. With the page's script the chosen one takes the untouched first one's place at once.
    const ready = t.cardbox.profile.cannedAnswers.service!;
    expect(await page.inputValue('#result')).toBe(ready[0]);
    await page.getByText(/다른 준비된 답변 고르기/).click();
    expect(await page.locator('#canned input[type=radio]').count()).toBe(ready.length);
    await page.getByLabel(ready[2]!.trim()).check();
    await page.getByRole('button', { name: '이 답변 넣기' }).click();
    expect(await page.inputValue('#result')).toBe(ready[2]);
    expect(page.url()).toMatch(/\?saved=assign$/);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('result');
    await look.check('case: ready answers', async (z) => {
      await z.goto(caseUrl);
      await z.getByText(/다른 준비된 답변 고르기/).click();
    });
    // Without JavaScript the same button brings the page back with it, after what was typed; nothing saved.
    const plain = await browser.newContext({ ...device, javaScriptEnabled: false });
    try {
      await plain.addCookies(await context.cookies());
      const noScript = await plain.newPage();
      await noScript.goto(caseUrl);
      await noScript.fill('#result', '직접 쓴 말입니다.');
      await noScript.getByText(/다른 준비된 답변 고르기/).click();
      await noScript.getByLabel(ready[1]!.trim()).check();
      await noScript.getByRole('button', { name: '이 답변 넣기' }).click();
      await noScript.waitForURL('**/notice#result');
      expect(await noScript.inputValue('#result')).toBe(`직접 쓴 말입니다.\n${ready[1]}`);
      expect((await record()).notice).toBeUndefined();
    } finally {
      await plain.close();
    }
    const answer = `${ready[2]}\n열람실 냉방기 필터를 교체했습니다.`;
    await page.fill('#result', answer);
    const preview = async (p: Page) => {
      await p.getByRole('button', { name: '미리 보기' }).click();
      await p.waitForSelector('#preview');
    };
    await preview(page);
    // The preview is where the page opens, not a screen or two above it.
    expect(new URL(page.url()).hash).toBe('#preview');
    expect(
      await page.evaluate(() => {
        const top = document.getElementById('preview')!.getBoundingClientRect().top;
        // Scrolled to it, give or take a sub-pixel.
        return top > -1 && top < window.innerHeight;
      }),
    ).toBe(true);
    const shown = await page.textContent('section[aria-labelledby="preview"] .notice-text');
    expect(shown).toContain('열람실 냉방기 필터를 교체했습니다.');
    expect(shown).toContain(me.user.name);
    expect((await record()).notice).toBeUndefined();
    expect(await page.inputValue('#result')).toBe(answer);
    await look.check('case: preview', async (z) => {
      await z.goto(caseUrl);
      await z.fill('#result', answer);
      await preview(z);
    });

    await page.getByRole('button', { name: '결과 통지 게시·발송' }).click();
    await page.waitForURL('**?saved=notice');
    expect(await page.textContent('.success')).toContain('결과 통지를 게시했습니다');
    await look.check('case: published');
    expect((await record()).notice?.text).toContain('열람실 냉방기 필터를 교체했습니다.');

    // The visitor asked for a reply by text: sent, the case is answered and every step done.
    await processOutbox(t.cardbox);
    expect(texts.some((m) => m.to === card.phone)).toBe(true);
    await page.reload();
    expect(await page.textContent('.step-now')).toContain('모든 단계를 마쳤습니다');
    await look.check('case: delivered');
    expect(look.visited).toHaveLength(13);
  } finally {
    await context.close();
    await zoomContext.close();
  }
}

describe.skipIf(!available)("a librarian's day in a real browser", () => {
  it('on a phone: log in, photograph the box, to-do, inbox, review next, classify, assign, a ready answer, preview, publish', async () => {
    await story('phone');
  }, 300_000);

  it('on a desktop: the same walk with another card', async () => {
    await story('desktop');
  }, 300_000);
});
