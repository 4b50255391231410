import { afterEach, describe, expect, it } from 'vitest';
import { assignCase } from '../../src/cases/assign.ts';
import { classifyCase } from '../../src/cases/classify.ts';
import { receiveCase } from '../../src/cases/intake.ts';
import { publishNotice } from '../../src/cases/notice.ts';
import { runSweep, startSweeps } from '../../src/cases/sweep.ts';
import { processOutbox } from '../../src/delivery/outbox.ts';
import { type EmailMessage, type SmsMessage, useTransports } from '../../src/delivery/transports.ts';
import { type TestCardbox, tempCardbox } from '../helpers/cardbox.ts';
import { asStaff, loginAs } from '../helpers/staff.ts';

const kst = (local: string) => Date.parse(`${local}+09:00`);
let clock = kst('2026-09-22T10:00:00');
let t: TestCardbox;
let mails: EmailMessage[];
let texts: SmsMessage[];

async function start() {
  clock = kst('2026-09-22T10:00:00');
  t = await tempCardbox({ now: () => new Date(clock) });
  mails = [];
  texts = [];
  useTransports(t.cardbox, {
    email: async (m) => void mails.push(m),
    sms: async (m) => void texts.push(m),
  });
}
afterEach(() => t.cleanup());

const post = (cookie: string, path: string, form: Record<string, string>) =>
  asStaff(t, cookie, path, { method: 'POST', body: new URLSearchParams(form) });

async function complaint() {
  const { record } = await receiveCase(t.cardbox, {
    serial: null,
    type: 'yellow',
    channel: 'online',
    areas: ['kindness'],
    satisfaction: 1,
    message: '안내 직원이 퉁명스러웠습니다',
    replyWanted: true,
    consent: true,
    contact: { phone: '010-5555-6666' },
  });
  return record;
}

