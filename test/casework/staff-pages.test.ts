import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { issueSerials } from '../../src/cards/registry.ts';
import { formatSerial, newSerial } from '../../src/cards/serial.ts';
import { receiveCase } from '../../src/cases/intake.ts';
import type { Contact } from '../../src/store/records.ts';
import { type TestCardbox, tempCardbox } from '../helpers/cardbox.ts';
import { asStaff, loginAs } from '../helpers/staff.ts';

let t: TestCardbox;
let clock = Date.parse('2026-11-23T01:00:00Z');
beforeEach(async () => {
  clock = Date.parse('2026-11-23T01:00:00Z');
  t = await tempCardbox({ now: () => new Date(clock) });
});
afterEach(() => t.cleanup());

const post = (cookie: string, path: string, form: Record<string, string | string[]>) => {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) for (const one of [v].flat()) body.append(k, one);
  return asStaff(t, cookie, path, { method: 'POST', body });
};

describe('staff entry of feedback from other channels', () => {
  it('creates a case through receiveCase with an online serial and the first-contact rule for post', async () => {
    const { cookie } = await loginAs(t, 'staff');
    const form = await (await asStaff(t, cookie, '/staff/cases/new')).text();
    const submission = /name="submission" value="([^"]+)"/.exec(form)![1]!;
    const entry = {
      submission,
      channel: 'post',
      type: 'yellow',
      receivedAt: '2026-11-20T14:30',
      areas: ['general', 'facility'],
      message: '우편으로 보낸 의견입니다',
      replyWanted: 'yes',
      consent: 'yes',
      phone: '010-7777-8888',
    };
    // A double click: the same form sent twice at once gives one case.
    const [created, again] = await Promise.all([
      post(cookie, '/staff/cases', entry),
      post(cookie, '/staff/cases', entry),
    ]);
    expect(again.headers.get('location')).toBe(created.headers.get('location'));
    expect(created.status).toBe(303);
    expect(t.cardbox.store.cases.data.cases).toHaveLength(1);
    const record = t.cardbox.store.cases.data.cases[0]!;
    expect(created.headers.get('location')).toBe(`/staff/cases/${record.id}`);
    expect(record).toMatchObject({
      channel: 'post',
      rule: 'first-contact',
      areas: ['general', 'facility'],
      consent: true,
    });
    expect(record.receivedAt).toBe('2026-11-20T05:30:00.000Z');
    // Fri 20 Nov: 7 working days → Tue 1 Dec, ends 2 Dec 00:00 KST.
    expect(record.dueAt).toBe('2026-12-01T15:00:00.000Z');
    expect(t.cardbox.store.registry.data.serials.find((s) => s.serial === record.serial)?.origin).toBe(
      'staff',
    );
    expect(t.cardbox.sealer.open<Contact>(record.contact!)).toEqual({ phone: '010-7777-8888' });
    expect(JSON.stringify(t.cardbox.store.cases.data)).not.toContain('7777-8888');
  });

  it('keeps no contact without consent and explains bad input in Korean', async () => {
    const { cookie } = await loginAs(t, 'staff');
    const noConsent = await post(cookie, '/staff/cases', {
      channel: 'phone',
      type: 'green',
      message: '친절했어요',
      phone: '010-1111-2222',
    });
    expect(noConsent.status).toBe(303);
    expect(t.cardbox.store.cases.data.cases[0]!.contact).toBeNull();
    const bad = await post(cookie, '/staff/cases', { channel: 'pigeon', type: 'green', message: '' });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain('접수 경로를 골라 주세요');
    expect(html).toContain('의견 내용을 적어 주세요');
    expect(t.cardbox.store.cases.data.cases).toHaveLength(1);
  });
});

/** What a card from the box carries before staff have read it. */
function fromCardBox() {
  return {
    channel: 'cardbox' as const,
    areas: [],
    satisfaction: null,
    message: '',
    replyWanted: false,
    consent: false,
  };
}

