import { audit } from '../audit/log.ts';
import type { Cardbox } from '../context.ts';
import { enqueue, forgetVisitorMessages, processOutbox, recoverOutbox } from '../delivery/outbox.ts';
import { transportsFor } from '../delivery/transports.ts';
import { UserError } from '../errors.ts';
import type { Breach, CaseRecord, Voucher } from '../store/records.ts';
import { dueDay, endOfLocalDay, localDate } from '../time/zone.ts';
import { departmentName } from './assign.ts';
import { changeCase } from './change.ts';
import { isOpen, OPEN_STATUSES, recomputeDueDates } from './classify.ts';
import { workingDaysBetween } from './clock.ts';
import { CONTACT_FIELDS, type ContactField, dropDraft, hasDraft } from './drafts.ts';
import { sendToVisitor } from './notice.ts';
import { purgeExpiredImages, retentionEnds } from './retention.ts';
import { workingDeadline } from './timeliness.ts';

export interface SweepReport {
  breached: string[];
  reminded: string[];
  contactsRemoved: string[];
  sent: number;
}

/**
 * The charter clock, run periodically (and by tests with a fake `cardbox.now`): missed deadlines start the
 * remedy, officers are reminded one working day ahead, contacts past the retention period are removed, and
 * the outbox is sent.
 */
export async function runSweep(
  cardbox: Cardbox,
  options: { retention?: boolean } = {},
): Promise<SweepReport> {
  const breached = await startRemedies(cardbox);
  const reminded = await remindOfficers(cardbox);
  // Retention periods are days long, so the timed sweep runs it hourly (`startSweeps`).
  const contactsRemoved = options.retention === false ? [] : await runRetention(cardbox);
  const sent = await processOutbox(cardbox);
  return { breached, reminded, contactsRemoved, sent };
}

/** Contacts and card images past their retention period removed; resolves with the cases whose contact went. */
async function runRetention(cardbox: Cardbox): Promise<string[]> {
  const removed = await removeExpiredContacts(cardbox);
  await purgeExpiredImages(cardbox);
  return removed;
}

/** How often the timed sweep looks for contacts and images past their retention period. */
const RETENTION_EVERY_MS = 3600_000;

/** Runs `runSweep` now and every `intervalMs` (never two at once); returns a stop function. Errors are logged, never thrown. */
export function startSweeps(cardbox: Cardbox, intervalMs = 60_000): () => Promise<void> {
  transportsFor(cardbox); // bad SMTP/SMS settings stop the start with their message, not every sweep
  // Before its first send, the process that sweeps sets aside messages left mid-send by a process that stopped,
  // and brings open cases to the profile's current rules (it may have changed while no process ran).
  let ready: Promise<unknown> | undefined;
  const prepare = () =>
    (ready ??= Promise.all([recoverOutbox(cardbox), recomputeDueDates(cardbox)]).catch((error: unknown) =>
      console.error('casework start-up failed:', error instanceof Error ? error.message : error),
    ));
  let running: Promise<void> | null = null;
  const tick = (): Promise<void> => {
    running ??= (async () => {
      try {
        // Several app processes on one database: one of them sweeps at a time, and an institution is swept
        // once an interval between them all (a little less, so that the timers of two processes do not halve it).
        await cardbox.runAlone(
          'sweep',
          async () => {
            await prepare();
            await runSweep(cardbox, { retention: false });
          },
          { every: intervalMs * 0.9 },
        );
        await cardbox.runAlone('retention', () => runRetention(cardbox), { every: RETENTION_EVERY_MS });
      } catch (error) {
        console.error('casework sweep failed:', error instanceof Error ? error.message : error);
      } finally {
        running = null;
      }
    })();
    return running;
  };
  void tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  // Stopping waits for a sweep under way, so nothing writes to the data folder after it resolves.
  return async () => {
    clearInterval(timer);
    await running;
  };
}

/**
 * Voucher numbers `YYYY-NNNN` of the (local) year, `count` of them taken from the year's counter at once
 * (unique across processes). A counter that does not exist yet starts after the vouchers already issued that
 * year (a data folder from before counters were kept).
 */
