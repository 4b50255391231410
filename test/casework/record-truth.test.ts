import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { assignCase } from '../../src/cases/assign.ts';
import { runSweep } from '../../src/cases/sweep.ts';
import { processOutbox } from '../../src/delivery/outbox.ts';
import { transportsFrom, useTransports } from '../../src/delivery/transports.ts';
import type { CaseRecord, Contact } from '../../src/store/records.ts';
import { type TestCardbox, tempCardbox } from '../helpers/cardbox.ts';
import { runCli } from '../helpers/cli.ts';
import { uploadAndRead } from '../helpers/digitize.ts';
import { smallDisk } from '../helpers/full-disk.ts';
import { asStaff, loginAs } from '../helpers/staff.ts';
import { Random } from '../synth/random.ts';
import { makeScene } from '../synth/scene.ts';
import { hidden, printedSerials, Visitor } from '../visitor/helpers.ts';
import { startSmsGateway, startSmtp } from './mail-servers.ts';

/**
 * Stories that cross features the way people use them, each once broken on main: the record must never
 * contradict itself, lose what a visitor wrote, or tell anyone something that is not so.
 */

const kst = (local: string) => Date.parse(`${local}+09:00`);

let t: TestCardbox;
let clock = kst('2026-09-22T10:00:00');
const closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  await t?.cleanup();
  for (const close of closers.splice(0)) await close();
});

async function start(env: Record<string, string> = {}): Promise<TestCardbox> {
  clock = kst('2026-09-22T10:00:00');
  t = await tempCardbox({ now: () => new Date(clock), env });
  return t;
}

/**
 * A staff member across days of the fake clock: sessions end after 30 idle minutes, so they sign in again
 * (through the real login form) when the clock has moved on since.
 */
async function officerOf(details: Parameters<typeof loginAs>[2] = {}) {
  const { user, password } = await loginAs(t, 'staff', details);
  let cookie = '';
  let signedAt = Number.NEGATIVE_INFINITY;
  const fresh = async () => {
    if (clock - signedAt < 20 * 60_000) return cookie;
    const response = await t.app.request('/staff/login', {
      method: 'POST',
      body: new URLSearchParams({ username: user.username, password, next: '/staff' }),
      headers: { origin: 'http://localhost' },
    });
    expect(response.status).toBe(303);
    cookie = response.headers.get('set-cookie')!.split(';')[0]!;
    signedAt = clock;
    return cookie;
  };
  return {
    user,
    get: async (path: string) => (await asStaff(t, await fresh(), path)).text(),
    post: async (path: string, fields: Record<string, string>) =>
      asStaff(t, await fresh(), path, form(fields)),
    request: async (path: string) => asStaff(t, await fresh(), path),
  };
}

const caseBySerial = (serial: string): CaseRecord =>
  t.cardbox.store.cases.data.cases.find((c) => c.serial === serial)!;

function form(fields: Record<string, string>): RequestInit {
  return {
    method: 'POST',
    body: new URLSearchParams(fields),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  };
}

/** A visitor writes a yellow card online from its QR code; returns the card's serial. */
async function complainOnline(fields: Record<string, string | string[]> = {}): Promise<string> {
  const [serial] = await printedSerials(t, 'yellow');
  const sent = await new Visitor(t).submit(`/c/${serial}`, {
    areas: 'facility',
    satisfaction: '2',
    message: '열람실 냉방이 너무 약합니다.',
    ...fields,
  });
  expect(sent.status, sent.html).toBe(303);
  return serial!;
}

/** A complaint sent online and assigned to `officer` by a colleague. */
async function assignedComplaint(
  officer: { user: { id: string } },
  fields: Record<string, string | string[]> = {},
): Promise<{ serial: string; id: string }> {
  const serial = await complainOnline(fields);
  const id = caseBySerial(serial).id;
  await assignCase(t.cardbox, id, 'lead', {
    department: 'admin',
    officerId: officer.user.id,
    name: '한담당',
    phone: '258-2518',
  });
  return { serial, id };
}

