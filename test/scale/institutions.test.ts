import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/auth/index.ts';
import { issueSerials } from '../../src/cards/registry.ts';
import { readSettings } from '../../src/config/settings.ts';
import { type Deployment, openDeployment, type Site } from '../../src/deployment.ts';
import { PgInstitutionRepository } from '../../src/repositories/pg/institutions.ts';
import type { Role } from '../../src/store/records.ts';
import { chromiumFor, PHONE, seriousViolations, serveWithBrowser } from '../helpers/browser.ts';
import { runCli } from '../helpers/cli.ts';
import { freshDatabase, postgresFor, type TestDatabase } from '../helpers/postgres.ts';

/**
 * Issue 18: many institutions in one deployment. Two libraries and the education office share one database;
 * each library answers at its own address with its own staff, cards and cases; the office's administrators see
 * every library's figures; nobody sees another library's records; a card's QR finds its library.
 */
const HOSTS = { home: 'http://office.test', a: 'http://seocho.test', b: 'http://gangnam.test' } as const;

describe.runIf(postgresFor('institutions'))('a region of institutions on one database', () => {
  let database: TestDatabase;
  let dir: string;
  let deployment: Deployment;
  const site = (id: string): Site => deployment.sites.find((s) => s.id === id)!;
  const cookies = new Map<string, string>();
  const serials: Record<'a' | 'b', string[]> = { a: [], b: [] };
  let caseOfA: string;

  const request = (base: string, path: string, init: RequestInit & { as?: string } = {}) => {
    const headers = new Headers(init.headers);
    headers.set('host', new URL(base).host);
    headers.set('origin', base);
    if (init.as) headers.set('cookie', cookies.get(init.as)!);
    return deployment.fetch(new Request(`${base}${path}`, { ...init, headers, redirect: 'manual' }));
  };

  const account = async (name: string, at: 'default' | 'a' | 'b', role: Role) => {
    const password = `correct horse ${name}`;
    await createUser(site(at).cardbox, {
      username: name,
      name,
      role,
      department: 'admin',
      phone: '02-000-0000',
      password,
    });
    const base = at === 'default' ? HOSTS.home : HOSTS[at];
    const response = await request(base, '/staff/login', {
      method: 'POST',
      body: new URLSearchParams({ username: name, password, next: '/staff' }),
    });
    expect(response.status, `${name} logs in at ${base}`).toBe(303);
    cookies.set(name, response.headers.get('set-cookie')!.split(';')[0]!);
  };

  beforeAll(async () => {
    database = await freshDatabase();
    const institutions = new PgInstitutionRepository(database.pool);
    expect(await institutions.add({ id: 'a', name: '서초구립도서관', baseUrl: HOSTS.a, profile: null })).toBe(
      true,
    );
    expect(await institutions.add({ id: 'b', name: '강남구립도서관', baseUrl: HOSTS.b, profile: null })).toBe(
      true,
    );
    expect(await institutions.add({ id: 'c', name: '주소가 같은 곳', baseUrl: HOSTS.b, profile: null })).toBe(
      false,
    );
    dir = await mkdtemp(join(tmpdir(), 'cardbox-region-'));
    deployment = await openDeployment(
      readSettings({
        DATABASE_URL: database.url,
        CARDBOX_KEY: 'c'.repeat(64),
        DATA_DIR: dir,
        PUBLIC_BASE_URL: HOSTS.home,
      }),
    );
    for (const at of ['a', 'b'] as const) {
      const { serials: issued } = await issueSerials(
        site(at).cardbox.registry,
        { type: 'green', count: 3, origin: 'print', createdBy: 'setup', format: 'pdf' },
        new Date(),
      );
      serials[at] = issued;
    }
    await account('office-admin', 'default', 'admin');
    await account('office-staff', 'default', 'staff');
    await account('a-admin', 'a', 'admin');
    await account('a-staff', 'a', 'staff');
    await account('b-staff', 'b', 'staff');
  });

  afterAll(async () => {
    await deployment?.close();
    await database?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves each library at its own address, and a card written there is that library’s only', async () => {
    expect(deployment.sites.map((s) => s.id)).toEqual(['default', 'b', 'a']);
    const page = await request(HOSTS.a, `/c/${serials.a[0]}`);
    expect(page.status).toBe(200);
    const form = await page.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(form)?.[1];
    const body = new URLSearchParams({
      message: '열람실이 추워요',
      satisfaction: '3',
      ...(token ? { _csrf: token } : {}),
    });
    const sent = await request(HOSTS.a, `/c/${serials.a[0]}`, {
      method: 'POST',
      body,
      headers: { cookie: page.headers.get('set-cookie')?.split(';')[0] ?? '' },
    });
    expect(sent.status).toBe(303);
    const stored = await site('a').cardbox.cases.getBySerial(serials.a[0]!);
    expect(stored?.message).toBe('열람실이 추워요');
    caseOfA = stored!.id;
    expect(await site('b').cardbox.cases.count()).toBe(0);
    expect(await site('default').cardbox.cases.count()).toBe(0);
  });

  it('sends a card’s QR that reached another address on to the library that issued it', async () => {
    const elsewhere = await request(HOSTS.b, `/c/${serials.a[1]}`);
    expect(elsewhere.status).toBe(302);
    expect(elsewhere.headers.get('location')).toBe(`${HOSTS.a}/c/${serials.a[1]}`);
    const atOffice = await request(HOSTS.home, `/C/${serials.b[0]}?x=1`);
    expect(atOffice.headers.get('location')).toBe(`${HOSTS.b}/C/${serials.b[0]}?x=1`);
    expect((await request(HOSTS.b, `/c/${serials.b[1]}`)).status).toBe(200);
    expect((await request(HOSTS.b, '/c/NOSUCHSERIAL')).status).toBe(404);
  });

  it('sends a card’s form that reached another address on with what the visitor typed', async () => {
    const body = new URLSearchParams({ message: '주소가 바뀐 뒤에 보낸 의견', satisfaction: '4' });
    const sent = await request(HOSTS.b, `/c/${serials.a[1]}`, { method: 'POST', body });
    // 307: the browser sends the same form again, body and all, to the library that issued the card.
    expect(sent.status).toBe(307);
    expect(sent.headers.get('location')).toBe(`${HOSTS.a}/c/${serials.a[1]}`);
    // There its token is not that library's: the form comes back with the words in it, nothing stored yet.
    const there = await request(HOSTS.a, `/c/${serials.a[1]}`, { method: 'POST', body });
    expect(there.status).toBe(403);
    expect(await there.text()).toContain('주소가 바뀐 뒤에 보낸 의견');
    expect(await site('a').cardbox.cases.getBySerial(serials.a[1]!)).toBeUndefined();
  });

  it('keeps serials unique across the region', async () => {
    const taken = serials.a[2]!;
    const batch = {
      id: 'clash',
      type: 'green' as const,
      count: 1,
      createdAt: new Date().toISOString(),
      createdBy: 'x',
      format: 'pdf' as const,
    };
    const record = {
      serial: taken,
      type: 'green' as const,
      batch: 'clash',
      issuedAt: batch.createdAt,
      origin: 'print' as const,
    };
    expect(await site('b').cardbox.registry.issue(batch, [record])).toBe(false);
    expect(await site('b').cardbox.registry.find(taken)).toBeUndefined();
  });

  it('route × role: the office’s administrators see every library’s figures; each library’s staff only their own', async () => {
    const table: [who: string, base: string, path: string, expected: number][] = [
      ['office-admin', HOSTS.home, '/staff/region', 200],
      ['office-staff', HOSTS.home, '/staff/region', 403],
      ['a-admin', HOSTS.a, '/staff/region', 404],
      ['office-admin', HOSTS.home, '/staff/region/a', 200],
      ['office-admin', HOSTS.home, '/staff/region/b?show=year', 200],
      ['office-admin', HOSTS.home, '/staff/region/nosuch', 404],
      ['office-staff', HOSTS.home, '/staff/region/a', 403],
      ['a-admin', HOSTS.a, '/staff/region/a', 404],
      ['a-admin', HOSTS.home, '/staff/region/a', 303],
      ['a-staff', HOSTS.a, `/staff/cases/${caseOfA}`, 200],
      ['b-staff', HOSTS.b, `/staff/cases/${caseOfA}`, 404],
      // A session is its library's: another library's address does not know it.
      ['a-staff', HOSTS.b, '/staff/cases', 303],
      ['a-admin', HOSTS.home, '/staff/region', 303],
      ['office-admin', HOSTS.a, `/staff/cases/${caseOfA}`, 303],
    ];
    const seen: string[] = [];
    for (const [who, base, path, expected] of table) {
      const response = await request(base, path, { as: who, headers: { accept: 'text/html' } });
      seen.push(`${who} ${base}${path} → ${response.status}`);
      expect(response.status, `${who} ${base}${path}`).toBe(expected);
    }
    const overview = await (await request(HOSTS.home, '/staff/region', { as: 'office-admin' })).text();
    expect(overview).toContain('서초구립도서관');
    expect(overview).toContain('강남구립도서관');
    expect(overview).toContain(`${HOSTS.a}/stats?year=`);
    // In the office administrators' menu, marked as the current page; not in a library's.
    expect(overview).toMatch(
      /<a[^>]*href="\/staff\/region"[^>]*aria-current="page"|aria-current="page"[^>]*href="\/staff\/region"/,
    );
    const libraryDashboard = await (await request(HOSTS.a, '/staff', { as: 'a-admin' })).text();
    expect(libraryDashboard).not.toContain('/staff/region');
    // Figures only: no visitor's words reach the overview.
    expect(overview).not.toContain('열람실이 추워요');
    expect(seen).toHaveLength(table.length);
  });

  it('lets the office’s administrators read a library’s cases, never a contact detail, and the library’s audit log says so', async () => {
    const { receiveCase } = await import('../../src/cases/intake.ts');
    await receiveCase(site('a').cardbox, {
      serial: serials.a[2]!,
      type: 'green',
      channel: 'online',
      areas: [],
      satisfaction: null,
      message: '답변을 문자로 주세요',
      replyWanted: true,
      consent: true,
      contact: { phone: '01098765432' },
    });
    const open = await request(HOSTS.home, '/staff/region/a', { as: 'office-admin' });
    const page = await open.text();
    expect(page).toContain('서초구립도서관');
    expect(page).toContain('열람실이 추워요');
    expect(page).toContain('답변을 문자로 주세요');
    expect(page).toContain('읽기 전용');
    expect(page).not.toMatch(/010-?9876-?5432/);
    // No way into the library's casework from here: the office has no session there.
    expect(page).not.toContain(`/staff/cases/${caseOfA}`);
    // Another library's cases are not among them.
    const ofB = await (await request(HOSTS.home, '/staff/region/b?show=year', { as: 'office-admin' })).text();
    expect(ofB).not.toContain('열람실이 추워요');
    const logged = await site('a').cardbox.audit.list({ action: 'region.viewed' });
    expect(logged.map((e) => e.by)).toContain(
      `office-admin (${site('default').cardbox.profile.institution.name})`,
    );
    expect(await site('b').cardbox.audit.list({ action: 'region.viewed' })).toHaveLength(2);
  });

  it.runIf(chromiumFor('region overview'))(
    'shows the overview and a library’s cases to a keyboard and a screen reader, at a phone’s width and a desktop’s, axe clean',
    async () => {
      const served = await serveWithBrowser({ app: { fetch: deployment.fetch } });
      try {
        for (const [size, options] of [
          ['phone', PHONE],
          ['desktop', { viewport: { width: 1366, height: 900 } }],
        ] as const) {
          const context = await served.browser.newContext(options);
          const [name, value] = cookies.get('office-admin')!.split('=') as [string, string];
          await context.addCookies([{ name, value, url: served.base }]);
          const page = await context.newPage();
          await page.goto(`${served.base}/staff/region`);
          expect(await page.title()).toContain('기관 전체');
          expect(await seriousViolations(page)).toEqual([]);
          await page.getByRole('link', { name: '서초구립도서관', exact: true }).click();
          await page.waitForURL(/\/staff\/region\/a/);
          expect(await page.locator('h1').textContent()).toContain('서초구립도서관');
          expect(await page.getByRole('link', { name: /처리 중인 의견/ }).getAttribute('aria-current')).toBe(
            'page',
          );
          expect(await page.locator('table caption').textContent()).toContain('2건');
          expect(await seriousViolations(page)).toEqual([]);
          if (process.env.CARDBOX_SHOTS)
            await page.screenshot({
              path: join(process.env.CARDBOX_SHOTS, `region-${size}.png`),
              fullPage: true,
            });
          await context.close();
        }
      } finally {
        await served.close();
      }
    },
  );
});

