import { afterEach, describe, expect, it } from 'vitest';
import { assignCase } from '../../src/cases/assign.ts';
import { receiveCase } from '../../src/cases/intake.ts';
import { publishNotice } from '../../src/cases/notice.ts';
import { runSweep } from '../../src/cases/sweep.ts';
import { BACKOFF_MS, MAX_ATTEMPTS, processOutbox, recoverOutbox } from '../../src/delivery/outbox.ts';
import { type EmailMessage, useTransports } from '../../src/delivery/transports.ts';
import { type TestCardbox, tempCardbox } from '../helpers/cardbox.ts';
import { asStaff, loginAs } from '../helpers/staff.ts';

let clock = Date.parse('2026-11-23T01:00:00Z');
const now = () => new Date(clock);
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
  clock = Date.parse('2026-11-23T01:00:00Z');
});

async function answeredCase(t: TestCardbox) {
  const { record } = await receiveCase(t.cardbox, {
    serial: null,
    type: 'yellow',
    channel: 'online',
    areas: ['facility'],
    satisfaction: 1,
    message: '주차장이 좁습니다',
    replyWanted: true,
    consent: true,
    contact: { email: 'someone@example.test' },
  });
  await assignCase(t.cardbox, record.id, 'tester', {
    department: 'admin',
    name: '최담당',
    phone: '258-2518',
  });
  await publishNotice(t.cardbox, record.id, 'tester', '주차 안내 표지를 새로 달았습니다.');
  return record;
}

const failing = async () => {
  throw new Error('connect ECONNREFUSED 127.0.0.1:25');
};

describe('the persisted outbox', () => {
  it('records a failed attempt, survives a restart and delivers exactly once', async () => {
    let t = await tempCardbox({ now });
    cleanups.push(() => t.cleanup());
    useTransports(t.cardbox, { email: failing });
    await answeredCase(t);
    expect(await processOutbox(t.cardbox)).toBe(0);
    const [first] = t.cardbox.store.outbox.data.messages;
    expect(first).toMatchObject({
      status: 'pending',
      attempts: [{ ok: false, error: expect.stringContaining('ECONNREFUSED') }],
    });
    expect(Date.parse(first!.nextAttemptAt) - clock).toBe(BACKOFF_MS[0]);

    t = await t.restart();
    const delivered: EmailMessage[] = [];
    useTransports(t.cardbox, { email: async (message) => void delivered.push(message) });
    expect(await recoverOutbox(t.cardbox)).toBe(0);
    // Not yet due: the back-off holds across the restart.
    expect(await processOutbox(t.cardbox)).toBe(0);
    clock += BACKOFF_MS[0]! + 1000;
    expect(await processOutbox(t.cardbox)).toBe(1);
    clock += 24 * 3600_000;
    await processOutbox(t.cardbox);
    await runSweep(t.cardbox);
    t = await t.restart();
    useTransports(t.cardbox, { email: async (message) => void delivered.push(message) });
    await recoverOutbox(t.cardbox);
    await runSweep(t.cardbox);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toMatchObject({
      to: 'someone@example.test',
      subject: expect.stringContaining('처리 결과'),
    });
    expect(t.cardbox.store.outbox.data.messages[0]).toMatchObject({
      status: 'sent',
      attempts: [{ ok: false }, { ok: true }],
    });
  });

  it('never resends a message caught mid-send by a crash; staff see it failed and can send it again', async () => {
    let t = await tempCardbox({ now });
    cleanups.push(() => t.cleanup());
    useTransports(t.cardbox, { email: failing });
    await answeredCase(t);
    // A crash between "sending" reaching the disk and the transport's answer.
    await t.cardbox.store.outbox.update((data) => {
      data.messages[0]!.status = 'sending';
    });
    t = await t.restart();
    const delivered: EmailMessage[] = [];
    useTransports(t.cardbox, { email: async (message) => void delivered.push(message) });
    expect(await recoverOutbox(t.cardbox)).toBe(1);
    clock += 24 * 3600_000;
    await runSweep(t.cardbox);
    expect(delivered).toHaveLength(0);
    const { cookie } = await loginAs(t, 'staff');
    const page = await (await asStaff(t, cookie, '/staff/outbox')).text();
    expect(page).toContain('실패');
    expect(page).toContain('전송 중 서버가 멈췄습니다');
    const id = t.cardbox.store.outbox.data.messages[0]!.id;
    const retry = await asStaff(t, cookie, `/staff/outbox/${id}/retry`, { method: 'POST' });
    expect(retry.status).toBe(303);
    await processOutbox(t.cardbox);
    await runSweep(t.cardbox);
    expect(delivered).toHaveLength(1);
  });

  it('gives up after the last back-off and shows the failure on the dashboard', async () => {
    const t = await tempCardbox({ now });
    cleanups.push(() => t.cleanup());
    useTransports(t.cardbox, { email: failing });
    const record = await answeredCase(t);
    for (let i = 0; i < MAX_ATTEMPTS + 2; i++) {
      await processOutbox(t.cardbox);
      clock += 13 * 3600_000;
    }
    const message = t.cardbox.store.outbox.data.messages[0]!;
    expect(message.status).toBe('failed');
    expect(message.attempts).toHaveLength(MAX_ATTEMPTS);
    const { cookie } = await loginAs(t, 'viewer');
    expect(await (await asStaff(t, cookie, '/staff')).text()).toContain('전달하지 못한 통지 1건');
    expect(await (await asStaff(t, cookie, `/staff/cases/${record.id}`)).text()).toContain(
      '전달 실패 (재시도 중단)',
    );
    expect(t.cardbox.store.audit.data.entries.some((e) => e.action === 'delivery.failed')).toBe(true);
  });

  it('publishes once even when the button is pressed twice at the same moment', async () => {
    const t = await tempCardbox({ now });
    cleanups.push(() => t.cleanup());
    const delivered: EmailMessage[] = [];
    useTransports(t.cardbox, { email: async (message) => void delivered.push(message) });
    const { record } = await receiveCase(t.cardbox, {
      serial: null,
      type: 'green',
      channel: 'online',
      areas: [],
      satisfaction: 5,
      message: '좋아요',
      replyWanted: true,
      consent: true,
      contact: { email: 'twice@example.test' },
    });
    const { cookie, user } = await loginAs(t, 'staff');
    await assignCase(t.cardbox, record.id, 'tester', { department: 'admin', officerId: user.id });
    const press = () =>
      asStaff(t, cookie, `/staff/cases/${record.id}/notice`, {
        method: 'POST',
        body: new URLSearchParams({ result: '감사합니다.' }),
      });
    const statuses = (await Promise.all([press(), press()])).map((r) => r.status).sort();
    expect(statuses).toEqual([303, 400]);
    await processOutbox(t.cardbox);
    await runSweep(t.cardbox);
    expect(delivered).toHaveLength(1);
  });
});

