import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestCardbox, tempCardbox } from '../helpers/cardbox.ts';
import { asStaff, loginAs } from '../helpers/staff.ts';

/**
 * Access and sessions (docs/security.md): the login throttle under parallel guesses, cross-site login and
 * logout, the current password for a change, and the `next` parameter.
 */
let t: TestCardbox;
beforeEach(async () => {
  t = await tempCardbox();
});
afterEach(() => t.cleanup());

const SAME_ORIGIN = { origin: 'http://localhost' };

const login = (form: Record<string, string>, headers: Record<string, string> = SAME_ORIGIN) =>
  t.app.request('/staff/login', { method: 'POST', body: new URLSearchParams(form), headers });

const sessionsOf = (userId: string) => t.cardbox.store.auth.data.sessions.filter((s) => s.userId === userId);

describe('login throttle', () => {
  it('evaluates at most five of 100 parallel guesses, and the right one among them gets no session', async () => {
    // The clock stands still for the burst: on a busy machine 100 requests can spread over seconds, and the
    // throttle rightly lets one more guess through after each doubling wait (1 s, 2 s, …).
    const frozen = t.cardbox.now();
    t.cardbox.now = () => frozen;
    const { user, password } = await loginAs(t, 'staff');
    const before = sessionsOf(user.id).length;
    const guesses = Array.from({ length: 100 }, (_, i) => (i === 77 ? password : `wrong guess ${i}`));
    const responses = await Promise.all(
      guesses.map((guess) => login({ username: user.username, password: guess })),
    );
    const statuses = responses.map((r) => r.status);
    const evaluated = statuses.filter((s) => s !== 429);
    expect(evaluated.length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(95);
    expect(statuses[77]).toBe(429);
    expect(responses[77]!.headers.get('set-cookie') ?? '').not.toContain('cardbox_session');
    expect(sessionsOf(user.id).length).toBe(before);
    expect(await responses[77]!.text()).toContain('로그인 시도가 너무 많습니다');
  });
});

describe('cross-site login and logout', () => {
  it('refuses a login posted from another site and stores no session', async () => {
    const { user, password } = await loginAs(t, 'staff');
    const before = sessionsOf(user.id).length;
    for (const headers of [
      { origin: 'https://evil.example' },
      { 'sec-fetch-site': 'cross-site', origin: 'null' },
      {} as Record<string, string>,
    ]) {
      const response = await login({ username: user.username, password }, headers);
      expect(response.status, JSON.stringify(headers)).toBe(403);
      expect(response.headers.get('set-cookie') ?? '').not.toContain('cardbox_session');
    }
    expect(sessionsOf(user.id).length).toBe(before);
    const forged = await login(
      { username: user.username, password },
      { origin: 'https://evil.example', accept: 'text/html' },
    );
    expect(await forged.text()).toContain('다른 사이트에서 보낸 요청은 받지 않습니다');
    // From this site (or the public address) it works.
    expect((await login({ username: user.username, password })).status).toBe(303);
    expect((await login({ username: user.username, password }, { origin: 'http://cards.test' })).status).toBe(
      303,
    );
  });

  it('refuses a logout posted from another site, keeping the session', async () => {
    const { cookie } = await loginAs(t, 'admin');
    const forged = await asStaff(t, cookie, '/staff/logout', {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    expect(forged.status).toBe(403);
    expect((await asStaff(t, cookie, '/staff/print')).status).toBe(200);
    const real = await asStaff(t, cookie, '/staff/logout', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    expect(real.status).toBe(303);
    expect((await asStaff(t, cookie, '/staff/print')).status).toBe(401);
  });
});

describe('password change', () => {
  it('asks for the current password, and a wrong one changes nothing', async () => {
    const { cookie, user, password } = await loginAs(t, 'staff');
    const hash = user.passwordHash;
    const page = await (await asStaff(t, cookie, '/staff/password')).text();
    expect(page).toContain('name="current"');
    const change = (form: Record<string, string>) =>
      asStaff(t, cookie, '/staff/password', { method: 'POST', body: new URLSearchParams(form) });
    const without = await change({ password: 'taken over 12345', confirm: 'taken over 12345' });
    expect(without.status).toBe(403);
    const wrong = await change({
      current: 'not my password',
      password: 'taken over 12345',
      confirm: 'taken over 12345',
    });
    expect(wrong.status).toBe(403);
    expect(await wrong.text()).toContain('지금 비밀번호가 맞지 않습니다');
    expect(t.cardbox.store.auth.data.users.find((u) => u.id === user.id)!.passwordHash).toBe(hash);
    expect((await login({ username: user.username, password: 'taken over 12345' })).status).toBe(401);
    const right = await change({
      current: password,
      password: 'my own new one 1',
      confirm: 'my own new one 1',
    });
    expect(right.status).toBe(303);
    expect((await login({ username: user.username, password: 'my own new one 1' })).status).toBe(303);
  });
});

describe('the login `next` parameter', () => {
  it('never gives a 500, and redirects only to a path of this site under /staff', async () => {
    const { user, password } = await loginAs(t, 'staff');
    const cases: [string, string][] = [
      ['/staff\r\nSet-Cookie: evil=1', '/staff'],
      ['/staff/cases\nX', '/staff'],
      ['/staff/cases?page=2', '/staff/cases?page=2'],
      ['/staff/cases/한글', '/staff/cases/%ED%95%9C%EA%B8%80'],
      ['//evil.example/staff', '/staff'],
      ['https://evil.example/staff', '/staff'],
      ['/staff\\..\\evil', '/staff'],
      ['/staffevil', '/staff'],
      ['/staff/../board', '/staff'],
      ['/staff/\tcases', '/staff'],
    ];
    for (const [next, expected] of cases) {
      const response = await login({ username: user.username, password, next });
      expect(response.status, JSON.stringify(next)).toBe(303);
      expect(response.headers.get('location'), JSON.stringify(next)).toBe(expected);
    }
    // The login page itself never echoes a bad one into its form.
    const page = await t.app.request(`/staff/login?next=${encodeURIComponent('/staff\r\nX')}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('name="next" value="/staff"');
  });
});
