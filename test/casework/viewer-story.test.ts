import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueSerials } from '../../src/cards/registry.ts';
import { assignCase } from '../../src/cases/assign.ts';
import { classifyCase } from '../../src/cases/classify.ts';
import { sealDraft } from '../../src/cases/drafts.ts';
import { publishNotice } from '../../src/cases/notice.ts';
import { runSweep } from '../../src/cases/sweep.ts';
import { processOutbox } from '../../src/delivery/outbox.ts';
import { useTransports } from '../../src/delivery/transports.ts';
import type { CaseRecord } from '../../src/store/records.ts';
import {
  chromiumFor,
  menuLink,
  PHONE,
  type ServedBrowser,
  serveWithBrowser,
  signIn,
} from '../helpers/browser.ts';
import { type TestCardbox, tempCardbox } from '../helpers/cardbox.ts';
import { receiveTestCase } from '../helpers/cases.ts';
import { Inspector, ZOOM_200 } from '../helpers/page-checks.ts';
import { asStaff, loginAs } from '../helpers/staff.ts';

/**
 * Issue 16, the reader's story in a real browser, on a phone (390×844) and a desktop (1366×900): a staff account
 * with the read-only viewer role (열람 전용) walks every page its menu offers and every case, the statistics,
 * the annual report and the plan. On every page: no form it cannot submit (only searches, filters and its own
 * logout), no link that answers 403 (or any refusal), every image loads, no visitor's phone, e-mail or address
 * in the page or in anything it links to; axe-clean, no sideways scrolling or squeezed text at its size and at
 * 200% zoom (195 and 683 CSS px).
 */
const available = chromiumFor('viewer story');

let t: TestCardbox;
let served: ServedBrowser;
let browser: Browser;
let clock = Date.parse('2026-09-21T10:00:00+09:00');
let viewer: { username: string; password: string };
const cases: Record<'card' | 'answered' | 'post' | 'late', CaseRecord> = {} as never;

/** Every visitor's contact the seeded cases hold, as written and as digits. */
const CONTACT = {
  cardPhone: '010-7777-2468',
  cardEmail: 'reader.kim@example.kr',
  phone: '010-5555-1234',
  email: 'visitor.lee@example.kr',
  address: '부산광역시 부산진구 가야대로 987',
  latePhone: '010-8888-1357',
};
const CONTACT_TEXTS = Object.values(CONTACT).flatMap((c) => [c, c.replace(/-/g, '')]);

const png = (text: string, width: number, height: number) =>
  sharp(
    Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#fffbe6"/><text x="12" y="${height * 0.65}" font-size="${height * 0.3}">${text}</text></svg>`,
    ),
  )
    .png()
    .toBuffer();