describe('a visitor’s own words are never overwritten by a machine reading', () => {
  it('online first, then the same paper card in a box photo: the typed words stay, the photo is evidence', async () => {
    await start();
    const [serial] = await printedSerials(t, 'green');
    const typed = '2층 열람실 의자가 삐걱거려요. 교체 부탁드립니다 (A-12번 자리)';
    const visitor = new Visitor(t);
    const sent = await visitor.submit(`/c/${serial}`, {
      areas: ['general', 'facility'],
      satisfaction: '4',
      message: typed,
      reply: 'yes',
      phone: '010-2345-6789',
      consent: 'yes',
    });
    expect(sent.status, sent.html).toBe(303);
    const online = caseBySerial(serial!);
    expect(online.message).toBe(typed);
    expect(online.history?.[0]).toMatchObject({ by: 'visitor', what: expect.stringContaining('온라인') });

    // The visitor also drops the paper card in the box, written differently; staff photograph the box.
    const random = new Random(31);
    const scene = await makeScene(t.cardbox.layout, t.cardbox.profile, random, {
      width: 2400,
      height: 1800,
      cards: 1,
      tilt: 0.05,
      serials: [{ serial: serial!, type: 'green' }],
      fill: { marks: { 'area.children': 'tick', 'satisfaction.1': 'tick', 'consent.privacy': 'tick' } },
    });
    const { cookie } = await loginAs(t, 'staff');
    await uploadAndRead(t, cookie, scene.jpeg);

    const after = caseBySerial(serial!);
    expect(t.cardbox.store.cases.data.cases.filter((c) => c.serial === serial)).toHaveLength(1);
    // What the visitor typed is the case; the paper's reading is kept beside it, flagged as different.
    expect(after).toMatchObject({
      channel: 'online',
      message: typed,
      areas: ['general', 'facility'],
      satisfaction: 4,
      consent: true,
      replyWanted: true,
    });
    expect(t.cardbox.sealer.open<Contact>(after.contact!)).toEqual({ phone: '01023456789' });
    expect(after.reading?.photoIds).toHaveLength(1);
    expect(after.reading?.checks).toHaveProperty('area.children');
    expect(after.reading?.needsReview).toContain('paper-online-differ');
    expect(after.history?.map((e) => e.what).join('\n')).toContain('카드 사진');
    expect(after.history?.at(-1)).toMatchObject({ by: 'cardbox' });

    const page = await (await asStaff(t, cookie, `/staff/cases/${after.id}`)).text();
    expect(page).toContain('종이 카드와 온라인으로 보낸 내용이 다릅니다');
    expect(page).toContain(typed.slice(0, 12));

    // Staff confirm the paper's reading: the visitor's typed words still stand, the history says who did what.
    const confirm = await asStaff(
      t,
      cookie,
      `/staff/cases/${after.id}/review`,
      form({ 'field.message': '종이 글' }),
    );
    expect(confirm.status).toBe(303);
    const confirmed = caseBySerial(serial!);
    expect(confirmed.message).toBe(typed);
    expect(confirmed.reading?.fields.message?.text).toBe('종이 글');
    expect(confirmed.history?.at(-1)).toMatchObject({ by: expect.stringMatching(/^staff/) });
  });

  it('the paper card read first, then the visitor types online from the stub: the typed words win, the reading stays', async () => {
    await start();
    const [serial] = await printedSerials(t, 'yellow');
    // The visitor opens the form from the stub's QR code; meanwhile staff read the box.
    const visitor = new Visitor(t);
    const formPage = await visitor.get(`/c/${serial}`);
    const { receiveCase } = await import('../../src/cases/intake.ts');
    await receiveCase(t.cardbox, {
      serial: serial!,
      type: 'yellow',
      channel: 'cardbox',
      areas: ['children'],
      satisfaction: 1,
      message: '어린01자료실 화장실이 더립습니다',
      replyWanted: false,
      consent: false,
      reading: {
        photoIds: ['p1'],
        checks: { 'area.children': true, 'satisfaction.1': true },
        fields: { message: { text: '어린01자료실 화장실이 더립습니다', confidence: 0.4 } },
        needsReview: ['message-low-confidence'],
        score: 0.4,
      },
    });
    const typed = '어린이자료실 화장실이 더럽습니다. 청소를 부탁드립니다.';
    const body = new URLSearchParams({
      _csrf: hidden(formPage.html, '_csrf')!,
      areas: 'children',
      satisfaction: '2',
      message: typed,
    });
    const sent = await visitor.post(`/c/${serial}`, body.toString());
    expect(sent.status, sent.html).toBe(303);
    const record = caseBySerial(serial!);
    expect(record).toMatchObject({ message: typed, satisfaction: 2, channel: 'cardbox' });
    expect(record.typedAt).toBeDefined();
    expect(record.reading?.fields.message?.text).toBe('어린01자료실 화장실이 더립습니다');
    expect(record.reading?.needsReview).toContain('paper-online-differ');
    expect(record.history?.at(-1)).toMatchObject({ by: 'visitor' });
    expect(record.history?.at(-1)?.changes).toContainEqual({ field: '만족도', from: '1', to: '2' });
    // A second online sending is refused: it was typed once.
    const twice = await new Visitor(t).submit(`/c/${serial}`, { message: '또' });
    expect(twice.status).toBe(409);
    expect(caseBySerial(serial!).message).toBe(typed);
  });

  it('a better photo of a card replaces only unconfirmed readings, and the history keeps the old words', async () => {
    await start();
    const { receiveCase } = await import('../../src/cases/intake.ts');
    const { mergeReading } = await import('../../src/cases/reading.ts');
    const reading = (photo: string, message: string, score: number) => ({
      photoIds: [photo],
      checks: { 'area.general': true },
      fields: { message: { text: message, confidence: score } },
      needsReview: [],
      score,
    });
    const fields = (message: string) => ({
      areas: ['general'],
      satisfaction: null,
      message,
      replyWanted: false,
      consent: false,
      contact: null,
    });
    const { record } = await receiveCase(t.cardbox, {
      serial: null,
      type: 'green',
      channel: 'cardbox',
      ...fields('첫 판독'),
      reading: reading('p1', '첫 판독', 0.5),
    });
    await mergeReading(t.cardbox, record.id, reading('p2', '더 나은 판독', 0.9), fields('더 나은 판독'));
    const merged = t.cardbox.store.cases.data.cases[0]!;
    expect(merged.message).toBe('더 나은 판독');
    const last = merged.history?.at(-1);
    expect(last?.by).toBe('cardbox');
    expect(last?.changes).toContainEqual({ field: '내용', from: '첫 판독', to: '더 나은 판독' });
  });
});

