import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignCase } from '../../src/cases/assign.ts';
import { publishNotice } from '../../src/cases/notice.ts';
import { runSweep } from '../../src/cases/sweep.ts';
import { processOutbox } from '../../src/delivery/outbox.ts';
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
 * Issue 16, the office's stories in a real browser, on a phone (390×844) and a desktop (1366×900): an admin prints
 * cards and gets the confirmation, the PDF and a spoiled sheet again; takes feedback by phone and reads out the
 * serial; approves (결재) a colleague's notice from the dashboard; opens a case left past its deadline; then
 * the other pages of the office: the
 * outbox with a text that could not be sent, statistics, the improvement plan, the annual report, a viewer's
 * account made, the audit log filtered. Every page is checked as in staff-story: axe-core, no sideways
 * scrolling, no text squeezed or word cut across lines, at its size and at 200% zoom (phone 195 CSS px,
 * desktop 683).
 */
const available = chromiumFor('office story');

let t: TestCardbox;
let served: ServedBrowser;
let browser: Browser;
/** The office's clock runs a week behind while the late case is received, then on time. */
let behind = 8 * 24 * 3600_000;
/** A case left past its deadline (a week ago): the breach, the apology, a voucher to hand over. */
let late: string;

beforeAll(async () => {
  if (!available) return;
  t = await tempCardbox({ now: () => new Date(Date.now() - behind) });
  t.cardbox.profile = { ...t.cardbox.profile, approval: { required: true } };
  const record = await assignedToLead('열람실 조명이 깜빡여요', '010-4567-8901');
  late = record.id;
  behind = 0;
  await runSweep(t.cardbox);
  served = await serveWithBrowser(t);
  browser = served.browser;
});

afterAll(async () => {
  await served?.close();
  await t?.cleanup();
});

const pdfPages = (pdf: Buffer) => pdf.toString('latin1').match(/\/Type\s*\/Page\b/g)?.length ?? 0;

/** Clicks what starts a download and returns the file's bytes. */
async function download(page: Page, click: () => Promise<void>): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  return readFile((await file.path())!);
}

/** A colleague's notice on a typed case, written and waiting for the admin's 결재. */
async function noticeAwaitingApproval(message: string): Promise<string> {
  const { record } = await receiveTestCase(t, {
    type: 'green',
    areas: ['general'],
    satisfaction: 4,
    message,
  });
  const colleague = await loginAs(t, 'staff', { name: '서사서', department: 'library', phone: '258-2523' });
  await assignCase(t.cardbox, record.id, 'lead', { department: 'library', officerId: colleague.user.id });
  const written = await asStaff(t, colleague.cookie, `/staff/cases/${record.id}/notice`, {
    method: 'POST',
    body: new URLSearchParams({ result: '신간 코너를 매주 월요일에 새로 채우겠습니다.' }),
  });
  expect(written.status).toBe(303);
  return record.id;
}

/** A notice on a case whose visitor asked for a text, which cannot be sent: no SMS gateway is configured. */
/** A case a visitor sent with a phone to answer on, assigned by the lead to 최주무관. */
async function assignedToLead(message: string, phone: string) {
  const { record } = await receiveTestCase(t, {
    message,
    replyWanted: true,
    consent: true,
    contact: { phone },
  });
  await assignCase(t.cardbox, record.id, 'lead', {
    department: 'admin',
    name: '최주무관',
    phone: '258-2518',
  });
  return record;
}

async function failedText(message: string): Promise<void> {
  const record = await assignedToLead(message, '010-3456-7890');
  await publishNotice(t.cardbox, record.id, 'lead', '주차장 입구에 안내판을 세웠습니다.', { role: 'admin' });
  await processOutbox(t.cardbox);
}