async function voucherNumbers(cardbox: Cardbox, count: number, now: Date): Promise<() => string> {
  const year = localDate(now).slice(0, 4);
  const issuedThisYear = async () => {
    const numbers = (await cardbox.cases.list())
      .flatMap((c) => c.vouchers ?? [])
      .filter((v) => v.number.startsWith(`${year}-`))
      .map((v) => Number(v.number.slice(5)));
    return numbers.reduce((a, b) => Math.max(a, b), 0);
  };
  let next = count > 0 ? await cardbox.sequences.take(`voucher-${year}`, count, issuedThisYear) : 1;
  return () => `${year}-${String(next++).padStart(4, '0')}`;
}

/** The open cases the sweep may have something to do for now (`attentionAt`): a deadline or a reminder due. */
function dueForSweep(cardbox: Cardbox, now: Date): Promise<CaseRecord[]> {
  return cardbox.cases.list({ status: OPEN_STATUSES, attentionBy: now.toISOString() });
}

/** The deadline an open case has just missed and not yet recorded: the charter's, or the officer's promise. */
function missedDeadline(record: CaseRecord, now: Date): Breach['kind'] | null {
  if (!isOpen(record)) return null;
  const recorded = (at: string) => record.breaches?.some((b) => b.dueAt === at);
  if (Date.parse(record.dueAt) <= now.getTime() && !recorded(record.dueAt)) return 'deadline';
  if (record.promisedAt && Date.parse(record.promisedAt) <= now.getTime() && !recorded(record.promisedAt))
    return 'promise';
  return null;
}

/** The latest breach still waiting for the officer's reason and new date: a task on the dashboard. */
export function breachAwaitingReason(record: CaseRecord): Breach | undefined {
  const latest = record.breaches?.at(-1);
  return latest && !latest.reason && isOpen(record) ? latest : undefined;
}

/**
 * A missed deadline: the breach is recorded for good and the visitor gets the charter's apology at once. For
 * the charter's deadline a voucher is issued too. The reason and the new date come from the officer, who
 * gets an urgent task for it (`breachAwaitingReason`); nothing is invented for them. The case's `dueAt` is
 * not moved: the reports count it late.
 */
async function startRemedies(cardbox: Cardbox): Promise<string[]> {
  const now = cardbox.now();
  const { profile } = cardbox;
  // Looked for first, so an idle sweep writes nothing; only cases with something due are read at all.
  const missed = (await dueForSweep(cardbox, now)).filter((r) => missedDeadline(r, now));
  if (missed.length === 0) return [];
  const vouchersDue = missed.filter((r) => missedDeadline(r, now) === 'deadline').length;
  const nextVoucherNumber = await voucherNumbers(cardbox, vouchersDue, now);
  const remedied = await cardbox.cases.updateEach(
    missed.map((r) => r.id),
    (record) => {
      const kind = missedDeadline(record, now);
      if (!kind) return false;
      const breach: Breach = {
        kind,
        rule: record.rule,
        dueAt: kind === 'deadline' ? record.dueAt : record.promisedAt!,
        detectedAt: now.toISOString(),
        // The status page apologises from this moment; the message to the visitor is queued right after.
        apologizedAt: now.toISOString(),
      };
      record.breaches = [...(record.breaches ?? []), breach];
      let what = `약속한 처리 예정일(${dueDay(breach.dueAt)}) 초과: 담당자의 새 예정일 안내 필요`;
      if (kind === 'deadline') {
        const voucher: Voucher = {
          number: nextVoucherNumber(),
          amountKrw: profile.compensation.amountKrw,
          kind: profile.compensation.kind,
          issuedAt: now.toISOString(),
          issuedBy: record.officer
            ? `${departmentName(cardbox, record.officer.department)} ${record.officer.name}`
            : 'cardbox',
        };
        record.vouchers = [...(record.vouchers ?? []), voucher];
        what = `처리 기한(${dueDay(breach.dueAt)}) 초과: 사과, ${profile.compensation.kind} ${voucher.number} 발급, 담당자의 지연 사유 안내 필요`;
      }
      record.updatedAt = now.toISOString();
      record.history = [...(record.history ?? []), { at: now.toISOString(), by: 'cardbox', what }];
    },
  );
  // In parallel: the store commits the outbox, case and audit writes of all of them together. One case that
  // cannot be announced (its sealed contact unreadable, say) is logged and never stops the others.
  await Promise.all(
    remedied.map((record) =>
      announceBreach(cardbox, record).catch((error: unknown) =>
        console.error(
          `delay notice for case ${record.id} failed:`,
          error instanceof Error ? error.message : error,
        ),
      ),
    ),
  );
  return remedied.map((r) => r.id);
}