describe('a missed deadline stays missed, and every view counts it the same', () => {
  it('seeds breaches through the real flows and checks dashboard, statistics, export, annual report and CLI', async () => {
    await start();
    const officer = await officerOf({ name: '한담당', department: 'admin', phone: '258-2518' });
    const serials: string[] = [];
    for (let i = 0; i < 6; i++) serials.push(await complainOnline());
    const ids = serials.map((s) => caseBySerial(s).id);
    const originalDue = ids.map((id) => t.cardbox.store.cases.data.cases.find((c) => c.id === id)!.dueAt);
    for (const id of ids) {
      const assigned = await officer.post(`/staff/cases/${id}/assign`, {
        department: 'admin',
        officerId: officer.user.id,
        name: '한담당',
        phone: '258-2518',
      });
      expect(assigned.status, await assigned.text()).toBe(303);
    }
    const answer = async (id: string) => {
      const published = await officer.post(`/staff/cases/${id}/notice`, { result: '냉방기를 점검했습니다.' });
      expect(published.status).toBe(303);
    };
    // Two are answered the next day: on time.
    clock = kst('2026-09-23T11:00:00');
    await answer(ids[0]!);
    await answer(ids[1]!);
    // The other four miss their deadline.
    clock = kst('2026-09-28T09:00:00');
    expect((await runSweep(t.cardbox)).breached.sort()).toEqual(ids.slice(2).sort());
    // The officer gives two of them a reason and a new date, then answers them: late, but within the promise.
    for (const id of ids.slice(2, 4)) {
      const delay = await officer.post(`/staff/cases/${id}/delay`, {
        reason: '냉방기 부품 주문',
        newDate: '2026-09-30',
      });
      expect(delay.status).toBe(303);
    }
    clock = kst('2026-09-29T15:00:00');
    await answer(ids[2]!);
    await answer(ids[3]!);
    await runSweep(t.cardbox);

    // The charter's deadline never moved.
    expect(ids.map((id) => t.cardbox.store.cases.data.cases.find((c) => c.id === id)!.dueAt)).toEqual(
      originalDue,
    );
    const rate = '33.3% (준수 2 / 판정 6)';
    const dashboard = await officer.get('/staff');
    expect(dashboard).toContain('기한 초과 2건');
    const stats = await officer.get('/staff/stats?from=2026-09-01&to=2026-09-30');
    expect(stats).toContain(rate);
    expect(stats).toMatch(/기한 미준수 기록<\/dt>\s*<dd>4건/);
    const publicStats = await (await t.app.request('/stats?year=2026')).text();
    expect(publicStats).toContain(rate);
    const annual = await officer.get('/staff/reports/annual/2026');
    expect(annual).toContain(rate);
    const csv = await officer.get('/staff/reports/export.csv?from=2026-09-01&to=2026-09-30');
    const rows = parse(csv, { bom: true, columns: true }) as Record<string, string>[];
    const kept = rows.map((r) => r['기한 준수']).sort();
    expect(kept).toEqual(['기한 경과(미처리)', '기한 경과(미처리)', '준수', '준수', '지연', '지연']);
    const cli = await runCli(['report', 'stats', '--from', '2026-09-01', '--to', '2026-09-30'], t.cardbox);
    expect(cli.out).toContain(rate);
  });
});