describe('what the outbox keeps of a visitor', () => {
  it('never stores the address a bounce quotes, and forgets the message once the retention period is over', async () => {
    const t = await tempCardbox({ now });
    cleanups.push(() => t.cleanup());
    useTransports(t.cardbox, {
      email: async (m) => {
        throw Object.assign(new Error(`550 5.1.1 <${m.to}>: Recipient address rejected: User unknown`), {
          responseCode: 550,
        });
      },
    });
    const record = await answeredCase(t);
    await processOutbox(t.cardbox);
    const message = t.cardbox.store.outbox.data.messages[0]!;
    // A refusal for good is given up at once, not retried for hours.
    expect(message.status).toBe('failed');
    expect(message.attempts).toHaveLength(1);
    expect(message.attempts[0]!.error).toContain('Recipient address rejected');
    const { readFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    await t.cardbox.store.flush();
    const onDisk = await readFile(join(t.dir, 'outbox.json'), 'utf8');
    expect(onDisk).not.toContain('someone@example.test');
    const { cookie } = await loginAs(t, 'viewer');
    expect(await (await asStaff(t, cookie, '/staff/outbox')).text()).not.toContain('someone@example.test');

    // The visitor is told another way, the case closes, and a year on the outbox forgets the message text.
    const staff = await loginAs(t, 'staff');
    const { logCall } = await import('../../src/cases/staff-entry.ts');
    await logCall(t.cardbox, record.id, staff.user.username, { outcome: 'reached', answered: true });
    clock += 366 * 86_400_000;
    await runSweep(t.cardbox);
    const kept = t.cardbox.store.outbox.data.messages[0]!;
    expect(kept.text).toBe('');
    expect(kept.attempts.every((a) => !a.error?.includes('Recipient'))).toBe(true);
  });
});