async function announceBreach(cardbox: Cardbox, record: CaseRecord): Promise<void> {
  const breach = record.breaches!.at(-1)!;
  await sendToVisitor(
    cardbox,
    record,
    'delay',
    `[${cardbox.profile.institution.name}] 처리 지연 안내와 사과`,
    delayText(cardbox, record, breach),
    'cardbox',
  );
  await audit(cardbox, {
    by: 'cardbox',
    action: 'case.changed',
    caseId: record.id,
    detail: `기한 초과 (${dueDay(breach.dueAt)}까지)${record.vouchers?.length ? `, 보상 ${record.vouchers.at(-1)!.number}` : ''}`,
  });
}

/**
 * The delay notice. Sent at once by the charter clock with the apology and the voucher, saying the officer
 * will give the reason and the new date; sent again by the officer with those. Never a reason nobody wrote.
 */
export function delayText(cardbox: Cardbox, record: CaseRecord, breach: Breach): string {
  const { profile } = cardbox;
  const officer = record.officer;
  const contact = officer
    ? `${departmentName(cardbox, officer.department)} ${officer.name} (${officer.phone})`
    : `${profile.institution.name} (${profile.institution.mainPhone})`;
  const voucher = record.vouchers?.at(-1);
  const missed =
    breach.kind === 'promise'
      ? `${profile.institution.name}에 주신 의견을 약속드린 날(${dueDay(breach.dueAt)})까지 처리하지 못했습니다. 진심으로 사과드립니다.`
      : `${profile.institution.name}에 주신 의견의 처리가 약속한 기한(${dueDay(breach.dueAt)})을 넘겼습니다. 진심으로 사과드립니다.`;
  return [
    missed,
    '',
    ...(breach.reason
      ? [`지연 사유: ${breach.reason}`, `새 처리 예정일: ${dueDay(breach.newDueAt!)}`]
      : ['담당자가 지연 사유와 새 처리 예정일을 확인하는 대로 곧 다시 알려 드리겠습니다.']),
    ...(voucher
      ? [
          `보상: ${profile.compensation.kind} ${profile.compensation.amountKrw.toLocaleString('ko-KR')}원 (번호 ${voucher.number})`,
          `받는 방법: ${profile.compensation.howToReceive}`,
        ]
      : []),
    `문의: ${contact}`,
  ].join('\n');
}

/** One working day before a deadline the officer gets an e-mail (when their account has one) and the dashboard flags it. */
async function remindOfficers(cardbox: Cardbox): Promise<string[]> {
  const now = cardbox.now();
  const due = (await dueForSweep(cardbox, now)).filter((r) => {
    const deadline = workingDeadline(r);
    return (
      isOpen(r) &&
      r.officer &&
      r.remindedFor !== deadline &&
      Date.parse(deadline) > now.getTime() &&
      workingDaysBetween(now, new Date(Date.parse(deadline) - 1)) <= 1
    );
  });
  const remind = async (record: CaseRecord) => {
    const user = record.officer?.userId ? await cardbox.users.get(record.officer.userId) : undefined;
    if (user?.email && !user.disabled) {
      await enqueue(cardbox, {
        caseId: record.id,
        kind: 'reminder',
        channel: 'email',
        to: { address: user.email },
        subject: `[Cardbox] 처리 기한 임박: ${record.serial ?? record.id.slice(0, 8)}`,
        text: `담당하신 의견의 처리 기한이 ${dueDay(workingDeadline(record))}까지입니다.\n${cardbox.settings.PUBLIC_BASE_URL}/staff/cases/${record.id}`,
        createdBy: 'cardbox',
      });
    }
    await cardbox.cases.update(record.id, (stored) => {
      stored.remindedFor = workingDeadline(stored);
    });
  };
  await Promise.all(due.map(remind));
  return due.map((r) => r.id);
}