describe('the visitor is told the truth about a delay', () => {
  it('a breach apologises without inventing a reason, asks the officer for one, and the status page says so', async () => {
    await start();
    const sms = await startSmsGateway();
    closers.push(sms.close);
    useTransports(t.cardbox, transportsFrom({ SMS_WEBHOOK_URL: sms.url }));
    const officer = await officerOf({ name: '한담당', department: 'admin', phone: '258-2518' });
    const { serial, id } = await assignedComplaint(officer, {
      reply: 'yes',
      phone: '010-3456-7890',
      consent: 'yes',
    });
    const originalDue = caseBySerial(serial).dueAt;
    clock = kst('2026-09-28T09:00:00');
    await runSweep(t.cardbox);
    const breached = caseBySerial(serial);
    expect(breached.dueAt).toBe(originalDue);
    expect(breached.breaches).toHaveLength(1);
    expect(breached.breaches![0]!.reason).toBeUndefined();

    // The automatic notice apologises, names the voucher and says the officer will follow up; no reason made up.
    const delay = sms.received
      .map((r) => r.body as { text: string; kind: string })
      .find((b) => b.kind === 'delay');
    expect(delay?.text).toContain('사과');
    expect(delay?.text).toContain(breached.vouchers![0]!.number);
    expect(delay?.text).toContain('담당자가');
    expect(delay?.text).not.toContain('지연 사유:');
    expect(delay?.text).not.toContain('검토가 기한 안에 끝나지 않았습니다');

    // The officer has an urgent task on the dashboard.
    const todo = await officer.get('/staff');
    expect(todo).toContain('지연 사유와 새 처리 예정일을 알려 주세요');
    expect(todo).toContain(`/staff/cases/${id}`);

    // The visitor's status page: missed, sorry, the officer will tell the reason, how to get the voucher.
    let status = await (await t.app.request(`/c/${serial}`)).text();
    expect(status).toContain('처리 기한을 지키지 못했습니다');
    expect(status).toContain('사과');
    expect(status).toContain('5,000원');
    expect(status).toContain(breached.vouchers![0]!.number);
    expect(status).toContain('담당자가 지연 사유와 새 처리 예정일을 알려 드립니다');
    expect(status).toContain('2026년 9월 25일'); // the original deadline, not a moved one

    // The officer gives the reason and a new date: the visitor is told, the task is done.
    const given = await officer.post(`/staff/cases/${id}/delay`, {
      reason: '냉방기 부품 주문',
      newDate: '2026-10-02',
    });
    expect(given.status).toBe(303);
    await processOutbox(t.cardbox);
    const second = sms.received
      .map((r) => r.body as { text: string; kind: string })
      .filter((b) => b.kind === 'delay');
    expect(second.at(-1)?.text).toContain('지연 사유: 냉방기 부품 주문');
    status = await (await t.app.request(`/c/${serial}`)).text();
    expect(status).toContain('냉방기 부품 주문');
    expect(status).toContain('2026년 10월 2일');
    expect(caseBySerial(serial).dueAt).toBe(originalDue);
    const done = await officer.get('/staff');
    expect(done).not.toContain('지연 사유와 새 처리 예정일을 알려 주세요');
  });
});

