import { afterEach, describe, expect, it } from 'vitest';
import type { Role } from '../../src/store/records.ts';
import { type TestCardbox, tempCardbox } from '../helpers/cardbox.ts';
import { asStaff, loginAs } from '../helpers/staff.ts';

/** Issue 16: no link on the dashboard (the first-run checklist included) ends in a refusal for its reader. */
let t: TestCardbox;
afterEach(async () => t?.cleanup());

describe('the dashboard of a fresh install', () => {
  it.each<Role>(['admin', 'staff', 'viewer'])('offers a %s only links that open', async (role) => {
    t = await tempCardbox();
    const { cookie } = await loginAs(t, role);
    const html = await (await asStaff(t, cookie, '/staff')).text();
    const main = /<main id="main">(.*)<\/main>/s.exec(html)![1]!;
    expect(main).toContain('처음 설정하기');
    const links = [...main.matchAll(/href="([^"#]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
    expect(links.length).toBeGreaterThan(3);
    for (const link of links) expect((await asStaff(t, cookie, link)).status, link).toBe(200);
    // The admin's steps are still named for the others, only not linked.
    expect(main).toContain('카드 인쇄');
    expect(main).toContain('직원 계정 추가');
  });
});
