import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestCardbox, tempCardbox } from '../helpers/cardbox.ts';
import { asStaff, loginAs } from '../helpers/staff.ts';

let t: TestCardbox;
beforeEach(async () => {
  t = await tempCardbox();
});
afterEach(() => t.cleanup());

const html = { headers: { accept: 'text/html' } };

describe('the app as a whole', () => {
  it('has a Korean front page that leads to writing, the board and the statistics', async () => {
    const response = await t.app.request('/', html);
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain('<html lang="ko"');
    for (const href of ['/write', '/board', '/stats', '/staff/login'])
      expect(page).toContain(`href="${href}"`);
    const english = await (await t.app.request('/?lang=en', html)).text();
    expect(english).toContain('Write feedback');
  });

  it('explains a missing page as a page to a browser and as JSON to a program', async () => {
    const page = await t.app.request('/nowhere', html);
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('페이지를 찾을 수 없습니다');
    const api = await t.app.request('/nowhere');
    expect(api.status).toBe(404);
    expect(await api.json()).toEqual({ error: expect.stringContaining('Not found') });
  });

  it('shows a refused staff action as a page', async () => {
    const { cookie } = await loginAs(t, 'viewer');
    const response = await asStaff(t, cookie, '/staff/print', html);
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('권한이 없습니다');
  });

  it('sends a strict Content-Security-Policy on every page, staff pages included', async () => {
    const { cookie } = await loginAs(t, 'admin');
    for (const path of ['/', '/staff/login', '/staff/print', '/staff/digitize', '/healthz', '/board']) {
      const response = await asStaff(t, cookie, path, html);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("default-src 'none'");
      // Staff pages run their scripts (the folding menu, the inbox's keys, …) from /static only; the
      // visitor's and public pages none.
      expect(csp, path).toContain(path.startsWith('/staff') ? "script-src 'self';" : "script-src 'none'");
      expect(csp, path).not.toContain('unsafe-inline');
      expect(response.headers.get('x-frame-options'), path).toBe('DENY');
    }
  });
});