describe('an unidentified card', () => {
  it('takes a typed serial only when it is valid, ours and unused', async () => {
    const { cookie } = await loginAs(t, 'staff');
    const { serials } = await issueSerials(
      t.cardbox.registry,
      { type: 'yellow', count: 2, origin: 'print', createdBy: 'test', format: 'pdf' },
      new Date(clock),
    );
    const base = { ...fromCardBox(), type: 'yellow' as const, message: '카드' };
    const { record } = await receiveCase(t.cardbox, { ...base, serial: null });
    await receiveCase(t.cardbox, { ...base, serial: serials[1]! });
    const page = await (await asStaff(t, cookie, `/staff/cases/${record.id}`)).text();
    expect(page).toContain('일련번호 입력');
    const serial = serials[0]!;
    const typo = serial.slice(0, 3) + (serial[3] === 'A' ? 'B' : 'A') + serial.slice(4);
    const wrong = await post(cookie, `/staff/cases/${record.id}/serial`, { serial: typo });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('일련번호를 확인해 주세요');
    const notOurs = await post(cookie, `/staff/cases/${record.id}/serial`, { serial: newSerial('yellow') });
    expect(await notOurs.text()).toContain('발급한 일련번호가 아닙니다');
    const used = await post(cookie, `/staff/cases/${record.id}/serial`, { serial: serials[1]! });
    expect(await used.text()).toContain('이미 다른 의견에 쓰였습니다');
    const ok = await post(cookie, `/staff/cases/${record.id}/serial`, {
      serial: formatSerial(serial).toLowerCase(),
    });
    expect(ok.status).toBe(303);
    expect((await t.cardbox.cases.getBySerial(serial))?.id).toBe(record.id);
    expect(t.cardbox.store.cases.data.cases.find((c) => c.id === record.id)?.history?.at(-1)?.what).toContain(
      serial,
    );
  });
});

describe('a card identified by its printed serial', () => {
  it('says so, and lets staff correct the serial, which then counts as typed', async () => {
    const { cookie } = await loginAs(t, 'staff');
    const { serials } = await issueSerials(
      t.cardbox.registry,
      { type: 'green', count: 2, origin: 'print', createdBy: 'test', format: 'pdf' },
      new Date(clock),
    );
    const { record } = await receiveCase(t.cardbox, {
      ...fromCardBox(),
      type: 'green',
      serial: serials[0]!,
      reading: {
        photoIds: [],
        checks: {},
        fields: {},
        needsReview: ['serial-from-print', 'corners-coarse'],
        score: 0.5,
      },
    });
    const page = await (await asStaff(t, cookie, `/staff/cases/${record.id}`)).text();
    expect(page).toContain('인쇄된 일련번호 글자로 찾았습니다');
    expect(page).toContain('일련번호 확인');
    const fixed = await post(cookie, `/staff/cases/${record.id}/serial`, { serial: serials[1]! });
    expect(fixed.status).toBe(303);
    expect((await t.cardbox.cases.getBySerial(serials[1]!))?.id).toBe(record.id);
    expect(await t.cardbox.cases.getBySerial(serials[0]!)).toBeUndefined();
    const after = t.cardbox.store.cases.data.cases.find((c) => c.id === record.id)!;
    expect(after.reading!.needsReview).toEqual(['serial-typed-by-staff', 'corners-coarse']);
    const again = await (await asStaff(t, cookie, `/staff/cases/${record.id}`)).text();
    expect(again).not.toContain('일련번호 확인');
  });
});

describe('the inbox', () => {
  it('puts the most urgent open case first and filters by type, area, status and department', async () => {
    const { cookie } = await loginAs(t, 'viewer');
    const make = async (type: 'green' | 'yellow', areas: string[], hoursAgo: number) =>
      (
        await receiveCase(t.cardbox, {
          serial: null,
          type,
          channel: 'online',
          receivedAt: new Date(clock - hoursAgo * 3600_000),
          areas,
          satisfaction: null,
          message: `${type} ${areas.join(',')} ${hoursAgo}`,
          replyWanted: false,
          consent: false,
        })
      ).record;
    const oldGreen = await make('green', ['children'], 48); // due in 5 days
    const newYellow = await make('yellow', ['facility'], 1); // due in 3 days
    const oldYellow = await make('yellow', ['general'], 30); // due in 2 days: most urgent
    const order = async (query: string) => {
      const html = await (await asStaff(t, cookie, `/staff/cases${query}`)).text();
      return [oldGreen, newYellow, oldYellow]
        .map((c) => ({ id: c.id, at: html.indexOf(`/staff/cases/${c.id}`) }))
        .filter((c) => c.at >= 0)
        .sort((a, b) => a.at - b.at)
        .map((c) => c.id);
    };
    expect(await order('')).toEqual([oldYellow.id, newYellow.id, oldGreen.id]);
    expect(await order('?sort=newest')).toEqual([newYellow.id, oldYellow.id, oldGreen.id]);
    expect(await order('?type=green')).toEqual([oldGreen.id]);
    expect(await order('?area=facility')).toEqual([newYellow.id]);
    const staff = await loginAs(t, 'staff');
    await post(staff.cookie, `/staff/cases/${oldGreen.id}/assign`, {
      department: 'library',
      name: '오담당',
      phone: '258-2529',
    });
    expect(await order('?department=library')).toEqual([oldGreen.id]);
    expect(await order('?department=none')).toEqual([oldYellow.id, newYellow.id]);
    expect(await order('?status=assigned')).toEqual([oldGreen.id]);
    await post(staff.cookie, `/staff/cases/${newYellow.id}/assign`, {
      department: 'admin',
      officerId: staff.user.id,
    });
    const mine = await (await asStaff(t, staff.cookie, '/staff/cases?mine=1')).text();
    expect(mine).toContain(`/staff/cases/${newYellow.id}`);
    expect(mine).not.toContain(`/staff/cases/${oldGreen.id}`);
    const html = await (await asStaff(t, cookie, '/staff/cases')).text();
    expect(html).toMatch(/\d일 \d+시간 남음/);
  });
});

