import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bootstrapAdmin } from '../../src/auth/index.ts';
import { IDLE_TIMEOUT_MS } from '../../src/auth/sessions.ts';
import { type TestCardbox, tempCardbox } from '../helpers/cardbox.ts';
import { asStaff, loginAs } from '../helpers/staff.ts';

let t: TestCardbox;
let clock = Date.parse('2026-11-23T01:00:00Z');
beforeEach(async () => {
  clock = Date.parse('2026-11-23T01:00:00Z');
  t = await tempCardbox({ now: () => new Date(clock) });
});
afterEach(() => t.cleanup());

const login = (username: string, password: string) =>
  t.app.request('/staff/login', {
    method: 'POST',
    body: new URLSearchParams({ username, password }),
    headers: { origin: 'http://localhost' },
  });

describe('staff login', () => {
  it('creates the first admin once, with a one-time password that must be changed', async () => {
    const first = await bootstrapAdmin(t.cardbox, undefined);
    expect(first?.oneTimePassword).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    expect(await bootstrapAdmin(t.cardbox, undefined)).toBeNull();
    const response = await login('admin', first!.oneTimePassword!);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/staff/password');
    const cookie = response.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const session = cookie.split(';')[0]!;
    expect(
      (await asStaff(t, session, '/staff/print', { headers: { accept: 'text/html' } })).headers.get(
        'location',
      ),
    ).toBe('/staff/password');
    const change = await asStaff(t, session, '/staff/password', {
      method: 'POST',
      body: new URLSearchParams({
        current: first!.oneTimePassword!,
        password: 'a new long password',
        confirm: 'a new long password',
      }),
    });
    expect(change.status).toBe(303);
    expect((await login('admin', first!.oneTimePassword!)).status).toBe(401);
    expect((await login('admin', 'a new long password')).status).toBe(303);
  });

  it('stores no plain password and no plain session token', async () => {
    const { cookie, password } = await loginAs(t, 'staff');
    const onDisk = JSON.stringify(t.cardbox.store.auth.data);
    expect(onDisk).not.toContain(password);
    expect(onDisk).not.toContain(cookie.split('=')[1]);
    expect(onDisk).toContain('scrypt$32768$8$1$');
  });

  it('slows down guessing after five failures', async () => {
    const { user } = await loginAs(t, 'staff');
    for (let i = 0; i < 5; i++) expect((await login(user.username, `wrong ${i}`)).status).toBe(401);
    const blocked = await login(user.username, 'wrong again');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await blocked.text()).toContain('로그인 시도가 너무 많습니다');
  });

  it('ends a session after the idle timeout and on logout', async () => {
    const { cookie } = await loginAs(t, 'admin');
    expect((await asStaff(t, cookie, '/staff/print')).status).toBe(200);
    clock += IDLE_TIMEOUT_MS + 1000;
    expect((await asStaff(t, cookie, '/staff/print')).status).toBe(401);
    const again = await loginAs(t, 'admin');
    expect((await asStaff(t, again.cookie, '/staff/logout', { method: 'POST' })).status).toBe(303);
    expect((await asStaff(t, again.cookie, '/staff/print')).status).toBe(401);
  });

  it('refuses staff routes without a session, with the wrong role, or from another origin', async () => {
    expect((await t.app.request('/staff/print')).status).toBe(401);
    const page = await t.app.request('/staff/print', { headers: { accept: 'text/html' } });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/staff/login?next=%2Fstaff%2Fprint');
    const viewer = await loginAs(t, 'viewer');
    expect((await asStaff(t, viewer.cookie, '/staff/print')).status).toBe(403);
    const admin = await loginAs(t, 'admin');
    const forged = await asStaff(t, admin.cookie, '/staff/print', {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'type=green&count=4',
    });
    expect(forged.status).toBe(403);
    expect(t.cardbox.store.registry.data.serials).toHaveLength(0);
  });
});
