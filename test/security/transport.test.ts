import { afterEach, describe, expect, it } from 'vitest';
import { issueSerials } from '../../src/cards/registry.ts';
import { newSerial } from '../../src/cards/serial.ts';
import { readSettings } from '../../src/config/settings.ts';
import { type TestCardbox, tempCardbox } from '../helpers/cardbox.ts';
import { asStaff, loginAs } from '../helpers/staff.ts';

/**
 * Access and sessions (docs/security.md): the client address behind a reverse proxy, headers over TLS,
 * no-store on staff pages, and the rate limit on probing serials.
 */
const open: TestCardbox[] = [];
async function cardbox(env: Record<string, string> = {}): Promise<TestCardbox> {
  const t = await tempCardbox({ env });
  open.push(t);
  return t;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.cleanup()));
});

const cookieValue = (response: Response, name: string): string | undefined =>
  response.headers
    .getSetCookie()
    .find((line) => line.startsWith(`${name}=`))
    ?.split(';')[0];

/** A visitor's form post to /write, as a browser sends it (the CSRF cookie and token from the form page). */
async function writeCard(t: TestCardbox, headers: Record<string, string>): Promise<number> {
  const form = await t.app.request('/write?type=green', { headers });
  const cookie = cookieValue(form, 'cardbox_csrf')!;
  const html = await form.text();
  const token = /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
  const submission = /name="submission" value="([^"]+)"/.exec(html)![1]!;
  const response = await t.app.request('/write', {
    method: 'POST',
    headers: { ...headers, cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: token, type: 'green', submission, message: '좋아요' }),
  });
  return response.status;
}