/** No mail server configured, and a complaint whose visitor left only an e-mail, assigned to an officer. */
async function complaintWithoutMailServer() {
  await start();
  useTransports(t.cardbox, {});
  const officer = await officerOf({ name: '한담당', department: 'admin', phone: '258-2518' });
  const { serial, id } = await assignedComplaint(officer, {
    reply: 'yes',
    email: 'visitor@example.kr',
    consent: 'yes',
  });
  return { officer, serial, id };
}

describe('"answered" means the visitor was reached', () => {
  it('without a mail server the notice is on the status page, the e-mail fails at once, and the case stays open', async () => {
    const { officer, serial, id } = await complaintWithoutMailServer();
    const banner = await officer.get('/staff');
    expect(banner).toContain('메일 서버가 설정되지 않아');
    const published = await officer.post(`/staff/cases/${id}/notice`, { result: '냉방기를 고쳤습니다.' });
    expect(published.status).toBe(303);
    await processOutbox(t.cardbox);

    const record = caseBySerial(serial);
    expect(record.notice).toBeDefined();
    expect(record.answeredAt).toBeUndefined();
    expect(record.status).not.toBe('answered');
    const message = t.cardbox.store.outbox.data.messages.find((m) => m.caseId === id && m.kind === 'notice')!;
    expect(message.status).toBe('failed');
    expect(message.attempts).toHaveLength(1);

    const status = await (await t.app.request(`/c/${serial}`)).text();
    expect(status).toContain('냉방기를 고쳤습니다');
    expect(status).not.toContain('알려 드렸습니다');
    const casePage = await officer.get(`/staff/cases/${id}`);
    expect(casePage).toContain('전달 실패');
    expect(casePage).toContain('메일 서버가 설정되지 않았습니다');
    const dashboard = await officer.get('/staff');
    expect(dashboard).toContain('전달하지 못한 통지 1건');

    // A mail server is set up; staff send it again; now it is answered, at the moment it left.
    const smtp = await startSmtp();
    closers.push(smtp.close);
    useTransports(t.cardbox, transportsFrom({ SMTP_URL: smtp.url }));
    clock += 3600_000;
    const retry = await officer.post(`/staff/outbox/${message.id}/retry`, {});
    expect(retry.status).toBe(303);
    await processOutbox(t.cardbox);
    expect(smtp.mails).toHaveLength(1);
    const answered = caseBySerial(serial);
    expect(answered.status).toBe('answered');
    expect(answered.answeredAt).toBe(new Date(clock).toISOString());
    expect(await (await t.app.request(`/c/${serial}`)).text()).toContain('알려 드렸습니다');
  });

  it('a notice that could not be sent is answered when staff post the letter, at that moment', async () => {
    const { officer, serial, id } = await complaintWithoutMailServer();
    await officer.post(`/staff/cases/${id}/notice`, { result: '고쳤습니다.' });
    await processOutbox(t.cardbox);
    expect(caseBySerial(serial).answeredAt).toBeUndefined();
    expect(await officer.get(`/staff/cases/${id}`)).toContain('전달 기록 (답변 완료)');
    clock += 2 * 3600_000;
    const posted = await officer.post(`/staff/cases/${id}/delivered`, { how: 'post' });
    expect(posted.status).toBe(303);
    expect(caseBySerial(serial)).toMatchObject({
      status: 'answered',
      answeredAt: new Date(clock).toISOString(),
    });
    expect(caseBySerial(serial).history?.at(-1)?.what).toContain('우편');
  });

  it('a visitor who left no contact is answered by the status page when the notice is published', async () => {
    await start();
    const officer = await officerOf({ name: '한담당', department: 'admin', phone: '258-2518' });
    const { serial, id } = await assignedComplaint(officer);
    await officer.post(`/staff/cases/${id}/notice`, { result: '고쳤습니다.' });
    expect(caseBySerial(serial)).toMatchObject({
      status: 'answered',
      answeredAt: new Date(clock).toISOString(),
    });
  });
});

