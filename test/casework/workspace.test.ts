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

/** A printed card of `type` sent online by its visitor (the fields given replace the defaults). */
async function cardSentOnline(
  type: 'green' | 'yellow',
  fields: Partial<Parameters<typeof receiveCase>[1]> = {},
): Promise<{ serial: string; record: Awaited<ReturnType<typeof receiveCase>>['record'] }> {
  const { issueSerials } = await import('../../src/cards/registry.ts');
  const { serials } = await issueSerials(
    t.cardbox.registry,
    { type, count: 1, origin: 'print', createdBy: 't', format: 'pdf' },
    t.cardbox.now(),
  );
  const { record } = await receiveCase(t.cardbox, {
    serial: serials[0]!,
    type,
    channel: 'online',
    areas: [],
    satisfaction: null,
    message: '의견',
    replyWanted: false,
    consent: false,
    ...fields,
  });
  return { serial: serials[0]!, record };
}

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
    // The current page is marked in the menu.
    expect(nav).toContain('href="/staff" aria-current="page"');
    const inbox = await (await asStaff(t, cookie, '/staff/cases')).text();
    expect(inbox).toContain('href="/staff/cases" aria-current="page"');
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

describe('confirming a card reading', () => {
  it('never turns an undecided box into "not ticked": one Enter is refused until staff decide it, and the contact stays', async () => {
    t = await tempCardbox();
    const { sealDraft } = await import('../../src/cases/drafts.ts');
    const { record } = await receiveCase(t.cardbox, {
      serial: null,
      type: 'yellow',
      channel: 'cardbox',
      areas: [],
      satisfaction: null,
      message: '주차장이 좁아요',
      replyWanted: true,
      consent: false,
      reading: {
        photoIds: [],
        checks: { 'area.facility': true, 'reply.wanted': true, 'consent.privacy': null },
        fields: {
          message: { text: '주차장이 좁아요', confidence: 0.9 },
          phone: sealDraft(t.cardbox.sealer, 'phone', { text: '01098765432', confidence: 0.5 }),
        },
        needsReview: ['phone', 'checkbox-undecided'],
        score: 0.6,
      },
    });
    const { cookie } = await loginAs(t, 'staff');
    const page = await (await asStaff(t, cookie, `/staff/cases/${record.id}`)).text();
    // Shown as undecided, with a required choice, not as an unticked box.
    expect(page).toContain('name="decide.consent.privacy"');
    expect(page).toMatch(/name="decide\.consent\.privacy" value="yes" required/);
    const review = (fields: Record<string, string>) =>
      asStaff(t, cookie, `/staff/cases/${record.id}/review`, {
        method: 'POST',
        body: new URLSearchParams(fields),
      });
    // What a browser would send if the required choice were skipped: refused, nothing changed.
    const enter = await review({
      'field.message': '주차장이 좁아요',
      'field.phone': '01098765432',
      check: 'area.facility',
    });
    expect(enter.status).toBe(400);
    expect(await enter.text()).toContain('개인정보 수집 동의');
    const unchanged = t.cardbox.store.cases.data.cases[0]!;
    expect(unchanged.reading!.checks['consent.privacy']).toBeNull();
    expect(unchanged.reading!.fields.phone!.sealed).toBeDefined();
    // Decided: the consent is ticked on the card, so the phone number is kept (sealed).
    const decided = await review({
      'field.message': '주차장이 좁아요',
      'field.phone': '01098765432',
      check: 'area.facility',
      'decide.consent.privacy': 'yes',
    });
    expect(decided.status).toBe(303);
    const confirmed = t.cardbox.store.cases.data.cases[0]!;
    expect(confirmed.consent).toBe(true);
    expect(t.cardbox.sealer.open(confirmed.contact!)).toEqual({ phone: '01098765432' });
  });
});