describe.runIf(postgresFor('institution command'))('cardbox institution', () => {
  it('adds an institution with its first administrator, lists them, and refuses a taken address or a bad call', async () => {
    const database = await freshDatabase();
    const dir = await mkdtemp(join(tmpdir(), 'cardbox-inst-'));
    const env = {
      DATABASE_URL: database.url,
      CARDBOX_KEY: 'd'.repeat(64),
      DATA_DIR: dir,
      PUBLIC_BASE_URL: HOSTS.home,
    };
    try {
      const added = await runCli(
        ['institution', 'add', '--id', 'seocho', '--name', '서초구립도서관', '--base-url', HOSTS.a],
        env,
      );
      expect(added.err).toBe('');
      expect(added.code).toBe(0);
      expect(added.out).toMatch(/첫 관리자 "admin", 일회용 비밀번호 \S+/);
      const again = await runCli(
        ['institution', 'add', '--id', 'other', '--name', '다른 곳', '--base-url', HOSTS.a],
        env,
      );
      expect(again.code).toBe(1);
      expect(again.err).toContain('이미 있습니다');
      const bad = await runCli(
        ['institution', 'add', '--id', 'x', '--name', 'x', '--base-url', 'seocho.test'],
        env,
      );
      expect(bad.code).toBe(2);
      const listed = await runCli(['institution', 'list'], env);
      expect(listed.out.split('\n')).toEqual([
        `default\tdefault\t${HOSTS.home}`,
        `seocho\t서초구립도서관\t${HOSTS.a}`,
      ]);
      const deployment = await openDeployment(readSettings(env));
      try {
        const login = await deployment.fetch(
          new Request(`${HOSTS.a}/staff/login`, {
            headers: { host: new URL(HOSTS.a).host, accept: 'text/html' },
          }),
        );
        expect(login.status).toBe(200);
        expect(await login.text()).toContain('서초');
      } finally {
        await deployment.close();
      }
    } finally {
      await database.drop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