describe('user management', () => {
  it('lets an admin create, re-role and disable accounts, and keeps a last admin', async () => {
    const admin = await loginAs(t, 'admin');
    const staff = await loginAs(t, 'staff');
    expect((await asStaff(t, staff.cookie, '/staff/users')).status).toBe(403);
    expect(
      (
        await post(staff.cookie, '/staff/users', {
          username: 'evil',
          name: 'x',
          role: 'admin',
          phone: '1234',
        })
      ).status,
    ).toBe(403);

    const missingPhone = await post(admin.cookie, '/staff/users', {
      username: 'kim',
      name: '김사서',
      role: 'staff',
      department: 'library',
    });
    expect(missingPhone.status).toBe(400);
    expect(await missingPhone.text()).toContain('실명제');
    const created = await post(admin.cookie, '/staff/users', {
      username: 'kim',
      name: '김사서',
      role: 'staff',
      department: 'library',
      phone: '258-2533',
      email: 'kim@library.test',
    });
    expect(created.status).toBe(201);
    const password = /처음 비밀번호: (\S+)/.exec(await created.text())?.[1];
    expect(password).toBeTruthy();
    const login = await t.app.request('/staff/login', {
      method: 'POST',
      body: new URLSearchParams({ username: 'kim', password: password! }),
      headers: { origin: 'http://localhost' },
    });
    expect(login.headers.get('location')).toBe('/staff/password');
    const kim = t.cardbox.store.auth.data.users.find((u) => u.username === 'kim')!;
    expect(kim).toMatchObject({
      name: '김사서',
      department: 'library',
      phone: '258-2533',
      mustChangePassword: true,
    });

    const badPhone = await post(admin.cookie, `/staff/users/${kim.id}`, { role: 'staff', phone: 'call me' });
    expect(badPhone.status).toBe(400);
    expect(await badPhone.text()).toContain('전화번호는 숫자와 -로');
    const moved = await post(admin.cookie, `/staff/users/${kim.id}`, {
      role: 'staff',
      name: '김사서',
      department: 'lifelong',
      phone: '258-2557',
      email: '',
    });
    expect(moved.status).toBe(303);
    const kimNow = t.cardbox.store.auth.data.users.find((u) => u.id === kim.id)!;
    expect(kimNow).toMatchObject({ department: 'lifelong', phone: '258-2557' });
    expect(kimNow.email).toBeUndefined();
    expect((await post(admin.cookie, `/staff/users/${staff.user.id}`, { role: 'viewer' })).status).toBe(303);
    expect(t.cardbox.store.auth.data.users.find((u) => u.id === staff.user.id)?.role).toBe('viewer');
    expect(
      (await post(admin.cookie, `/staff/users/${staff.user.id}`, { role: 'viewer', disabled: 'yes' })).status,
    ).toBe(303);
    expect((await asStaff(t, staff.cookie, '/staff/cases')).status).toBe(401);

    const self = await post(admin.cookie, `/staff/users/${admin.user.id}`, { role: 'staff' });
    expect(self.status).toBe(400);
    expect(await self.text()).toContain('마지막 관리자');

    const audit = await (await asStaff(t, admin.cookie, '/staff/audit')).text();
    expect(audit).toContain('user.created');
    expect(audit).toContain('user.changed');
    expect(audit).not.toContain(password!);
    expect((await asStaff(t, staff.cookie, '/staff/audit')).status).toBe(401);
  });
});