describe('the dashboard as a to-do list', () => {
  it('a fresh install shows the first steps; readings to confirm, vouchers to hand over are counted and done', async () => {
    let clock = Date.parse('2026-09-22T10:00:00+09:00');
    t = await tempCardbox({ now: () => new Date(clock) });
    const { runSweep } = await import('../../src/cases/sweep.ts');
    const admin = await loginAs(t, 'admin');
    const dashboard = async () => (await asStaff(t, admin.cookie, '/staff')).text();
    const fresh = await dashboard();
    expect(fresh).toContain('처음 설정하기');
    for (const step of ['카드 인쇄', '카드 없이 쓰기', '직원 계정 추가', 'SMTP_URL', 'SMS_WEBHOOK_URL'])
      expect(fresh).toContain(step);

    const { record } = await receiveCase(t.cardbox, {
      serial: null,
      type: 'yellow',
      channel: 'cardbox',
      areas: ['facility'],
      satisfaction: 2,
      message: '냉방이 약해요',
      replyWanted: false,
      consent: false,
      reading: {
        photoIds: ['p'],
        checks: { 'area.facility': true },
        fields: { message: { text: '냉방이 약해요', confidence: 0.8 } },
        needsReview: [],
        score: 0.8,
      },
    });
    expect(await dashboard()).toContain('카드 판독 확인 1건');
    expect(await (await asStaff(t, admin.cookie, '/staff/cases?status=review')).text()).toContain(
      `/staff/cases/${record.id}`,
    );
    // The deadline passes: a voucher to hand over.
    clock = Date.parse('2026-09-28T10:00:00+09:00');
    await runSweep(t.cardbox);
    const again = await loginAs(t, 'admin');
    const todo = await (await asStaff(t, again.cookie, '/staff')).text();
    expect(todo).toContain('전달할 보상(상품권) 1건');
    const number = t.cardbox.store.cases.data.cases[0]!.vouchers![0]!.number;
    const handed = await asStaff(t, again.cookie, `/staff/cases/${record.id}/vouchers/${number}/handed`, {
      method: 'POST',
      body: new URLSearchParams(),
    });
    expect(handed.status).toBe(303);
    expect(await (await asStaff(t, again.cookie, '/staff')).text()).toContain('전달할 보상(상품권) 0건');
    expect(await (await asStaff(t, again.cookie, `/staff/cases/${record.id}`)).text()).toContain('전달함');
  });
});

describe('after a password change or logout', () => {
  it('the login page says what happened instead of a blank form', async () => {
    t = await tempCardbox();
    const { cookie, password } = await loginAs(t, 'staff');
    const changed = await asStaff(t, cookie, '/staff/password', {
      method: 'POST',
      body: new URLSearchParams({
        current: password,
        password: 'a much longer secret 42',
        confirm: 'a much longer secret 42',
      }),
    });
    expect(changed.status).toBe(303);
    const page = await (await t.app.request(changed.headers.get('location')!)).text();
    expect(page).toContain('비밀번호를 바꾸었습니다. 새 비밀번호로 다시 로그인해 주세요.');
    const other = await loginAs(t, 'staff');
    const out = await asStaff(t, other.cookie, '/staff/logout', { method: 'POST' });
    expect(await (await t.app.request(out.headers.get('location')!)).text()).toContain('로그아웃했습니다.');
    // Anything else in the query shows nothing made up.
    expect(await (await t.app.request('/staff/login?done=<script>')).text()).not.toContain('<script>');
  });
});

describe('the inbox for triage', () => {
  it('finds by serial or words, previews each message (a draft says so), says why a card needs a look, and walks the cards to confirm', async () => {
    t = await tempCardbox();
    const { issueSerials } = await import('../../src/cards/registry.ts');
    const { serials } = await issueSerials(
      t.cardbox.registry,
      { type: 'yellow', count: 3, origin: 'print', createdBy: 't', format: 'pdf' },
      t.cardbox.now(),
    );
    const card = (serial: string, message: string, confidence: number, receivedAt: string) =>
      receiveCase(t.cardbox, {
        serial,
        type: 'yellow',
        channel: 'cardbox',
        receivedAt: new Date(receivedAt),
        areas: [],
        satisfaction: null,
        message,
        replyWanted: false,
        consent: false,
        reading: {
          photoIds: ['p'],
          checks: { 'area.facility': null },
          fields: { message: { text: message, confidence } },
          needsReview: [],
          score: confidence,
        },
      });
    const older = (await card(serials[0]!, '주차장 조명이 어둡습니다', 0.3, '2026-11-01T01:00:00Z')).record;
    const newer = (await card(serials[1]!, '화장실 휴지가 없어요', 0.9, '2026-11-02T01:00:00Z')).record;
    await receiveCase(t.cardbox, {
      serial: serials[2]!,
      type: 'yellow',
      channel: 'online',
      areas: ['facility'],
      satisfaction: 2,
      message: '열람실 의자가 삐걱거립니다',
      replyWanted: false,
      consent: false,
    });
    const { cookie } = await loginAs(t, 'staff');
    const inbox = async (query: string) => (await asStaff(t, cookie, `/staff/cases${query}`)).text();
    const all = await inbox('');
    expect(all).toContain('판독 초안: </em>주차장 조명이 어둡습니다');
    expect(all).toContain('열람실 의자가 삐걱거립니다');
    expect(all).toMatch(/확인 필요: 카드 판독 미확인, 판독 신뢰도 낮음 \(내용\), 불확실한 체크 칸 1개/);
    // Search: by words, by the serial as printed or typed without hyphens.
    const byWord = await inbox('?q=%EC%A3%BC%EC%B0%A8%EC%9E%A5');
    expect(byWord).toContain(`/staff/cases/${older.id}`);
    expect(byWord).not.toContain(`/staff/cases/${newer.id}`);
    const printed = `${serials[1]!.slice(0, 1)}-${serials[1]!.slice(1, 5)}-${serials[1]!.slice(5, 9)}-${serials[1]!.slice(9)}`;
    expect(await inbox(`?q=${encodeURIComponent(printed)}`)).toContain(`/staff/cases/${newer.id}`);
    expect(await inbox(`?q=${serials[1]!.toLowerCase()}`)).toContain(`/staff/cases/${newer.id}`);
    // Review next: the oldest unconfirmed card first, then the next, then back to the inbox.
    expect(all).toContain('확인할 카드 2장 차례로 보기');
    const first = await asStaff(t, cookie, '/staff/cases/next-review');
    expect(first.headers.get('location')).toBe(`/staff/cases/${older.id}?walk=1`);
    const confirm = (id: string) =>
      asStaff(t, cookie, `/staff/cases/${id}/review`, {
        method: 'POST',
        body: new URLSearchParams({ 'field.message': '확인', 'decide.area.facility': 'no' }),
      });
    expect((await confirm(older.id)).status).toBe(303);
    expect(await (await asStaff(t, cookie, `/staff/cases/${older.id}`)).text()).toContain(
      '다음 확인할 카드로',
    );
    expect((await asStaff(t, cookie, '/staff/cases/next-review')).headers.get('location')).toBe(
      `/staff/cases/${newer.id}?walk=1`,
    );
    await confirm(newer.id);
    expect((await asStaff(t, cookie, '/staff/cases/next-review')).headers.get('location')).toContain(
      '/staff/cases?status=review',
    );
  });
});

