/**
 * `npm run screenshots`: every page of Cardbox at a phone (390×844) and a desktop (1366×900) size, written to
 * docs/screenshots/ (JPEG, whole page), from a Cardbox seeded the way a few weeks of use look: cards read from a
 * box photo, feedback sent online, a breach, an answered case on the board. Debian's chromium, no network.
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { createUser } from '../../src/auth/index.ts';
import { issueSerials } from '../../src/cards/registry.ts';
import { assignCase } from '../../src/cases/assign.ts';
import { classifyCase } from '../../src/cases/classify.ts';
import { receiveCase } from '../../src/cases/intake.ts';
import { publishNotice } from '../../src/cases/notice.ts';
import { runSweep, updateDelay } from '../../src/cases/sweep.ts';
import { publishToBoard } from '../../src/reports/board.ts';
import { serveWithBrowser } from '../helpers/browser.ts';
import { tempCardbox } from '../helpers/cardbox.ts';
import { cardPictures } from './cards.ts';

const out = join(import.meta.dirname, '../../docs/screenshots');
let clock = Date.parse('2026-09-22T10:00:00+09:00');
const t = await tempCardbox({ now: () => new Date(clock) });
const password = 'correct horse battery staple';
const admin = await createUser(t.cardbox, {
  username: 'kim',
  name: '김사서',
  role: 'admin',
  department: 'library',
  phone: '258-2533',
  password,
});
const { serials, batch: yellowBatch } = await issueSerials(
  t.cardbox.registry,
  { type: 'yellow', count: 4, origin: 'print', createdBy: 'kim', format: 'pdf' },
  new Date(clock),
);
const { serials: green } = await issueSerials(
  t.cardbox.registry,
  { type: 'green', count: 2, origin: 'print', createdBy: 'kim', format: 'pdf' },
  new Date(clock),
);
const cases = [];
for (const [i, message] of [
  '열람실 냉방이 너무 약합니다.',
  '주차장 조명이 어둡습니다.',
  '화장실 휴지가 없어요.',
].entries()) {
  const { record } = await receiveCase(t.cardbox, {
    serial: serials[i]!,
    type: 'yellow',
    channel: i === 1 ? 'cardbox' : 'online',
    areas: ['facility'],
    satisfaction: 2,
    message,
    replyWanted: false,
    consent: false,
    ...(i === 1
      ? {
          reading: {
            photoIds: ['p'],
            checks: { 'area.facility': true, 'satisfaction.2': true, 'consent.privacy': null },
            fields: { message: { text: message, confidence: 0.45 } },
            needsReview: ['message-low-confidence'],
            score: 0.5,
          },
        }
      : {}),
  });
  cases.push(record);
}
const { record: praise } = await receiveCase(t.cardbox, {
  serial: green[0]!,
  type: 'green',
  channel: 'online',
  areas: ['kindness'],
  satisfaction: 5,
  message: '어린이자료실 선생님이 친절하게 책을 찾아 주셨어요.',
  replyWanted: false,
  consent: false,
});
for (const record of [...cases, praise])
  await assignCase(t.cardbox, record.id, 'lead', { department: 'library', officerId: admin.id });
// A service complaint: its notice box starts from the first of the profile's ready answers.
await classifyCase(t.cardbox, cases[2]!.id, 'kim', { classification: 'service' });
// A reader (열람 전용) of the office, for the read-only case page.
await createUser(t.cardbox, {
  username: 'baek',
  name: '백열람',
  role: 'viewer',
  department: 'admin',
  phone: '258-2518',
  password,
});
await publishNotice(t.cardbox, praise.id, 'kim', '말씀하신 선생님께 칭찬을 전했습니다. 감사합니다.');
await publishToBoard(
  t.cardbox,
  praise.id,
  {
    summary: '어린이자료실 직원의 친절한 안내에 대한 칭찬',
    action: '해당 직원에게 전하고 친절 사례로 공유했습니다.',
  },
  'kim',
);
clock = Date.parse('2026-09-28T10:00:00+09:00');
await runSweep(t.cardbox);
await updateDelay(t.cardbox, cases[0]!.id, 'kim', {
  reason: '냉방기 부품 주문이 늦어지고 있습니다.',
  newDate: '2026-10-02',
});

/** Name, path, who is signed in (none, the admin kim, the reader baek), what to do before the picture. */
type Shot = [string, string, false | 'kim' | 'baek', ((page: Page) => Promise<void>)?];
const pages: Shot[] = [
  ['home', '/', false],
  ['write-choose', '/write', false],
  ['write-form', '/write?type=yellow', false],
  ['card-form', `/c/${green[1]}`, false],
  ['status-delayed', `/c/${serials[0]}`, false],
  ['status-answered', `/c/${green[0]}`, false],
  ['board', '/board', false],
  ['stats', '/stats?year=2026', false],
  ['not-found', '/c/G-0000-0000-0', false],
  ['staff-login', '/staff/login', false],
  ['staff-dashboard', '/staff', 'kim'],
  // On a phone the menu is folded behind 메뉴 (on a desktop there is no button: the page as above).
  [
    'staff-menu-open',
    '/staff',
    'kim',
    async (page) => {
      const button = page.locator('#menu-toggle');
      if (await button.isVisible()) await button.click();
    },
  ],
  ['staff-inbox', '/staff/cases', 'kim'],
  // The keyboard's focus on the second case (j j), as staff walking the inbox see it.
  [
    'staff-inbox-keys',
    '/staff/cases',
    'kim',
    async (page) => {
      await page.keyboard.press('j');
      await page.keyboard.press('j');
    },
  ],
  ['staff-case-review', `/staff/cases/${cases[1]!.id}`, 'kim'],
  ['staff-case-delayed', `/staff/cases/${cases[0]!.id}`, 'kim'],
  [
    'staff-case-preview',
    `/staff/cases/${cases[2]!.id}`,
    'kim',
    async (page) => {
      await page.fill(
        '#result',
        '화장실마다 휴지를 두 묶음씩 더 두고, 오후 3시에 한 번 더 확인하기로 했습니다.',
      );
      await page.getByRole('button', { name: '미리 보기' }).click();
      await page.waitForSelector('#preview');
    },
  ],
  [
    'staff-case-ready-answers',
    `/staff/cases/${cases[2]!.id}`,
    'kim',
    async (page) => {
      await page.getByText(/다른 준비된 답변 고르기/).click();
      await page.locator('section[aria-labelledby="notice"]').scrollIntoViewIfNeeded();
    },
  ],
  ['staff-case-answered', `/staff/cases/${praise.id}`, 'kim'],
  ['staff-new-case', '/staff/cases/new', 'kim'],
  ['staff-digitize', '/staff/digitize', 'kim'],
  ['staff-print', '/staff/print', 'kim'],
  ['staff-print-batch', `/staff/print/batches/${yellowBatch.id}?new=1`, 'kim'],
  ['staff-stats', '/staff/stats?from=2026-09-01&to=2026-09-30', 'kim'],
  ['staff-outbox', '/staff/outbox', 'kim'],
  ['staff-audit', '/staff/audit', 'kim'],
  ['staff-users', '/staff/users', 'kim'],
  ['staff-viewer-case', `/staff/cases/${cases[0]!.id}`, 'baek'],
];

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
const served = await serveWithBrowser(t);
try {
  for (const [size, device] of [
    ['phone', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }],
    ['desktop', { viewport: { width: 1366, height: 900 } }],
  ] as const) {
    const context = await served.browser.newContext({ ...device, locale: 'ko-KR' });
    const page = await context.newPage();
    let signedIn: string | false = false;
    for (const [name, path, staff, before] of pages) {
      if (staff && signedIn !== staff) {
        await context.clearCookies();
        await page.goto(`${served.base}/staff/login`);
        await page.fill('#username', staff);
        await page.fill('#password', password);
        await page.press('#password', 'Enter');
        await page.waitForURL('**/staff**');
        signedIn = staff;
      }
      await page.goto(`${served.base}${path}`);
      await before?.(page);
      await page.screenshot({
        path: join(out, `${name}-${size}.jpg`),
        fullPage: true,
        type: 'jpeg',
        quality: 70,
      });
      console.log(`${name}-${size}.jpg`);
    }
    await context.close();
  }
  for (const name of await cardPictures(t.cardbox, out, { green: green[0]!, yellow: serials[3]! }))
    console.log(name);
} finally {
  await served.close();
  await t.cleanup();
}