beforeAll(async () => {
  if (!available) return;
  t = await tempCardbox({ now: () => new Date(clock) });
  useTransports(t.cardbox, { sms: async () => {}, email: async () => {} });
  const officer = await loginAs(t, 'staff', { name: '문사서', department: 'library', phone: '258-2533' });
  const assign = (id: string) =>
    assignCase(t.cardbox, id, 'lead', { department: 'library', officerId: officer.user.id });
  const { serials } = await issueSerials(
    t.cardbox.registry,
    { type: 'yellow', count: 2, origin: 'print', createdBy: 'setup', format: 'pdf' },
    new Date(clock),
  );
  const files = t.cardbox.files;
  const crop = async (text: string) =>
    (await files.putByHash('crops', await png(text, 600, 80), '.png')).path;
  // A card read from the box, its phone and e-mail drafts sealed, not yet confirmed.
  cases.card = (
    await receiveTestCase(t, {
      serial: serials[0]!,
      channel: 'cardbox',
      areas: ['facility'],
      satisfaction: 2,
      message: '열람실 의자가 삐걱거려요',
      replyWanted: true,
      consent: true,
      contact: { phone: CONTACT.cardPhone, email: CONTACT.cardEmail },
      reading: {
        photoIds: ['p1'],
        image: (await files.putByHash('cards', await png('CARD', 700, 980), '.png')).path,
        checks: { 'area.facility': true, 'reply.wanted': true, 'consent.privacy': null },
        fields: {
          message: { text: '열람실 의자가 삐걱거려요', confidence: 0.5, crop: await crop('MESSAGE') },
          phone: sealDraft(t.cardbox.sealer, 'phone', {
            text: CONTACT.cardPhone,
            confidence: 0.6,
            crop: await crop('PHONE'),
          }),
          email: sealDraft(t.cardbox.sealer, 'email', {
            text: CONTACT.cardEmail,
            confidence: 0.4,
            crop: await crop('EMAIL'),
          }),
        },
        needsReview: ['message-low-confidence', 'checkbox-undecided'],
        score: 0.5,
      },
    })
  ).record;
  await assign(cases.card.id);
  // The contact is there to leak: the assigned officer sees the card's drafts on the same page.
  const officerPage = await (await asStaff(t, officer.cookie, `/staff/cases/${cases.card.id}`)).text();
  expect(officerPage).toContain(CONTACT.cardPhone);
  expect(officerPage).toContain(CONTACT.cardEmail);
  // Typed online with a phone and an e-mail, answered: the notice sent by text.
  cases.answered = (
    await receiveTestCase(t, {
      serial: serials[1]!,
      areas: ['digital'],
      satisfaction: 3,
      message: '디지털정보실 프린터 용지가 자주 떨어져요',
      replyWanted: true,
      consent: true,
      contact: { phone: CONTACT.phone, email: CONTACT.email },
    })
  ).record;
  await classifyCase(t.cardbox, cases.answered.id, 'lead', { classification: 'service' });
  await assign(cases.answered.id);
  await publishNotice(t.cardbox, cases.answered.id, 'lead', '용지를 하루 두 번 채우기로 했습니다.');
  // By post, with an address for the answer.
  cases.post = (
    await receiveTestCase(t, {
      channel: 'post',
      type: 'green',
      areas: ['kindness'],
      message: '어린이자료실 선생님께 감사드립니다',
      replyWanted: true,
      consent: true,
      contact: { address: CONTACT.address },
    })
  ).record;
  await assign(cases.post.id);
  // Left past its deadline: the apology and voucher, the officer's task.
  cases.late = (
    await receiveTestCase(t, {
      areas: ['general'],
      message: '주차장 안내가 부족합니다',
      replyWanted: true,
      consent: true,
      contact: { phone: CONTACT.latePhone },
    })
  ).record;
  await assign(cases.late.id);
  clock += 7 * 24 * 3600_000;
  await runSweep(t.cardbox);
  await processOutbox(t.cardbox);
  const reader = await loginAs(t, 'viewer', { name: '백열람', department: 'admin' });
  viewer = { username: reader.user.username, password: reader.password };
  served = await serveWithBrowser(t);
  browser = served.browser;
});

afterAll(async () => {
  await served?.close();
  await t?.cleanup();
});

/** What a reader may send: searches and filters (GET) and the logout. */
const postForms = (page: Page) =>
  page.evaluate(() =>
    Array.from(document.querySelectorAll('form'))
      .filter((f) => f.method.toLowerCase() === 'post' && new URL(f.action).pathname !== '/staff/logout')
      .map((f) => new URL(f.action).pathname),
  );

const links = (page: Page) =>
  page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLAnchorElement>('a[href]'))
      .map((a) => new URL(a.href))
      .filter((u) => u.origin === location.origin)
      .map((u) => u.pathname + u.search),
  );

const brokenImages = (page: Page) =>
  page.evaluate(() =>
    Array.from(document.images)
      .filter((img) => !img.complete || img.naturalWidth === 0)
      .map((img) => img.getAttribute('src')),
  );

/** Sentences of a case page that tell staff to act (a reader cannot). */
const asksToAct = async (page: Page) =>
  ((await page.textContent('main')) ?? '').match(
    /[^.]*(누르세요|고르세요|지정하세요|게시하세요|알려 주세요|요약해 주세요|덧붙여 주세요|입력하세요|지연 안내 쓰기)/g,
  ) ?? [];

const contactIn = (text: string) => CONTACT_TEXTS.filter((c) => text.includes(c));