async function story(size: 'phone' | 'desktop'): Promise<void> {
  const admin = await loginAs(t, 'admin', {
    name: size === 'phone' ? '김관장' : '박팀장',
    department: 'admin',
  });
  const awaiting = await noticeAwaitingApproval(
    size === 'phone' ? '신간이 늦게 들어와요' : '새 책을 더 빨리 보고 싶어요',
  );
  const context = await browser.newContext(
    size === 'phone'
      ? { ...PHONE, locale: 'ko-KR' }
      : { viewport: { width: 1366, height: 900 }, locale: 'ko-KR' },
  );
  const zoomContext = await browser.newContext({ ...ZOOM_200[size], locale: 'ko-KR' });
  try {
    const page = await context.newPage();
    const look = new Inspector(page, await zoomContext.newPage(), `office-${size}`);
    const base = served.base;
    await signIn(page, base, admin.user.username, admin.password);
    await zoomContext.addCookies(await context.cookies());
    await look.check('dashboard');

    // Printing: the form, the confirmation with the batch, the PDF, one spoiled sheet again.
    await (await menuLink(page, '카드 인쇄')).click();
    await page.waitForURL('**/staff/print');
    await look.check('print');
    await page.getByLabel('옐로카드 (불편·불만)').check();
    await page.fill('#count', '8');
    await page.getByRole('button', { name: '만들기' }).click();
    await page.waitForURL('**/staff/print/batches/*?new=1');
    const batch = t.cardbox.store.registry.data.batches.at(-1)!;
    const serials = t.cardbox.store.registry.data.serials.filter((s) => s.batch === batch.id);
    expect(serials).toHaveLength(8);
    expect(await page.textContent('[role="status"].success')).toContain(
      '옐로카드 8장의 일련번호를 만들었습니다',
    );
    expect(await page.textContent('.facts')).toContain('8장 · A4 2쪽');
    await look.check('print confirmation');
    const whole = await download(page, () => page.getByRole('link', { name: 'PDF 받기 (A4 2쪽)' }).click());
    expect(whole.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdfPages(whole)).toBe(2);
    await page.fill('#sheet', '2');
    const sheet = await download(page, () => page.getByRole('button', { name: '그 쪽만 받기' }).click());
    expect(pdfPages(sheet)).toBe(1);
    expect(t.cardbox.store.registry.data.serials.filter((s) => s.batch === batch.id)).toHaveLength(8);
    await page.getByRole('link', { name: '카드 인쇄로 돌아가기' }).click();
    await page.waitForURL('**/staff/print');
    expect(await page.locator(`a[href="/staff/print/batches/${batch.id}"]`).count()).toBe(1);
    await look.check('print: the batches');

    // A call: no card colour asked, the serial and address to read out to the caller.
    await page.goto(`${base}/staff/cases`);
    await page.getByRole('link', { name: '전화·방문·우편·팩스 의견 등록' }).click();
    await page.waitForURL('**/staff/cases/new');
    await look.check('phone entry');
    await page.getByLabel('전화', { exact: true }).check();
    await page.fill('#message', '어린이실 화장실 세면대가 너무 높아요.');
    await page.getByLabel(/회신용 개인정보 수집·이용에 동의함/).check();
    await page.fill('#phone', '010-2345-6789');
    await page.getByRole('button', { name: '등록' }).click();
    await page.waitForURL(/\/staff\/cases\/[0-9a-f-]{36}$/);
    const entered = t.cardbox.store.cases.data.cases.at(-1)!;
    expect(entered.channel).toBe('phone');
    expect(await page.textContent('section[aria-labelledby="tell-visitor"]')).toContain(
      `${t.cardbox.settings.PUBLIC_BASE_URL}/c/${entered.serial}`,
    );
    expect(await page.textContent('.steps [aria-current="step"] .step-label')).toBe('분류');
    await look.check('phone entry: case');

    // 결재 from the dashboard: the notice waiting, read, approved, published.
    await page.goto(`${base}/staff`);
    expect(await page.textContent('main')).toMatch(/결재 대기 [1-9]\d*건/);
    await page.locator(`a[href="/staff/cases/${awaiting}"]`).first().click();
    await page.waitForURL(`**/staff/cases/${awaiting}`);
    expect(await page.textContent('.step-now')).toContain('결재하거나');
    await look.check('approval');
    await page.getByRole('button', { name: '결재 (게시·발송)' }).click();
    await page.waitForURL('**?saved=decided');
    // Published and, the visitor having left no contact, answered; the colleague never classified it.
    expect(await page.textContent('.step-now')).toContain('방문자에게 답변을 마쳤습니다. 남은 단계: 분류');
    await look.check('approved');
    const approved = t.cardbox.store.cases.data.cases.find((c) => c.id === awaiting)!;
    expect(approved.notice).toMatchObject({ approvedBy: admin.user.username });

    // The case left past its deadline: the delay to give, the voucher to hand over.
    await page.goto(`${base}/staff/cases/${late}`);
    expect(await page.textContent('#remedies')).toBe('기한 초과와 보상');
    expect(await page.getByRole('button', { name: '방문자에게 전달함' }).count()).toBe(1);
    await look.check('case past its deadline');

    // The office's other pages: a text that could not be sent, the statistics, the improvement plan and the
    // annual report, the staff accounts, the audit log.
    await failedText(size === 'phone' ? '주차장이 좁아요' : '주차 안내가 더 있으면 좋겠어요');
    await (await menuLink(page, '발송함')).click();
    await page.waitForURL('**/staff/outbox');
    expect(await page.textContent('main')).toContain('다시 보내기');
    await look.check('outbox');
    await (await menuLink(page, '통계')).click();
    await page.waitForURL('**/staff/stats');
    await look.check('statistics');
    await page.getByRole('link', { name: '개선 계획 관리' }).click();
    await page.waitForURL('**/staff/reports/plans?year=*');
    await page.fill('#new-title', '주차장 안내 표지판 보강');
    await page.fill('#new-owner', '행정지원과');
    await page.getByRole('button', { name: '추가' }).click();
    await page.waitForURL('**/staff/reports/plans?year=*');
    await look.check('plans');
    await page.getByRole('link', { name: /\d{4}년 보고서/ }).click();
    await page.waitForURL(/\/staff\/reports\/annual\/\d{4}$/);
    expect(await page.textContent('main')).toContain('주차장 안내 표지판 보강');
    await look.check('annual report');
    await (await menuLink(page, '직원 계정')).click();
    await page.waitForURL('**/staff/users');
    await page.fill('#username', `viewer${size}`);
    await page.fill('#name', size === 'phone' ? '오열람' : '정열람');
    await page.fill('#phone', '258-2519');
    await page.selectOption('#role', 'viewer');
    await page.getByRole('button', { name: '만들기' }).click();
    await page.waitForSelector('[role="status"].success');
    expect(await page.textContent('main')).toContain('열람 전용');
    await look.check('users: account made', (z) => z.goto(`${base}/staff/users`).then(() => undefined));
    await (await menuLink(page, '감사 기록')).click();
    await page.waitForURL('**/staff/audit');
    await page.selectOption('#a-action', 'notice.published');
    await page.getByRole('button', { name: '보기' }).click();
    await page.waitForURL('**/staff/audit?*');
    expect(await page.textContent('main')).toContain('결과 통지 게시');
    await look.check('audit');
    expect(look.visited).toHaveLength(15);
  } finally {
    await context.close();
    await zoomContext.close();
  }
}

describe.skipIf(!available)('the office in a real browser', () => {
  it('on a phone: print with a confirmation, a spoiled sheet again, a call entered, a notice approved, the other office pages', async () => {
    await story('phone');
  }, 240_000);

  it('on a desktop: the same', async () => {
    await story('desktop');
  }, 240_000);
});