describe('the clock sweep', () => {
  it('reminds the officer one working day before the deadline, by e-mail and on the dashboard', async () => {
    await start();
    const officer = await loginAs(t, 'staff', {
      name: '정담당',
      department: 'admin',
      email: 'jung@library.test',
    });
    // Mon 21 Sep, 3 calendar days: due at the end of Thu 24 Sep (추석 전날 — calendar days do not skip it).
    clock = kst('2026-09-21T10:00:00');
    const record = await complaint();
    await classifyCase(t.cardbox, record.id, 'tester', { classification: 'conduct' });
    await assignCase(t.cardbox, record.id, 'tester', { department: 'admin', officerId: officer.user.id });
    expect((await runSweep(t.cardbox)).reminded).toEqual([]);
    // Tue 22 Sep: only Wed 23 is a working day before the deadline.
    clock = kst('2026-09-22T09:00:00');
    expect((await runSweep(t.cardbox)).reminded).toEqual([record.id]);
    expect(mails).toEqual([
      expect.objectContaining({
        to: 'jung@library.test',
        subject: expect.stringContaining('처리 기한 임박'),
      }),
    ]);
    expect((await runSweep(t.cardbox)).reminded).toEqual([]);
    expect(mails).toHaveLength(1);
    const dashboard = await (await asStaff(t, officer.cookie, '/staff')).text();
    expect(dashboard).toContain('내 담당 의견의 기한이 다가옵니다');
  });

  it('on a missed deadline: breach forever, apology and voucher at once, the reason and new date from the officer', async () => {
    await start();
    const record = await complaint();
    await assignCase(t.cardbox, record.id, 'tester', {
      department: 'admin',
      name: '한담당',
      phone: '258-2518',
    });
    clock = kst('2026-09-25T23:59:00');
    expect((await runSweep(t.cardbox)).breached).toEqual([]);
    clock = kst('2026-09-26T00:10:00');
    const report = await runSweep(t.cardbox);
    expect(report.breached).toEqual([record.id]);
    const breached = t.cardbox.store.cases.data.cases[0]!;
    // The charter's deadline stays; no reason or new date is made up before the officer gives them.
    expect(breached.dueAt).toBe(new Date(kst('2026-09-26T00:00:00')).toISOString());
    expect(breached.breaches).toEqual([
      {
        kind: 'deadline',
        rule: 'dissatisfaction',
        dueAt: new Date(kst('2026-09-26T00:00:00')).toISOString(),
        detectedAt: new Date(clock).toISOString(),
        apologizedAt: new Date(clock).toISOString(),
      },
    ]);
    expect(breached.vouchers).toEqual([
      expect.objectContaining({
        number: '2026-0001',
        amountKrw: 5000,
        kind: '도서상품권',
        issuedBy: '행정지원과 한담당',
      }),
    ]);
    expect(texts).toHaveLength(1);
    expect(texts[0]!.kind).toBe('delay');
    for (const part of [
      '사과드립니다',
      '기한(2026-09-25)',
      '담당자가 지연 사유와 새 처리 예정일',
      '5,000원',
      '2026-0001',
      '받는 방법',
    ]) {
      expect(texts[0]!.text).toContain(part);
    }
    expect(texts[0]!.text).not.toContain('지연 사유:');
    // No second remedy for the same missed date.
    expect((await runSweep(t.cardbox)).breached).toEqual([]);
    // Staff give the real reason and a new date; the visitor is told again.
    const staff = await loginAs(t, 'staff');
    const past = await post(staff.cookie, `/staff/cases/${record.id}/delay`, {
      reason: '부품 주문',
      newDate: '2026-09-20',
    });
    expect(past.status).toBe(400);
    expect(await past.text()).toContain('오늘이나 그 뒤');
    const delay = await post(staff.cookie, `/staff/cases/${record.id}/delay`, {
      reason: '담당 직원 면담 일정 조율 중',
      newDate: '2026-10-02',
    });
    expect(delay.status).toBe(303);
    await runSweep(t.cardbox);
    expect(texts).toHaveLength(2);
    expect(texts[1]!.text).toContain('지연 사유: 담당 직원 면담 일정 조율 중');
    expect(texts[1]!.text).toContain('새 처리 예정일: 2026-10-02');
    expect(t.cardbox.store.cases.data.cases[0]!).toMatchObject({
      dueAt: new Date(kst('2026-09-26T00:00:00')).toISOString(),
      promisedAt: new Date(kst('2026-10-03T00:00:00')).toISOString(),
    });
    // The answer later does not erase the breach.
    await publishNotice(t.cardbox, record.id, 'tester', '해당 직원 교육을 실시했습니다.');
    await processOutbox(t.cardbox);
    clock = kst('2026-10-10T10:00:00');
    await runSweep(t.cardbox);
    const answered = t.cardbox.store.cases.data.cases[0]!;
    expect(answered.breaches).toHaveLength(1);
    expect(answered.vouchers).toHaveLength(1);
    const { cookie } = await loginAs(t, 'viewer');
    const page = await (await asStaff(t, cookie, `/staff/cases/${record.id}`)).text();
    expect(page).toContain('처리 기한 초과 기록 1회');
    expect(page).toContain('번호 2026-0001');
    // A second missed case gets the next voucher number.
    const other = await complaint();
    clock = kst('2026-10-20T10:00:00');
    await runSweep(t.cardbox);
    expect(t.cardbox.store.cases.data.cases.find((c) => c.id === other.id)!.vouchers![0]!.number).toBe(
      '2026-0002',
    );
  });

  it('removes contact details after the retention period and logs it', async () => {
    await start();
    const record = await complaint();
    await assignCase(t.cardbox, record.id, 'tester', {
      department: 'admin',
      name: '한담당',
      phone: '258-2518',
    });
    await publishNotice(t.cardbox, record.id, 'tester', '확인했습니다.');
    // Delivered at once (the publish route runs the outbox): the retention period counts from then.
    await processOutbox(t.cardbox);
    clock += 364 * 86_400_000;
    expect((await runSweep(t.cardbox)).contactsRemoved).toEqual([]);
    clock += 2 * 86_400_000;
    expect((await runSweep(t.cardbox)).contactsRemoved).toEqual([record.id]);
    const kept = t.cardbox.store.cases.data.cases[0]!;
    expect(kept.contact).toBeNull();
    expect(kept.contactRemovedAt).toBe(new Date(clock).toISOString());
    expect(kept.notice?.text).toContain('확인했습니다');
    expect(
      t.cardbox.store.audit.data.entries.some(
        (e) => e.action === 'contact.removed' && e.caseId === record.id,
      ),
    ).toBe(true);
  });

  it('runs by itself in the server: after a restart it follows a changed profile, then remedies', async () => {
    await start();
    const record = await complaint();
    expect(record.dueAt).toBe(new Date(kst('2026-09-26T00:00:00')).toISOString());
    // The institution shortens the promise to 1 day while the server is stopped.
    const dir = t.dir;
    await t.cardbox.store.close();
    clock = kst('2026-09-24T09:00:00');
    const restarted = await tempCardbox({ dir, now: () => new Date(clock) });
    t = restarted;
    t.cardbox.profile = {
      ...t.cardbox.profile,
      rules: t.cardbox.profile.rules.map((r) => (r.id === 'dissatisfaction' ? { ...r, amount: 1 } : r)),
    };
    useTransports(t.cardbox, { sms: async (m) => void texts.push(m) });
    const stop = startSweeps(t.cardbox, 20);
    try {
      const deadline = Date.now() + 10_000;
      while (!t.cardbox.store.cases.data.cases[0]!.breaches?.length && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      await stop();
    }
    const swept = t.cardbox.store.cases.data.cases[0]!;
    // Received Tue 22 Sep: one day → due at the end of Wed 23, missed by Thu 24 09:00.
    expect(swept.breaches?.[0]?.dueAt).toBe(new Date(kst('2026-09-24T00:00:00')).toISOString());
    expect(swept.vouchers).toHaveLength(1);
  });

  it('drops unconfirmed contact drafts of a card after the retention period too', async () => {
    await start();
    const { record } = await receiveCase(t.cardbox, {
      serial: null,
      type: 'green',
      channel: 'cardbox',
      areas: [],
      satisfaction: null,
      message: '좋아요',
      replyWanted: false,
      consent: false,
      reading: {
        photoIds: [],
        checks: {},
        fields: {
          phone: { text: '01012345678', confidence: 0.5 },
          message: { text: '좋아요', confidence: 0.9 },
        },
        needsReview: ['phone'],
        score: 0.5,
      },
    });
    const staff = await loginAs(t, 'staff');
    // The drafts are shown (and the viewing audited) to the officer a colleague assigned the case to.
    const lead = await loginAs(t, 'admin');
    await post(lead.cookie, `/staff/cases/${record.id}/assign`, {
      department: 'admin',
      officerId: staff.user.id,
    });
    await asStaff(t, staff.cookie, `/staff/cases/${record.id}`);
    expect(t.cardbox.store.audit.data.entries).toContainEqual(
      expect.objectContaining({ action: 'contact.viewed', caseId: record.id, by: staff.user.username }),
    );
    await post(staff.cookie, `/staff/cases/${record.id}/classify`, { classification: 'no-reply' });
    clock += 366 * 86_400_000;
    expect((await runSweep(t.cardbox)).contactsRemoved).toEqual([record.id]);
    expect(JSON.stringify(t.cardbox.store.cases.data)).not.toContain('01012345678');
  });
});

describe('one bad record never stops the sweep', () => {
  it('a contact sealed under another key: the others are remedied, told and swept as usual', async () => {
    await start();
    const { randomBytes } = await import('node:crypto');
    const { Sealer } = await import('../../src/store/sealer.ts');
    const bad = await complaint();
    const good = await complaint();
    // As if restored from another installation's backup: its seal cannot be opened with this key.
    await t.cardbox.store.cases.update((data) => {
      data.cases.find((c) => c.id === bad.id)!.contact = new Sealer(randomBytes(32)).seal({
        phone: '01011112222',
      });
    });
    clock = kst('2026-09-28T09:00:00');
    const report = await runSweep(t.cardbox);
    expect(report.breached.sort()).toEqual([bad.id, good.id].sort());
    expect(texts.map((m) => m.to)).toEqual(['010-5555-6666']);
    expect(
      t.cardbox.store.cases.data.cases.find((c) => c.id === good.id)!.breaches![0]!.apologizedAt,
    ).toBeDefined();
    // The next sweep goes on too.
    clock += 3600_000;
    await expect(runSweep(t.cardbox)).resolves.toMatchObject({ breached: [] });
  });
});