describe('TRUST_PROXY', () => {
  it('is a hop count, checked at start', () => {
    expect(readSettings({}).TRUST_PROXY).toBe(0);
    expect(readSettings({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(readSettings({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
    expect(() => readSettings({ TRUST_PROXY: 'yes' })).toThrow(/TRUST_PROXY/);
  });

  it('a client rotating X-Forwarded-For does not escape the visitor rate limit', async () => {
    const t = await cardbox({ TRUST_PROXY: '1', SUBMIT_RATE_LIMIT: '3/600' });
    const statuses: number[] = [];
    // The proxy appends the address it saw (203.0.113.7); the client writes whatever it likes before it.
    for (let i = 0; i < 6; i++) {
      statuses.push(await writeCard(t, { 'x-forwarded-for': `10.0.0.${i}, 198.18.${i}.1, 203.0.113.7` }));
    }
    expect(statuses).toEqual([303, 303, 303, 429, 429, 429]);
    // Another client behind the same proxy is counted apart.
    expect(await writeCard(t, { 'x-forwarded-for': '203.0.113.99' })).toBe(303);
  });

  it('takes the address the nearest proxies appended, counting TRUST_PROXY hops from the right', async () => {
    const t = await cardbox({ TRUST_PROXY: '2', SUBMIT_RATE_LIMIT: '2/600' });
    // Two proxies: the outer one appended the client (192.0.2.5), the inner one the outer proxy (10.1.1.1).
    const via = (spoof: string) => ({ 'x-forwarded-for': `${spoof}, 192.0.2.5, 10.1.1.1` });
    expect(await writeCard(t, via('1.1.1.1'))).toBe(303);
    expect(await writeCard(t, via('2.2.2.2'))).toBe(303);
    expect(await writeCard(t, via('3.3.3.3'))).toBe(429);
    expect(await writeCard(t, { 'x-forwarded-for': '192.0.2.6, 10.1.1.1' })).toBe(303);
  });

  it('a client rotating X-Forwarded-For does not escape the login throttle', async () => {
    const t = await cardbox({ TRUST_PROXY: '1' });
    // Password spraying: one guess per account, so only the address ties the guesses together.
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const response = await t.app.request('/staff/login', {
        method: 'POST',
        headers: { origin: 'http://localhost', 'x-forwarded-for': `10.9.${i}.${i}, 203.0.113.7` },
        body: new URLSearchParams({ username: `user${i}`, password: 'Summer2026!!' }),
      });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    // Another client behind the same proxy is not slowed down by it.
    const other = await t.app.request('/staff/login', {
      method: 'POST',
      headers: { origin: 'http://localhost', 'x-forwarded-for': '10.9.9.9, 203.0.113.99' },
      body: new URLSearchParams({ username: 'someone', password: 'Summer2026!!' }),
    });
    expect(other.status).toBe(401);
  });
});

describe('headers', () => {
  it('sends Cache-Control: no-store on every /staff response', async () => {
    const t = await cardbox();
    const admin = await loginAs(t, 'admin');
    const paths = [
      '/staff',
      '/staff/cases',
      '/staff/users',
      '/staff/login',
      '/staff/no-such-page',
      '/staff/print',
    ];
    for (const path of paths) {
      const response = await asStaff(t, admin.cookie, path, { headers: { accept: 'text/html' } });
      expect(response.headers.get('cache-control'), path).toBe('no-store');
    }
    // Logged out too (the redirect to the login page), and the one-time password of a new account.
    const anonymous = await t.app.request('/staff/cases', { headers: { accept: 'text/html' } });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('cache-control')).toBe('no-store');
    const created = await asStaff(t, admin.cookie, '/staff/users', {
      method: 'POST',
      body: new URLSearchParams({
        username: 'kim',
        name: '김사서',
        role: 'staff',
        department: 'library',
        phone: '258-2533',
      }),
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
  });

  it('sends HSTS and a Secure CSRF cookie only when the request came over TLS', async () => {
    const plain = await cardbox();
    const overHttp = await plain.app.request('/write?type=green');
    expect(overHttp.headers.get('strict-transport-security')).toBeNull();
    expect(overHttp.headers.getSetCookie().join('\n')).not.toMatch(/Secure/i);
    // A client cannot claim TLS without a trusted proxy.
    const claimed = await plain.app.request('/write?type=green', {
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(claimed.headers.get('strict-transport-security')).toBeNull();

    const proxied = await cardbox({ TRUST_PROXY: '1' });
    const tls = { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.7' };
    const visitor = await proxied.app.request('/write?type=green', { headers: tls });
    expect(visitor.headers.get('strict-transport-security')).toMatch(/^max-age=31536000/);
    const csrfCookie = visitor.headers.getSetCookie().find((line) => line.startsWith('cardbox_csrf='));
    expect(csrfCookie).toMatch(/;\s*Secure/i);
    const staffPage = await proxied.app.request('/staff/login', { headers: tls });
    expect(staffPage.headers.get('strict-transport-security')).toMatch(/^max-age=31536000/);
    expect(staffPage.headers.get('cache-control')).toBe('no-store');
    // The proxy saying plain http: no HSTS.
    const httpProxied = await proxied.app.request('/write?type=green', {
      headers: { 'x-forwarded-proto': 'http' },
    });
    expect(httpProxied.headers.get('strict-transport-security')).toBeNull();
  });

  it('marks the session cookie Secure behind a TLS proxy', async () => {
    const t = await cardbox({ TRUST_PROXY: '1' });
    const { user, password } = await loginAs(t, 'staff');
    const response = await t.app.request('/staff/login', {
      method: 'POST',
      headers: { origin: 'http://localhost', 'x-forwarded-proto': 'https' },
      body: new URLSearchParams({ username: user.username, password }),
    });
    expect(response.status).toBe(303);
    const session = response.headers.getSetCookie().find((line) => line.startsWith('cardbox_session='));
    expect(session).toMatch(/;\s*Secure/i);
  });
});

describe('probing serials', () => {
  it('limits unknown-serial lookups per client, then refuses every lookup from it until the window ends', async () => {
    const t = await cardbox({ TRUST_PROXY: '1', LOOKUP_RATE_LIMIT: '10/600' });
    const { serials } = await issueSerials(
      t.cardbox.registry,
      { type: 'green', count: 1, origin: 'print', createdBy: 'test', format: 'pdf' },
      new Date(),
    );
    const real = serials[0]!;
    const prober = { 'x-forwarded-for': '203.0.113.7' };
    // A real card is never counted: the visitor opening their own card again and again is fine.
    for (let i = 0; i < 15; i++) {
      expect((await t.app.request(`/C/${real}`, { headers: prober })).status).toBe(200);
    }
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const guess = i % 2 ? newSerial('green') : `G-${String(i).padStart(4, '0')}-0000-0`;
      const prefix = i % 3 ? '/C' : '/c';
      statuses.push((await t.app.request(`${prefix}/${guess}`, { headers: prober })).status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 404)).toBe(true);
    expect(statuses.slice(10).every((s) => s === 429)).toBe(true);
    // Past the limit a hit must not look different from a miss.
    const hit = await t.app.request(`/C/${real}`, { headers: prober });
    expect(hit.status).toBe(429);
    expect(hit.headers.get('retry-after')).toMatch(/^\d+$/);
    const text = await hit.text();
    expect(text).toContain('잠시 후 다시');
    const miss = newSerial('green');
    const missed = await t.app.request(`/C/${miss}`, { headers: prober });
    expect(missed.status).toBe(429);
    expect(text.replaceAll(real, 'SERIAL')).toBe((await missed.text()).replaceAll(miss, 'SERIAL'));
    // Another client is not affected.
    expect(
      (await t.app.request(`/C/${real}`, { headers: { 'x-forwarded-for': '198.51.100.9' } })).status,
    ).toBe(200);
  });

  it('can be turned off', async () => {
    const t = await cardbox({ LOOKUP_RATE_LIMIT: 'off' });
    for (let i = 0; i < 40; i++) expect((await t.app.request(`/C/${newSerial('yellow')}`)).status).toBe(404);
  });
});