async function story(size: 'phone' | 'desktop'): Promise<void> {
  const context = await browser.newContext(
    size === 'phone'
      ? { ...PHONE, locale: 'ko-KR' }
      : { viewport: { width: 1366, height: 900 }, locale: 'ko-KR' },
  );
  const zoomContext = await browser.newContext({ ...ZOOM_200[size], locale: 'ko-KR' });
  try {
    const page = await context.newPage();
    const look = new Inspector(page, await zoomContext.newPage(), `viewer-${size}`);
    const base = served.base;
    const followed = new Map<string, number>();

    /** A page as the reader sees it: the story's checks, then every form, link and image on it. */
    const visit = async (label: string) => {
      await look.check(label);
      expect.soft(await postForms(page), `${label}: forms a reader cannot send`).toEqual([]);
      expect.soft(await brokenImages(page), `${label}: images that do not load`).toEqual([]);
      expect.soft(contactIn(await page.content()), `${label}: a visitor's contact on the page`).toEqual([]);
      for (const link of await links(page)) {
        const path = link.replace(/#.*$/, '');
        if (followed.has(path)) continue;
        const response = await page.request.get(`${base}${path}`, { maxRedirects: 0 });
        followed.set(path, response.status());
        expect.soft(response.status(), `${label}: the link ${path}`).toBeLessThan(400);
        const type = response.headers()['content-type'] ?? '';
        if (/text|json|csv/.test(type))
          expect
            .soft(contactIn(await response.text()), `${label}: a visitor's contact behind ${path}`)
            .toEqual([]);
      }
    };

    await signIn(page, base, viewer.username, viewer.password);
    await zoomContext.addCookies(await context.cookies());
    expect(new URL(page.url()).pathname).toBe('/staff');
    // The menu offers a reader what it may open, and nothing else.
    expect(await page.locator('nav[aria-label="직원 메뉴"] a').allTextContents()).toEqual([
      '대시보드',
      '접수함',
      '통계',
      '발송함',
    ]);
    expect(await page.textContent('.staff-header')).toContain('(열람 전용)');
    await visit('dashboard');

    await (await menuLink(page, '접수함')).click();
    await page.waitForURL('**/staff/cases');
    expect(await page.locator('#inbox-list tbody tr').count()).toBe(4);
    await visit('inbox');
    // Its search and filters are the reader's too.
    await page.selectOption('#f-status', 'open');
    await page.getByRole('button', { name: '보기' }).click();
    await page.waitForURL('**/staff/cases?*status=open*');
    await visit('inbox: open cases');

    for (const [name, record] of Object.entries(cases)) {
      await page.goto(`${base}/staff/cases/${record.id}`);
      await visit(`case: ${name}`);
      // The steps say where the case stands; nothing asks the reader to do what only staff can.
      expect
        .soft(await page.textContent('.step-now'), `case: ${name}: the steps`)
        .not.toContain('지금 할 일');
      expect.soft(await asksToAct(page), `case: ${name}: asks the reader to act`).toEqual([]);
    }
    // The card's reading, read-only: the message crop shown, the contact boxes withheld.
    await page.goto(`${base}/staff/cases/${cases.card.id}`);
    expect(await page.textContent('section[aria-labelledby="reading"]')).toContain(
      '연락처 칸은 배정된 담당자만 봅니다',
    );

    await (await menuLink(page, '통계')).click();
    await page.waitForURL('**/staff/stats');
    await visit('statistics');
    await page.getByRole('link', { name: /서비스헌장 이행 결과 보고서/ }).click();
    await page.waitForURL(/\/staff\/reports\/annual\/\d{4}$/);
    await visit('annual report');
    await page.getByRole('link', { name: '개선 계획 관리' }).click();
    await page.waitForURL('**/staff/reports/plans?year=*');
    await visit('plans');

    await (await menuLink(page, '발송함')).click();
    await page.waitForURL('**/staff/outbox');
    expect(await page.locator('main tbody tr').count()).toBeGreaterThan(0);
    await visit('outbox');

    expect(look.visited).toHaveLength(11);
    // Every link on the way was followed (the menu's four, each case, the exports, the PDFs …).
    expect(followed.size).toBeGreaterThan(15);
  } finally {
    await context.close();
    await zoomContext.close();
  }
}

describe.skipIf(!available)("a reader's (열람 전용) walk in a real browser", () => {
  it('on a phone: every page it is offered, nothing it cannot send or open, no visitor contact', async () => {
    await story('phone');
  }, 240_000);

  it('on a desktop: the same', async () => {
    await story('desktop');
  }, 240_000);
});
