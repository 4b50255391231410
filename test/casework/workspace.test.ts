import { afterEach, describe, expect, it } from 'vitest';
import { assignCase } from '../../src/cases/assign.ts';
import { receiveCase } from '../../src/cases/intake.ts';
import { publishNotice } from '../../src/cases/notice.ts';
import type { Role } from '../../src/store/records.ts';
import { type TestCardbox, tempCardbox } from '../helpers/cardbox.ts';
import { asStaff, loginAs } from '../helpers/staff.ts';

/** The staff workspace as staff move through it: no link that ends in a refusal, no feature without a way in. */
let t: TestCardbox;
afterEach(async () => t?.cleanup());

describe('the staff menu', () => {
  it.each<Role>(['admin', 'staff', 'viewer'])('offers a %s only pages that let them in', async (role) => {
    t = await tempCardbox();
    const { cookie } = await loginAs(t, role);
    const html = await (await asStaff(t, cookie, '/staff')).text();
    const nav = /<nav aria-label="직원 메뉴">(.*?)<\/nav>/s.exec(html)![1]!;
    const links = [...nav.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(3);
    for (const link of links) expect((await asStaff(t, cookie, link)).status, link).toBe(200);
    if (role !== 'admin') expect(nav).not.toContain('카드 인쇄');
  });
});

describe('the results board from the case page', () => {
  it('an answered case offers the board form; publishing it returns to the case and shows on /board', async () => {
    t = await tempCardbox();
    const { record } = await receiveCase(t.cardbox, {
      serial: null,
      type: 'green',
      channel: 'online',
      areas: ['facility'],
      satisfaction: 4,
      message: '자전거 거치대가 있으면 좋겠습니다',
      replyWanted: false,
      consent: false,
    });
    await assignCase(t.cardbox, record.id, 'tester', {
      department: 'admin',
      name: '한담당',
      phone: '258-2518',
    });
    await publishNotice(t.cardbox, record.id, 'tester', '정문 옆에 거치대를 설치했습니다.');
    const { cookie } = await loginAs(t, 'staff');
    const page = await (await asStaff(t, cookie, `/staff/cases/${record.id}`)).text();
    expect(page).toContain(`action="/staff/reports/board/${record.id}"`);
    const published = await asStaff(t, cookie, `/staff/reports/board/${record.id}`, {
      method: 'POST',
      body: new URLSearchParams({
        next: `/staff/cases/${record.id}`,
        summary: '자전거 거치대 설치 요청',
        action: '정문 옆에 거치대를 설치했습니다.',
      }),
    });
    expect(published.status).toBe(303);
    expect(published.headers.get('location')).toBe(`/staff/cases/${record.id}`);
    expect(await (await t.app.request('/board')).text()).toContain('자전거 거치대 설치 요청');
  });
});
