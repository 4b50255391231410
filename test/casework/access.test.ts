import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sealDraft } from '../../src/cases/drafts.ts';
import { receiveCase } from '../../src/cases/intake.ts';
import { contactAreas } from '../../src/casework/redact.ts';
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

/**
 * The contact rule (docs/security.md, "Access and sessions"): the assigned officer — assigned by someone
 * else — and an admin who gives an audited reason see a visitor's contact details; nobody else does, on any
 * route or image that carries them.
 */
describe('contact details: every route × every role', () => {
  const CONTACT = { phone: '010-1234-5678', email: 'visitor@mail.test' };
  const DRAFT_PHONE = '010-2222-3333';
  const DRAFT_EMAIL = 'draft@visitor.test';
  const FILES = {
    image: 'crops/aa/card-image.png',
    phone: 'crops/bb/phone-crop.png',
    email: 'crops/cc/email-crop.png',
    message: 'crops/dd/message-crop.png',
  };

  const PX_PER_MM = 8;
  /** An upright card as the reader stores it (8 px/mm): ink in the message area and in both contact areas. */
  async function cardImage(): Promise<Buffer> {
    const { layout } = t.cardbox;
    const px = (mm: number) => Math.round(mm * PX_PER_MM);
    const ink = (r: { x: number; y: number; w: number; h: number }) =>
      `<rect x="${px(r.x)}" y="${px(r.y)}" width="${px(r.w)}" height="${px(r.h)}" fill="#000"/>`;
    const message = layout.fields.find((f) => f.id === 'message')! as {
      x: number;
      y: number;
      w: number;
      h: number;
    };
    // The handwriting fills the contact areas (a little inside, where a hand writes).
    const contact = contactAreas(layout).map((r) => ink({ x: r.x + 1, y: r.y + 1, w: r.w - 2, h: r.h - 2 }));
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${px(layout.card.width)}" height="${px(layout.stub.perforationY)}"><rect width="100%" height="100%" fill="#fff"/>${ink({ ...message, h: message.h / 2 })}${contact.join('')}</svg>`;
    return sharp(Buffer.from(svg)).png().toBuffer();
  }

  /** The darkest pixel of each contact area, and of the message area, of a card image. */
  async function darkest(bytes: Uint8Array): Promise<{ contact: number[]; message: number }> {
    const { data, info } = await sharp(bytes).greyscale().raw().toBuffer({ resolveWithObject: true });
    const min = (r: { x: number; y: number; w: number; h: number }) => {
      let lowest = 255;
      for (let y = Math.round(r.y * PX_PER_MM); y < Math.round((r.y + r.h) * PX_PER_MM); y++)
        for (let x = Math.round(r.x * PX_PER_MM); x < Math.round((r.x + r.w) * PX_PER_MM); x++)
          lowest = Math.min(lowest, data[y * info.width + x]!);
      return lowest;
    };
    const message = t.cardbox.layout.fields.find((f) => f.id === 'message')! as {
      x: number;
      y: number;
      w: number;
      h: number;
    };
    return { contact: contactAreas(t.cardbox.layout).map(min), message: min(message) };
  }

  /** A card read from a photo: the whole card image, crops, sealed phone/e-mail drafts and a sealed contact. */
  async function aCardCase() {
    const { store } = t.cardbox;
    for (const [name, path] of Object.entries(FILES)) await store.files.put(path, `${name} bytes`);
    await store.files.put(FILES.image, await cardImage());
    const field = (name: string, text: string, crop: string) =>
      sealDraft(store.sealer, name, { text, confidence: 0.5, crop });
    const { record } = await receiveCase(t.cardbox, {
      serial: null,
      type: 'yellow',
      channel: 'cardbox',
      areas: ['general'],
      satisfaction: 2,
      message: '열람실이 너무 춥습니다',
      replyWanted: true,
      consent: true,
      contact: CONTACT,
      reading: {
        photoIds: [],
        image: FILES.image,
        checks: { 'area.general': true },
        fields: {
          message: field('message', '열람실이 너무 춥습니다', FILES.message),
          phone: field('phone', DRAFT_PHONE, FILES.phone),
          email: field('email', DRAFT_EMAIL, FILES.email),
        },
        needsReview: ['message', 'phone', 'email'],
        score: 0.5,
      },
    });
    return record;
  }

  const assign = (cookie: string, caseId: string, officerId: string) =>
    asStaff(t, cookie, `/staff/cases/${caseId}/assign`, {
      method: 'POST',
      body: new URLSearchParams({ department: 'library', officerId }),
    });

  it('lets only the officer assigned by another and an admin with a reason see them', async () => {
    const main = await aCardCase();
    const selfCase = await aCardCase();
    const lead = await loginAs(t, 'staff');
    const officer = await loginAs(t, 'staff', { name: '이담당', department: 'library', phone: '258-2533' });
    const selfAssigned = await loginAs(t, 'staff');
    const other = await loginAs(t, 'staff');
    const viewer = await loginAs(t, 'viewer');
    const admin = await loginAs(t, 'admin');
    const adminWithReason = await loginAs(t, 'admin');
    const selfAdmin = await loginAs(t, 'admin');
    const adminCase = await aCardCase();

    expect((await assign(lead.cookie, main.id, officer.user.id)).status).toBe(303);
    // Assigning oneself grants nothing (the old way round the rule: assign, read, assign back).
    expect((await assign(selfAssigned.cookie, selfCase.id, selfAssigned.user.id)).status).toBe(303);
    expect((await assign(selfAdmin.cookie, adminCase.id, selfAdmin.user.id)).status).toBe(303);
    // The admin's reason, audited, for this case only.
    const short = await asStaff(t, adminWithReason.cookie, `/staff/cases/${main.id}/contact`, {
      method: 'POST',
      body: new URLSearchParams({ reason: '확인' }),
    });
    expect(short.status).toBe(400);
    const REASON = '방문자 민원 재확인 요청 (전화 민원 2026-11-23)';
    const granted = await asStaff(t, adminWithReason.cookie, `/staff/cases/${main.id}/contact`, {
      method: 'POST',
      body: new URLSearchParams({ reason: REASON }),
    });
    expect(granted.status).toBe(200);
    expect(await granted.text()).toContain(CONTACT.phone);
    const forged = await asStaff(t, other.cookie, `/staff/cases/${main.id}/contact`, {
      method: 'POST',
      body: new URLSearchParams({ reason: '궁금해서 봅니다' }),
    });
    expect(forged.status).toBe(403);

    const who: { name: string; cookie: string | null; caseId: string; allowed: boolean }[] = [
      {
        name: 'assigned officer (assigned by a colleague)',
        cookie: officer.cookie,
        caseId: main.id,
        allowed: true,
      },
      { name: 'admin with a reason', cookie: adminWithReason.cookie, caseId: main.id, allowed: true },
      { name: 'admin without a reason', cookie: admin.cookie, caseId: main.id, allowed: false },
      {
        name: 'admin with a reason for another case',
        cookie: adminWithReason.cookie,
        caseId: selfCase.id,
        allowed: false,
      },
      {
        name: 'admin who assigned the case to themselves',
        cookie: selfAdmin.cookie,
        caseId: adminCase.id,
        allowed: false,
      },
      {
        name: 'staff who assigned the case to themselves',
        cookie: selfAssigned.cookie,
        caseId: selfCase.id,
        allowed: false,
      },
      { name: 'staff who assigned it to the officer', cookie: lead.cookie, caseId: main.id, allowed: false },
      { name: 'other staff', cookie: other.cookie, caseId: main.id, allowed: false },
      { name: 'viewer', cookie: viewer.cookie, caseId: main.id, allowed: false },
      { name: 'logged out', cookie: null, caseId: main.id, allowed: false },
    ];
    const SECRETS = [CONTACT.phone, CONTACT.email, DRAFT_PHONE, DRAFT_EMAIL];
    const routes: { path: (id: string) => string; shows: string[] }[] = [
      { path: (id) => `/staff/cases/${id}/contact`, shows: [CONTACT.phone, CONTACT.email] },
      { path: (id) => `/staff/cases/${id}/crop/phone`, shows: ['phone bytes'] },
      { path: (id) => `/staff/cases/${id}/crop/email`, shows: ['email bytes'] },
      // The whole card: as stored for the allowed, with the contact areas painted over for the others.
      { path: (id) => `/staff/cases/${id}/image`, shows: [] },
      // The case page: the unconfirmed drafts as text, and the crops of them.
      {
        path: (id) => `/staff/cases/${id}`,
        shows: [DRAFT_PHONE, DRAFT_EMAIL, '/crop/phone"', '/crop/email"'],
      },
    ];
    const get = (cookie: string | null, path: string) =>
      cookie ? asStaff(t, cookie, path) : t.app.request(path, { headers: { origin: 'http://localhost' } });

    // The stored card has ink in its contact areas (so a painted-over copy is told apart).
    const stored = await darkest(await t.cardbox.store.files.read(FILES.image));
    for (const level of stored.contact) expect(level).toBeLessThan(64);

    for (const person of who) {
      for (const route of routes) {
        const path = route.path(person.caseId);
        const label = `${person.name} GET ${path.replace(person.caseId, ':id')}`;
        const response = await get(person.cookie, path);
        const bytes = new Uint8Array(await response.arrayBuffer());
        const body = new TextDecoder().decode(bytes);
        const isCasePage = !/\/(contact|crop|image)/.test(path.slice(12));
        if (path.endsWith('/image') && person.cookie !== null) {
          expect(response.status, label).toBe(200);
          const original = await t.cardbox.store.files.read(FILES.image);
          const seen = await darkest(bytes);
          expect(seen.message, label).toBeLessThan(64);
          if (person.allowed) expect(Buffer.from(bytes).equals(original), label).toBe(true);
          else for (const level of seen.contact) expect(level, label).toBeGreaterThan(128);
        } else if (person.allowed) {
          expect(response.status, label).toBe(200);
          for (const text of route.shows) expect(body, label).toContain(text);
        } else {
          const expected = person.cookie === null ? 401 : isCasePage ? 200 : 403;
          expect(response.status, label).toBe(expected);
          for (const text of [...SECRETS, ...route.shows]) expect(body, label).not.toContain(text);
        }
        expect(response.headers.get('cache-control'), label).toBe('no-store');
      }
      // The message crop is no contact: every staff role sees it (the table is not refusing everything).
      const message = await get(person.cookie, `/staff/cases/${person.caseId}/crop/message`);
      expect(message.status, person.name).toBe(person.cookie === null ? 401 : 200);
    }

    // The exports never carry contact details, for anyone.
    for (const format of ['csv', 'json']) {
      const exported = await asStaff(
        t,
        admin.cookie,
        `/staff/reports/export.${format}?from=2026-01-01&to=2026-12-31`,
      );
      expect(exported.status).toBe(200);
      const text = await exported.text();
      for (const secret of SECRETS) expect(text, format).not.toContain(secret);
    }

    // Every viewing is audited, with the admin's reason; no refusal left a viewing behind.
    const viewed = t.cardbox.store.audit.data.entries.filter((e) => e.action === 'contact.viewed');
    expect(new Set(viewed.map((e) => e.by))).toEqual(
      new Set([officer.user.username, adminWithReason.user.username]),
    );
    const adminViews = viewed.filter((e) => e.by === adminWithReason.user.username);
    expect(adminViews.length).toBeGreaterThanOrEqual(2);
    for (const entry of adminViews) expect(entry.detail).toContain(REASON);
    expect(JSON.stringify(t.cardbox.store.audit.data.entries)).not.toContain(CONTACT.phone);
  });

  it('offers an admin the reason form, and the reason lasts 15 minutes', async () => {
    let clock = Date.parse('2026-11-23T01:00:00Z');
    await t.cleanup();
    t = await tempCardbox({ now: () => new Date(clock) });
    const record = await aCardCase();
    const admin = await loginAs(t, 'admin');
    const page = await asStaff(t, admin.cookie, `/staff/cases/${record.id}`);
    expect(await page.text()).toContain(`/staff/cases/${record.id}/contact`);
    const form = await asStaff(t, admin.cookie, `/staff/cases/${record.id}/contact`);
    expect(form.status).toBe(403);
    const html = await form.text();
    expect(html).toContain('열람 사유');
    expect(html).toContain('name="reason"');
    expect(html).not.toContain(CONTACT.phone);
    const reason = await asStaff(t, admin.cookie, `/staff/cases/${record.id}/contact`, {
      method: 'POST',
      body: new URLSearchParams({ reason: '민원인 요청으로 회신 확인' }),
    });
    expect(reason.status).toBe(200);
    expect((await asStaff(t, admin.cookie, `/staff/cases/${record.id}/image`)).status).toBe(200);
    clock += 14 * 60_000;
    expect((await asStaff(t, admin.cookie, `/staff/cases/${record.id}/crop/phone`)).status).toBe(200);
    clock += 2 * 60_000;
    expect((await asStaff(t, admin.cookie, `/staff/cases/${record.id}/crop/phone`)).status).toBe(403);
    expect((await asStaff(t, admin.cookie, `/staff/cases/${record.id}/contact`)).status).toBe(403);
  });

  it('lets staff without the right confirm a reading without seeing the drafts, which stay sealed', async () => {
    const record = await aCardCase();
    const other = await loginAs(t, 'staff');
    const confirm = await asStaff(t, other.cookie, `/staff/cases/${record.id}/review`, {
      method: 'POST',
      body: new URLSearchParams({
        'field.message': '열람실이 너무 춥습니다',
        'field.phone': '',
        'field.email': '',
        check: 'area.general',
      }),
    });
    expect(confirm.status).toBe(303);
    const stored = t.cardbox.store.cases.data.cases.find((c) => c.id === record.id)!;
    expect(t.cardbox.sealer.open<{ phone?: string; email?: string }>(stored.contact!)).toMatchObject({
      phone: DRAFT_PHONE,
      email: DRAFT_EMAIL,
    });
  });
});