describe('bulk actions in the inbox', () => {
  it('classifies and assigns the chosen cases at once, each with its history, and says how many', async () => {
    t = await tempCardbox();
    const ids: string[] = [];
    for (const message of ['책이 찢어졌어요', '대출 기간을 늘려 주세요', '친절했어요']) {
      const { record } = await receiveCase(t.cardbox, {
        serial: null,
        type: 'green',
        channel: 'online',
        areas: ['general'],
        satisfaction: 4,
        message,
        replyWanted: false,
        consent: false,
      });
      ids.push(record.id);
    }
    const officer = await loginAs(t, 'staff', { name: '윤사서', department: 'library', phone: '258-2533' });
    const inbox = await (await asStaff(t, officer.cookie, '/staff/cases')).text();
    expect(inbox).toContain('form="bulk"');
    const body = new URLSearchParams({
      back: '/staff/cases?type=green',
      classification: 'suggestion',
      officerId: officer.user.id,
    });
    body.append('ids', ids[0]!);
    body.append('ids', ids[1]!);
    const bulk = await asStaff(t, officer.cookie, '/staff/cases/bulk', { method: 'POST', body });
    expect(bulk.status).toBe(303);
    expect(bulk.headers.get('location')).toBe('/staff/cases?type=green&bulk=2');
    const [a, b, c] = ids.map((id) => t.cardbox.store.cases.data.cases.find((r) => r.id === id)!);
    for (const record of [a!, b!]) {
      expect(record.classification).toBe('suggestion');
      expect(record.officer).toMatchObject({ name: '윤사서', department: 'library' });
      expect(record.history?.map((h) => h.what).join(' ')).toContain('분류');
    }
    expect(c!.classification).toBeUndefined();
    expect(await (await asStaff(t, officer.cookie, bulk.headers.get('location')!)).text()).toContain(
      '선택한 의견 2건을 바꾸었습니다.',
    );
  });
});