describe('one time zone, one date', () => {
  it('exports give the same due day as the pages, real dates and percentages in XLSX, and the serial', async () => {
    await start();
    const officer = await officerOf();
    const serial = await complainOnline();
    const record = caseBySerial(serial);
    const page = await officer.get(`/staff/cases/${record.id}`);
    expect(page).toContain('2026-09-25까지');
    const csv = await officer.get('/staff/reports/export.csv?from=2026-09-01&to=2026-09-30');
    const [row] = parse(csv, { bom: true, columns: true }) as Record<string, string>[];
    expect(row!['처리 기한']).toBe('2026-09-25');
    expect(row!.접수일).toBe('2026-09-22');
    expect(row!.일련번호).toBe(serial);

    // Past the deadline, so the on-time rate is a figure (0%), not '—'.
    clock = kst('2026-09-28T09:00:00');
    const xlsx = await officer.request('/staff/reports/export.xlsx?from=2026-09-01&to=2026-09-30');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsx.arrayBuffer());
    const sheet = workbook.getWorksheet('사례')!;
    const headers = (sheet.getRow(1).values as string[]).slice(1);
    const cell = (name: string) => sheet.getRow(2).getCell(headers.indexOf(name) + 1);
    expect(cell('처리 기한').value).toBeInstanceOf(Date);
    expect((cell('처리 기한').value as Date).toISOString().slice(0, 10)).toBe('2026-09-25');
    expect(cell('처리 기한').numFmt).toContain('yy');
    expect(cell('일련번호').value).toBe(serial);
    const summary = workbook.getWorksheet('요약')!;
    const rateRow = summary.getRows(1, summary.rowCount)!.find((r) => r.getCell(1).value === '기한 준수율')!;
    expect(rateRow.getCell(2).numFmt).toContain('%');
  });
});

describe('what staff see is on disk, also after a failed write', () => {
  it('a full disk refuses a case: no ghost of it stays behind, and the pages agree with the disk', async () => {
    const disk = await smallDisk();
    if (!disk) return;
    closers.push(disk.unmount);
    clock = kst('2026-09-22T10:00:00');
    t = await tempCardbox({ now: () => new Date(clock), dir: disk.dir });
    const [serial] = await printedSerials(t, 'green');
    const staff = await loginAs(t, 'staff');
    await disk.fill();
    const failed = await new Visitor(t).submit(`/c/${serial}`, { areas: 'general', message: '처음 보낸 글' });
    expect(failed.status).toBe(500);
    expect(t.cardbox.store.cases.data.cases).toHaveLength(0);
    // Neither the status page nor the inbox shows a case that is not on disk.
    const blank = await (await t.app.request(`/c/${serial}`)).text();
    expect(blank).toContain('name="message"');
    expect(blank).not.toContain('접수일');
    expect(await (await asStaff(t, staff.cookie, '/staff/cases')).text()).not.toContain('처음 보낸 글');

    // Room again: the visitor's second try is accepted and is the one case.
    await disk.free();
    const again = await new Visitor(t).submit(`/c/${serial}`, { areas: 'general', message: '다시 보낸 글' });
    expect(again.status, again.html).toBe(303);
    expect(t.cardbox.store.cases.data.cases.map((c) => c.message)).toEqual(['다시 보낸 글']);

    // A change refused by the full disk, then room and a notice: the status page shows what is on disk. (A
    // change is one journal line; a long one, so it cannot fit in the last block the journal already has.)
    const record = caseBySerial(serial!);
    await assignCase(t.cardbox, record.id, 'tester', {
      department: 'admin',
      name: '한담당',
      phone: '258-2518',
    });
    const long = `반영했습니다. ${'열람실 조명을 모두 밝은 것으로 바꾸었습니다. '.repeat(80)}`.slice(0, 3900);
    await disk.fill();
    const refused = await asStaff(
      t,
      staff.cookie,
      `/staff/cases/${record.id}/notice`,
      form({ result: long }),
    );
    expect(refused.status).toBe(500);
    expect(caseBySerial(serial!).notice).toBeUndefined();
    expect(await (await t.app.request(`/c/${serial}`)).text()).not.toContain('반영했습니다');
    await disk.free();
    const published = await asStaff(
      t,
      staff.cookie,
      `/staff/cases/${record.id}/notice`,
      form({ result: long }),
    );
    expect(published.status).toBe(303);
    expect(await (await t.app.request(`/c/${serial}`)).text()).toContain('반영했습니다');
    t = await t.restart();
    expect(caseBySerial(serial!).notice?.text).toContain('반영했습니다');
    expect(await (await t.app.request(`/c/${serial}`)).text()).toContain('반영했습니다');
  });
});
