import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { receiveCase } from '../../src/cases/intake.ts';
import { type TestCardbox, tempCardbox } from '../helpers/cardbox.ts';
import { asStaff, loginAs } from '../helpers/staff.ts';

let t: TestCardbox;
beforeEach(async () => {
  t = await tempCardbox();
});
afterEach(() => t.cleanup());

const PUBLIC_STAFF_PATHS = new Set(['/staff/login', '/staff/logout']);

async function aCase() {
  const { record } = await receiveCase(t.cardbox, {
    serial: null,
    type: 'yellow',
    channel: 'cardbox',
    areas: ['general'],
    satisfaction: 2,
    message: '열람실이 너무 춥습니다',
    replyWanted: true,
    consent: true,
    contact: { phone: '010-1234-5678' },
    reading: {
      photoIds: [],
      checks: { 'area.general': true },
      fields: { message: { text: '열람실이 너무 춥습니다', confidence: 0.4 } },
      needsReview: ['message'],
      score: 0.5,
    },
  });
  return record;
}

/** Every route the app has under /staff, with its parameters filled in. */
function staffRoutes(caseId: string): { method: string; path: string }[] {
  const seen = new Set<string>();
  const routes: { method: string; path: string }[] = [];
  for (const route of t.app.routes) {
    if (route.method === 'ALL' || !route.path.startsWith('/staff') || PUBLIC_STAFF_PATHS.has(route.path))
      continue;
    const path = route.path
      .replace(':id', caseId)
      .replace(':field', 'message')
      .replace(/:[a-zA-Z]+\{.*?\}(?=\/|$)/g, '2026')
      .replace(/:[a-zA-Z]+/g, 'x');
    const key = `${route.method} ${path}`;
    if (!seen.has(key)) {
      seen.add(key);
      routes.push({ method: route.method, path });
    }
  }
  return routes;
}

describe('staff routes', () => {
  it('refuses every staff route without a session and changes nothing', async () => {
    const record = await aCase();
    const before = JSON.stringify(t.cardbox.store.cases.data);
    const routes = staffRoutes(record.id);
    // The casework routes are all there (a new route is tested by being registered).
    for (const expected of [
      'GET /staff',
      'GET /staff/cases',
      `POST /staff/cases/${record.id}/notice`,
      'POST /staff/users',
    ]) {
      expect(routes.map((r) => `${r.method} ${r.path}`)).toContain(expected);
    }
    expect(routes.length).toBeGreaterThan(20);
    for (const route of routes) {
      const body =
        route.method === 'GET' ? undefined : new URLSearchParams({ result: 'x', classification: 'praise' });
      const api = await t.app.request(route.path, {
        method: route.method,
        body,
        headers: { origin: 'http://localhost' },
      });
      expect(api.status, `${route.method} ${route.path}`).toBe(401);
      if (route.method === 'GET') {
        const page = await t.app.request(route.path, { headers: { accept: 'text/html' } });
        expect(page.status, route.path).toBe(303);
        expect(page.headers.get('location')).toMatch(/^\/staff\/login\?next=/);
      }
    }
    expect(JSON.stringify(t.cardbox.store.cases.data)).toBe(before);
  });

  it('lets a viewer read a case but not change it', async () => {
    const record = await aCase();
    const { cookie } = await loginAs(t, 'viewer');
    const page = await asStaff(t, cookie, `/staff/cases/${record.id}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('열람실이 너무 춥습니다');
    expect(html).not.toContain('결과 통지 게시');
    expect(html).not.toContain('010-1234-5678');
    const before = JSON.stringify(t.cardbox.store.cases.data);
    const writes = staffRoutes(record.id).filter(
      (r) => r.method === 'POST' && r.path.startsWith('/staff/cases'),
    );
    expect(writes.length).toBeGreaterThanOrEqual(6);
    for (const route of writes) {
      const response = await asStaff(t, cookie, route.path, {
        method: 'POST',
        body: new URLSearchParams({
          result: '고쳤습니다',
          classification: 'praise',
          department: 'library',
          name: '김담당',
          phone: '258-2533',
          outcome: 'reached',
          serial: 'G0000000000',
          channel: 'phone',
          type: 'green',
          message: '새 의견',
        }),
      });
      expect(response.status, route.path).toBe(403);
    }
    expect(JSON.stringify(t.cardbox.store.cases.data)).toBe(before);
    expect((await asStaff(t, cookie, `/staff/cases/${record.id}/contact`)).status).toBe(403);
  });

  it('shows contact details only to the assigned officer, and logs the viewing', async () => {
    const record = await aCase();
    const officer = await loginAs(t, 'staff', { name: '이담당', department: 'library', phone: '258-2533' });
    const other = await loginAs(t, 'staff');
    expect((await asStaff(t, officer.cookie, `/staff/cases/${record.id}/contact`)).status).toBe(403);
    const assign = await asStaff(t, other.cookie, `/staff/cases/${record.id}/assign`, {
      method: 'POST',
      body: new URLSearchParams({ department: 'library', officerId: officer.user.id }),
    });
    expect(assign.status).toBe(303);
    expect((await asStaff(t, other.cookie, `/staff/cases/${record.id}/contact`)).status).toBe(403);
    const view = await asStaff(t, officer.cookie, `/staff/cases/${record.id}/contact`);
    expect(view.status).toBe(200);
    expect(await view.text()).toContain('010-1234-5678');
    const entries = t.cardbox.store.audit.data.entries;
    expect(entries.filter((e) => e.action === 'contact.viewed')).toEqual([
      expect.objectContaining({ by: officer.user.username, caseId: record.id }),
    ]);
    expect(JSON.stringify(entries)).not.toContain('010-1234-5678');
  });

  it('refuses an oversized form and answers a missing image with 404, not a crash', async () => {
    const record = await aCase();
    const { cookie } = await loginAs(t, 'staff');
    const big = await asStaff(t, cookie, `/staff/cases/${record.id}/notice`, {
      method: 'POST',
      body: new URLSearchParams({ result: 'x'.repeat(100_000) }),
    });
    expect(big.status).toBe(413);
    expect(t.cardbox.store.cases.data.cases[0]!.notice).toBeUndefined();
    await t.cardbox.store.cases.update((data) => {
      data.cases[0]!.reading!.fields.message!.crop = 'crops/00/missing.png';
    });
    expect((await asStaff(t, cookie, `/staff/cases/${record.id}/crop/message`)).status).toBe(404);
    expect((await asStaff(t, cookie, `/staff/cases/${record.id}/image`)).status).toBe(404);
    expect((await asStaff(t, cookie, '/staff/cases/no-such-case')).status).toBe(404);
  });
});