describe('the audit log', () => {
  it('reads in Korean with the serial, filters by person, action and date, and exports what it shows', async () => {
    t = await tempCardbox();
    const { serial, record } = await cardSentOnline('green', { satisfaction: 5, message: '좋아요' });
    const serials = [serial];
    const staff = await loginAs(t, 'staff');
    await asStaff(t, staff.cookie, `/staff/cases/${record.id}/classify`, {
      method: 'POST',
      body: new URLSearchParams({ classification: 'praise' }),
    });
    const admin = await loginAs(t, 'admin');
    const page = await (await asStaff(t, admin.cookie, '/staff/audit')).text();
    expect(page).toContain('의견 변경');
    expect(page).not.toContain('>case.changed<');
    expect(page).toContain('G-');
    const mine = await (
      await asStaff(t, admin.cookie, `/staff/audit?by=${staff.user.username}&action=case.changed`)
    ).text();
    expect(mine).toContain('분류: 칭찬');
    expect(mine).not.toContain('<td>직원 계정 생성</td>');
    const none = await (await asStaff(t, admin.cookie, '/staff/audit?from=2000-01-01&to=2000-01-02')).text();
    expect(none).toContain('감사 기록 0건');
    const csv = await asStaff(t, admin.cookie, `/staff/audit.csv?by=${staff.user.username}`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const text = await csv.text();
    expect(text).toContain('의견 변경');
    expect(text).toContain(serials[0]!);
    expect((await asStaff(t, staff.cookie, '/staff/audit.csv')).status).toBe(403);
  });
});

describe('the audit log in Korean', () => {
  it('says what happened in Korean: no English words, role or channel ids, nor UTC timestamps in the details', async () => {
    let clock = Date.parse('2026-09-21T10:00:00+09:00');
    t = await tempCardbox({ now: () => new Date(clock) });
    const { useTransports } = await import('../../src/delivery/transports.ts');
    const { processOutbox } = await import('../../src/delivery/outbox.ts');
    const { runSweep } = await import('../../src/cases/sweep.ts');
    const { sealDraft } = await import('../../src/cases/drafts.ts');
    // Texts go out; e-mail is not configured, so those fail.
    useTransports(t.cardbox, { sms: async () => {} });
    const admin = await loginAs(t, 'admin');
    const officer = await loginAs(t, 'staff', { name: '문사서', department: 'library' });
    const as = (cookie: string, path: string, fields?: Record<string, string>) =>
      asStaff(t, cookie, path, fields ? { method: 'POST', body: new URLSearchParams(fields) } : {});
    // An account made and changed, a call entered, a card with a phone draft opened by its officer.
    await as(admin.cookie, '/staff/users', {
      username: 'reader1',
      name: '나열람',
      department: 'admin',
      phone: '258-2518',
      role: 'viewer',
    });
    const reader = t.cardbox.store.auth.data.users.find((u) => u.username === 'reader1')!;
    await as(admin.cookie, `/staff/users/${reader.id}`, { role: 'staff' });
    const made = await as(officer.cookie, '/staff/cases', {
      channel: 'phone',
      type: 'yellow',
      message: '정수기 물이 미지근해요',
      replyWanted: 'yes',
      consent: 'yes',
      phone: '010-2222-3333',
    });
    expect(made.status).toBe(303);
    const entered = t.cardbox.store.cases.data.cases.at(-1)!;
    const { record: card } = await cardSentOnline('yellow', {
      channel: 'cardbox',
      replyWanted: true,
      consent: true,
      reading: {
        photoIds: ['p'],
        checks: {},
        fields: { phone: sealDraft(t.cardbox.sealer, 'phone', { text: '010-4444-5555', confidence: 0.5 }) },
        needsReview: [],
        score: 0.5,
      },
    });
    for (const id of [entered.id, card.id])
      await assignCase(t.cardbox, id, 'lead', { department: 'library', officerId: officer.user.id });
    await as(officer.cookie, `/staff/cases/${card.id}`);
    // A notice texted, its letter printed; one by e-mail that cannot go; a deadline missed.
    await publishNotice(t.cardbox, entered.id, 'lead', '정수기 필터를 갈았습니다.');
    await as(officer.cookie, `/staff/cases/${entered.id}/letter.pdf`);
    const { record: mailed } = await cardSentOnline('green', {
      replyWanted: true,
      consent: true,
      contact: { email: 'visitor@example.test' },
    });
    await assignCase(t.cardbox, mailed.id, 'lead', { department: 'library', officerId: officer.user.id });
    await publishNotice(t.cardbox, mailed.id, 'lead', '감사합니다.');
    clock += 7 * 24 * 3600_000;
    await runSweep(t.cardbox);
    await processOutbox(t.cardbox);
    const entries = t.cardbox.store.audit.data.entries;
    const actions = new Set(entries.map((e) => e.action));
    for (const action of [
      'user.created',
      'user.changed',
      'case.created',
      'contact.viewed',
      'notice.sent',
      'delivery.failed',
    ])
      expect(actions, action).toContain(action);
    const details = entries.map((e) => e.detail ?? '').filter(Boolean);
    expect(details.length).toBeGreaterThan(10);
    const english = details.filter((d) =>
      /\b(by|printed|drafts?|card|reading|retention|email|sms|phone|staff|viewer|admin|notice|delay|reminder)\b|\d{4}-\d\d-\d\dT/.test(
        // Setting names and the transports' own bilingual reasons are allowed.
        d.replace(/[A-Z_]{4,}/g, '').replace(/\([A-Za-z-]+ [A-Za-z ,.'-]+\)/g, ''),
      ),
    );
    expect(english).toEqual([]);
  });
});

describe('feedback taken by phone, visit or post', () => {
  it('asks no card colour, keeps a postal address (sealed, with consent), and tells staff the serial and address to give', async () => {
    t = await tempCardbox();
    const staff = await loginAs(t, 'staff');
    const form = await (await asStaff(t, staff.cookie, '/staff/cases/new')).text();
    expect(form).not.toContain('그린');
    expect(form).toContain('name="address"');
    const entered = await asStaff(t, staff.cookie, '/staff/cases', {
      method: 'POST',
      body: new URLSearchParams({
        submission: 'post-entry-1',
        channel: 'post',
        type: 'yellow',
        message: '우편으로 보냅니다. 주차장 조명이 어둡습니다.',
        replyWanted: 'yes',
        consent: 'yes',
        address: '창원시 의창구 도계로 100',
      }),
    });
    expect(entered.status).toBe(303);
    const record = t.cardbox.store.cases.data.cases[0]!;
    expect(JSON.stringify(record)).not.toContain('도계로');
    expect(t.cardbox.sealer.open(record.contact!)).toEqual({ address: '창원시 의창구 도계로 100' });
    const page = await (await asStaff(t, staff.cookie, entered.headers.get('location')!)).text();
    expect(page).toContain('민원인에게 알려 주세요');
    expect(page).toContain(`http://cards.test/c/${record.serial}`);
    // Published, it waits for the letter: a visitor who gave an address is not answered by the status page.
    await assignCase(t.cardbox, record.id, 'tester', {
      department: 'admin',
      name: '한담당',
      phone: '258-2518',
    });
    await publishNotice(t.cardbox, record.id, 'tester', '조명을 밝게 바꾸었습니다.');
    expect(t.cardbox.store.cases.data.cases[0]!.answeredAt).toBeUndefined();
  });
});

describe('the case page as a workflow', () => {
  it('says what each save did, keeps internal notes apart from the visitor, and starts the notice from a ready answer', async () => {
    t = await tempCardbox();
    const { record } = await receiveCase(t.cardbox, {
      serial: null,
      type: 'yellow',
      channel: 'online',
      areas: ['facility'],
      satisfaction: 2,
      message: '열람실이 너무 덥습니다',
      replyWanted: false,
      consent: false,
    });
    const { cookie } = await loginAs(t, 'staff');
    const post = (path: string, fields: Record<string, string>) =>
      asStaff(t, cookie, `/staff/cases/${record.id}${path}`, {
        method: 'POST',
        body: new URLSearchParams(fields),
      });
    const classified = await post('/classify', { classification: 'service' });
    expect(classified.headers.get('location')).toBe(`/staff/cases/${record.id}?saved=classify`);
    const page = await (await asStaff(t, cookie, classified.headers.get('location')!)).text();
    expect(page).toContain('분류를 저장했습니다');
    // The notice box starts from the profile's ready answer for a service complaint.
    expect(page).toContain(t.cardbox.profile.cannedAnswers.service![0]!);
    const noted = await post('/notes', { note: '시설팀에 냉방기 점검 요청함 (내선 2518)' });
    expect(noted.headers.get('location')).toBe(`/staff/cases/${record.id}?saved=note`);
    const withNote = await (await asStaff(t, cookie, `/staff/cases/${record.id}`)).text();
    expect(withNote).toContain('시설팀에 냉방기 점검 요청함');
    expect(t.cardbox.store.cases.data.cases[0]!.notes).toHaveLength(1);
    // Never on the visitor's side.
    expect(await (await t.app.request('/board')).text()).not.toContain('냉방기 점검');
    expect((await post('/notes', { note: '   ' })).status).toBe(400);
  });
});

describe('ready answers (profile cannedAnswers)', () => {
  it('offers every answer of the classification; choosing one without JavaScript puts it in the box (nothing saved), after what staff wrote', async () => {
    t = await tempCardbox();
    const { record } = await cardSentOnline('yellow', {
      areas: ['facility'],
      message: '복사기가 고장 났어요',
    });
    await assignCase(t.cardbox, record.id, 'lead', {
      department: 'admin',
      name: '한담당',
      phone: '258-2518',
    });
    const { cookie } = await loginAs(t, 'staff');
    const post = (fields: Record<string, string>) =>
      asStaff(t, cookie, `/staff/cases/${record.id}/notice`, {
        method: 'POST',
        headers: { accept: 'text/html' },
        body: new URLSearchParams(fields),
      });
    const box = (html: string) =>
      /<textarea id="result"[^>]*>([^<]*)<\/textarea>/.exec(html)![1]!.replace(/&amp;/g, '&');
    // Not classified yet: no ready answers to choose (refused back to the page).
    expect(await (await post({ result: '', use: 'canned', canned: '0' })).text()).not.toContain('<textarea');
    const unclassified = await (await asStaff(t, cookie, `/staff/cases/${record.id}`)).text();
    expect(unclassified).not.toContain('id="canned"');
    const classified = await asStaff(t, cookie, `/staff/cases/${record.id}/classify`, {
      method: 'POST',
      body: new URLSearchParams({ classification: 'service' }),
    });
    expect(classified.status).toBe(303);
    const answers = t.cardbox.profile.cannedAnswers.service!;
    expect(answers.length).toBeGreaterThanOrEqual(3);
    const page = await (await asStaff(t, cookie, `/staff/cases/${record.id}`)).text();
    // The box starts from the first; every one is in the list to choose from, with the button that puts it in.
    expect(box(page)).toBe(answers[0]);
    for (const [i, answer] of answers.entries())
      expect(page).toContain(`<input type="radio" name="canned" value="${i}" data-answer="${answer}"`);
    expect(page).toMatch(
      /<button type="submit" id="canned-use" name="use" value="canned"[^>]*formnovalidate/,
    );
    expect(page).toContain('<script src="/static/case.js" defer=""></script>');

    // The box still holds the first, untouched: the second takes its place.
    const second = await post({ result: answers[0]!, use: 'canned', canned: '1' });
    expect(second.status).toBe(200);
    const secondPage = await second.text();
    expect(box(secondPage)).toBe(answers[1]);
    expect(secondPage).toMatch(/<input type="radio" name="canned" value="1"[^>]*checked/);
    expect(t.cardbox.store.cases.data.cases[0]!.notice).toBeUndefined();
    // Words staff wrote are kept: the third comes after them.
    const typed = `${answers[1]}토너를 새로 넣었습니다.`;
    const third = await post({ result: typed, use: 'canned', canned: '2' });
    expect(box(await third.text())).toBe(`${typed}\n${answers[2]}`);
    // An empty box takes the answer as it is.
    expect(box(await (await post({ result: '  ', use: 'canned', canned: '2' })).text())).toBe(answers[2]);
    // Nothing was published or changed on the way.
    expect(t.cardbox.store.cases.data.cases[0]!.notice).toBeUndefined();
    expect(t.cardbox.store.cases.data.cases[0]!.history!.some((h) => /통지/.test(h.what))).toBe(false);

    // A number not in the list goes back to the case page with the message and what was typed.
    const wrong = await post({ result: '직접 쓴 답', use: 'canned', canned: '9' });
    expect(wrong.status).toBe(303);
    expect(wrong.headers.get('location')).toBe(`/staff/cases/${record.id}`);
    const back = await (
      await asStaff(
        t,
        `${cookie}; ${wrong.headers.get('set-cookie')!.split(';')[0]}`,
        `/staff/cases/${record.id}`,
      )
    ).text();
    expect(back).toContain('고른 준비된 답변이 없습니다');
    expect(box(back)).toBe('직접 쓴 답');
    // Publishing is unchanged: the box's words, not the list's.
    const published = await post({ result: typed, canned: '2' });
    expect(published.status).toBe(303);
    expect(t.cardbox.store.cases.data.cases[0]!.notice!.text).toContain('토너를 새로 넣었습니다.');
    expect(t.cardbox.store.cases.data.cases[0]!.notice!.text).not.toContain(answers[2]!);
  });
});

describe('the result notice', () => {
  it('is previewed before publishing (nothing saved), and a correction after is recorded and sent to the visitor', async () => {
    t = await tempCardbox();
    const sent: { subject: string; text: string }[] = [];
    const { useTransports } = await import('../../src/delivery/transports.ts');
    const { processOutbox } = await import('../../src/delivery/outbox.ts');
    useTransports(t.cardbox, { email: async (m) => void sent.push(m) });
    const { serial, record } = await cardSentOnline('yellow', {
      areas: ['facility'],
      satisfaction: 2,
      message: '자전거 보관소가 없어요',
      replyWanted: true,
      consent: true,
      contact: { email: 'visitor@example.test' },
    });
    const serials = [serial];
    await assignCase(t.cardbox, record.id, 'lead', {
      department: 'admin',
      name: '한담당',
      phone: '258-2518',
    });
    const { cookie } = await loginAs(t, 'staff');
    const post = (path: string, fields: Record<string, string>) =>
      asStaff(t, cookie, `/staff/cases/${record.id}${path}`, {
        method: 'POST',
        body: new URLSearchParams(fields),
      });
    const preview = await post('/notice', { result: '정문 옆에 보관대를 두었습니다.', preview: '1' });
    expect(preview.status).toBe(200);
    const shown = await preview.text();
    expect(shown).toContain('미리 보기: 방문자가 받을 통지');
    expect(shown).toContain('한담당');
    expect(t.cardbox.store.cases.data.cases[0]!.notice).toBeUndefined();
    expect((await post('/notice', { result: '정문 옆에 보관대를 두었습니다.' })).status).toBe(303);
    await processOutbox(t.cardbox);
    const corrected = await post('/notice/correct', {
      result: '정문 옆에 자전거 보관대 10대를 두었습니다.',
      reason: '보관대 수를 빠뜨렸습니다',
    });
    expect(corrected.headers.get('location')).toBe(`/staff/cases/${record.id}?saved=corrected`);
    await processOutbox(t.cardbox);
    const notice = t.cardbox.store.cases.data.cases[0]!.notice!;
    expect(notice.text).toContain('10대');
    expect(notice.corrections).toEqual([
      expect.objectContaining({
        reason: '보관대 수를 빠뜨렸습니다',
        previousText: expect.stringContaining('두었습니다'),
      }),
    ]);
    expect(sent.at(-1)?.subject).toContain('정정');
    expect(sent.at(-1)?.text).toContain('보관대 수를 빠뜨렸습니다');
    const status = await (await t.app.request(`/c/${serials[0]}`)).text();
    expect(status).toContain('처리 결과를 바로잡았습니다');
    expect(status).toContain('10대');
  });
});

describe('결재: approval by a superior before publishing', () => {
  it('with the profile switch on, a staff notice waits for an admin, who approves it or returns it with a reason', async () => {
    t = await tempCardbox();
    t.cardbox.profile = { ...t.cardbox.profile, approval: { required: true } };
    const make = async (message: string) => {
      const { record } = await receiveCase(t.cardbox, {
        serial: null,
        type: 'green',
        channel: 'online',
        areas: ['general'],
        satisfaction: 4,
        message,
        replyWanted: false,
        consent: false,
      });
      await assignCase(t.cardbox, record.id, 'lead', {
        department: 'admin',
        name: '한담당',
        phone: '258-2518',
      });
      return record.id;
    };
    const [first, second] = [
      await make('신간 도서를 늘려 주세요'),
      await make('열람실 운영 시간을 늘려 주세요'),
    ];
    const staff = await loginAs(t, 'staff');
    const admin = await loginAs(t, 'admin');
    const post = (cookie: string, path: string, fields: Record<string, string>) =>
      asStaff(t, cookie, path, { method: 'POST', body: new URLSearchParams(fields) });
    await post(staff.cookie, `/staff/cases/${first}/notice`, { result: '신간 200권을 들였습니다.' });
    await post(staff.cookie, `/staff/cases/${second}/notice`, { result: '검토 중입니다.' });
    const byId = (id: string) => t.cardbox.store.cases.data.cases.find((c) => c.id === id)!;
    expect(byId(first).notice).toBeUndefined();
    expect(byId(first).noticeDraft?.result).toBe('신간 200권을 들였습니다.');
    expect(byId(first).answeredAt).toBeUndefined();
    expect(await (await asStaff(t, staff.cookie, `/staff/cases/${first}?saved=notice`)).text()).toContain(
      '결재를 요청했습니다',
    );
    expect(await (await asStaff(t, admin.cookie, '/staff')).text()).toContain('결재 대기 2건');
    // Staff cannot approve; the admin can.
    expect(
      (await post(staff.cookie, `/staff/cases/${first}/notice/decide`, { decision: 'approve' })).status,
    ).toBe(403);
    expect(
      (await post(admin.cookie, `/staff/cases/${first}/notice/decide`, { decision: 'approve' })).status,
    ).toBe(303);
    expect(byId(first).notice).toMatchObject({
      approvedBy: admin.user.username,
      publishedBy: staff.user.username,
    });
    expect(byId(first).noticeDraft).toBeUndefined();
    expect(byId(first).status).toBe('answered');
    // Returned with a reason: no notice, the reason in the history, the officer writes again.
    const back = await post(admin.cookie, `/staff/cases/${second}/notice/decide`, {
      decision: 'return',
      comment: '운영 시간 변경 일정을 적어 주세요',
    });
    expect(back.status).toBe(303);
    expect(byId(second).noticeDraft).toBeUndefined();
    expect(byId(second).notice).toBeUndefined();
    expect(byId(second).history?.at(-1)?.what).toContain('운영 시간 변경 일정을 적어 주세요');
  });
});

describe('bad input on the new staff forms', () => {
  it('refuses or ignores empty, unknown, huge and hostile input with a clear answer, and changes nothing', async () => {
    t = await tempCardbox();
    const { record } = await cardSentOnline('yellow', { message: '소음이 심해요' });
    const { cookie } = await loginAs(t, 'staff');
    const post = (path: string, fields: Record<string, string>) =>
      asStaff(t, cookie, path, { method: 'POST', body: new URLSearchParams(fields) });
    // Bulk: unknown ids and an unknown classification are counted as not changed.
    const bulk = await post('/staff/cases/bulk', { ids: 'no-such-case', classification: 'suggestion' });
    expect(bulk.headers.get('location')).toBe('/staff/cases?bulk=0&failed=1');
    const wrongKind = await post('/staff/cases/bulk', { ids: record.id, classification: '<script>' });
    expect(wrongKind.headers.get('location')).toContain('failed=1');
    // A hostile back address is not followed.
    const away = await post('/staff/cases/bulk', { ids: record.id, back: 'https://evil.example/x' });
    expect(away.headers.get('location')).toMatch(/^\/staff\/cases\?/);
    // Search: a huge or hostile query is cut and shown as text.
    const search = await (
      await asStaff(t, cookie, `/staff/cases?q=${encodeURIComponent(`<b>${'가'.repeat(500)}`)}`)
    ).text();
    expect(search).not.toContain('<b>가');
    // A correction without a reason, a note too long, an unknown voucher: 400 with words, nothing stored.
    const { assignCase: assign } = await import('../../src/cases/assign.ts');
    await assign(t.cardbox, record.id, 'lead', { department: 'admin', name: '한담당', phone: '258-2518' });
    await post(`/staff/cases/${record.id}/notice`, { result: '방음 공사를 했습니다.' });
    const noReason = await post(`/staff/cases/${record.id}/notice/correct`, { result: '고침', reason: ' ' });
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toContain('왜 고치는지');
    expect((await post(`/staff/cases/${record.id}/notes`, { note: 'x'.repeat(2001) })).status).toBe(400);
    expect((await post(`/staff/cases/${record.id}/vouchers/2026-9999/handed`, {})).status).toBe(400);
    const stored = t.cardbox.store.cases.data.cases[0]!;
    expect(stored.notice?.corrections).toBeUndefined();
    expect(stored.notes).toBeUndefined();
    // The audit filter takes only real dates.
    const admin = await loginAs(t, 'admin');
    expect((await asStaff(t, admin.cookie, '/staff/audit?from=%3Cscript%3E&action=%00')).status).toBe(200);
  });
});

describe('a refused form in a browser', () => {
  it('goes back to its page with the message and what was typed, once (post/redirect/get: a reload sends nothing)', async () => {
    t = await tempCardbox();
    const { record } = await cardSentOnline('yellow', { message: '소음이 심해요' });
    const { cookie } = await loginAs(t, 'staff');
    const page = { accept: 'text/html,application/xhtml+xml' };
    // Publishing without an officer is refused; the answer typed is not lost.
    const typed = '열람실 방음 공사를 12월 10일에 마쳤습니다.';
    const refused = await asStaff(t, cookie, `/staff/cases/${record.id}/notice`, {
      method: 'POST',
      headers: page,
      body: new URLSearchParams({ result: typed }),
    });
    expect(refused.status).toBe(303);
    expect(refused.headers.get('location')).toBe(`/staff/cases/${record.id}`);
    const flash = refused.headers.getSetCookie().find((line) => line.startsWith('cardbox_flash='))!;
    expect(flash).toBeTruthy();
    const both = `${cookie}; ${flash.split(';')[0]}`;
    const shown = await asStaff(t, both, `/staff/cases/${record.id}`, { headers: page });
    const html = await shown.text();
    expect(shown.status).toBe(200);
    expect(html).toMatch(/role="alert">[^<]*담당/);
    expect(html).toContain(typed);
    // Read once: the page clears it, and the case is unchanged.
    expect(shown.headers.getSetCookie().some((line) => /^cardbox_flash=;/.test(line))).toBe(true);
    expect(t.cardbox.store.cases.data.cases[0]!.notice).toBeUndefined();
    // Not a browser (an API client): the status with the message, as before.
    const api = await asStaff(t, cookie, `/staff/cases/${record.id}/notice`, {
      method: 'POST',
      body: new URLSearchParams({ result: typed }),
    });
    expect(api.status).toBe(400);
    expect(await api.text()).toMatch(/담당/);
  });
});