/** Contact details are removed `privacy.retentionDays` after the case was answered (or closed). */
async function removeExpiredContacts(cardbox: Cardbox): Promise<string[]> {
  const now = cardbox.now();
  const expired = (record: CaseRecord): ContactField[] | null => {
    const drafts = CONTACT_FIELDS.filter((name) => hasDraft(record.reading?.fields[name]));
    if (!record.contact && drafts.length === 0) return null;
    const ends = retentionEnds(cardbox, record);
    return ends === null || ends > now.getTime() ? null : drafts;
  };
  // Looked for first, so an idle sweep writes nothing.
  const due = (await cardbox.cases.list({ holdingPersonalData: true })).filter((record) => expired(record));
  if (due.length === 0) return [];
  const changed = await cardbox.cases.updateEach(
    due.map((r) => r.id),
    (record) => {
      const drafts = expired(record);
      if (!drafts) return false;
      for (const name of drafts) dropDraft(record.reading!.fields[name]!);
      record.contact = null;
      record.contactRemovedAt = now.toISOString();
    },
  );
  const removed = changed.map((r) => r.id);
  await forgetVisitorMessages(cardbox, removed);
  for (const id of removed) {
    await audit(cardbox, {
      by: 'cardbox',
      action: 'contact.removed',
      caseId: id,
      detail: '보유 기간이 지나 연락처를 지움',
    });
  }
  return removed;
}

/**
 * The officer gives the reason and a new expected date for the latest missed deadline; the visitor is told
 * (reason, new date, apology, voucher number). The charter's deadline stays where it was: the new date is the
 * case's `promisedAt`, which the reminders follow and which, missed too, is recorded as a breach of its own.
 */
export async function updateDelay(
  cardbox: Cardbox,
  id: string,
  by: string,
  input: { reason: string; newDate: string },
): Promise<CaseRecord> {
  const reason = input.reason.trim();
  if (!reason) throw new UserError('지연 사유를 적어 주세요.');
  if (!/^\d{4}-\d\d-\d\d$/.test(input.newDate)) throw new UserError('새 처리 예정일을 골라 주세요.');
  const newDueAt = endOfLocalDay(input.newDate);
  if (Number.isNaN(newDueAt.getTime()) || newDueAt.getTime() <= cardbox.now().getTime()) {
    throw new UserError('새 처리 예정일은 오늘이나 그 뒤여야 합니다.');
  }
  const existing = await cardbox.cases.get(id);
  if (!existing?.breaches?.length || !isOpen(existing)) {
    throw new UserError('기한을 넘긴 미답변 의견에만 지연 안내를 보낼 수 있습니다.');
  }
  const record = await changeCase(
    cardbox,
    id,
    by,
    `지연 안내: 사유와 새 처리 예정일 ${input.newDate}`,
    (r, now) => {
      const breach = r.breaches!.at(-1)!;
      breach.reason = reason.slice(0, 500);
      breach.newDueAt = newDueAt.toISOString();
      breach.reasonBy = by;
      breach.delayNoticeAt = now.toISOString();
      r.promisedAt = newDueAt.toISOString();
    },
  );
  await sendToVisitor(
    cardbox,
    record,
    'delay',
    `[${cardbox.profile.institution.name}] 처리 지연 사유와 새 처리 예정일 안내`,
    delayText(cardbox, record, record.breaches!.at(-1)!),
    by,
  );
  return record;
}
