import { audit } from '../audit/log.ts';
import type { Cardbox } from '../context.ts';
import { enqueue, processOutbox, recoverOutbox } from '../delivery/outbox.ts';
import { transportsFor } from '../delivery/transports.ts';
import type { Breach, CaseRecord, Voucher } from '../store/records.ts';
import { departmentName } from './assign.ts';
import { CaseworkError, changeCase } from './change.ts';
import { isOpen, recomputeDueDates } from './classify.ts';
import { dueDate, kstDate, workingDaysBetween } from './clock.ts';
import { CONTACT_FIELDS, dropDraft, hasDraft } from './drafts.ts';
import { findCaseById } from './intake.ts';
import { sendToVisitor } from './notice.ts';
import { purgeExpiredImages, retentionEnds } from './retention.ts';
import { ruleById } from './rules.ts';

export const DEFAULT_DELAY_REASON = '담당 부서의 검토가 기한 안에 끝나지 않았습니다.';

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
export async function runSweep(cardbox: Cardbox): Promise<SweepReport> {
  const breached = await startRemedies(cardbox);
  const reminded = await remindOfficers(cardbox);
  const contactsRemoved = await removeExpiredContacts(cardbox);
  await purgeExpiredImages(cardbox);
  const sent = await processOutbox(cardbox);
  return { breached, reminded, contactsRemoved, sent };
}

/** Runs `runSweep` now and every `intervalMs` (never two at once); returns a stop function. Errors are logged, never thrown. */
export function startSweeps(cardbox: Cardbox, intervalMs = 60_000): () => Promise<void> {
  transportsFor(cardbox); // bad SMTP/SMS settings stop the start with their message, not every sweep
  // Before the first send: messages left mid-send by the last process are set aside, and open cases follow the
  // profile's current rules (the profile may have changed while the server was stopped).
  const ready = Promise.all([recoverOutbox(cardbox), recomputeDueDates(cardbox)]).catch((error: unknown) =>
    console.error('casework start-up failed:', error instanceof Error ? error.message : error),
  );
  let running: Promise<void> | null = null;
  const tick = (): Promise<void> => {
    running ??= (async () => {
      try {
        await ready;
        await runSweep(cardbox);
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

function nextVoucherNumber(cases: CaseRecord[], now: Date): string {
  const year = kstDate(now).slice(0, 4);
  const count = cases.flatMap((c) => c.vouchers ?? []).filter((v) => v.number.startsWith(`${year}-`)).length;
  return `${year}-${String(count + 1).padStart(4, '0')}`;
}

/**
 * A missed deadline: the breach is recorded for good, a voucher is issued, and the visitor is sent the delay
 * notice (reason, new expected date, apology) at once — the charter allows one hour. The new date counts the
 * case's own rule again from now.
 */
async function startRemedies(cardbox: Cardbox): Promise<string[]> {
  const now = cardbox.now();
  const { profile } = cardbox;
  const remedied = await cardbox.store.cases.update((data) => {
    const list: CaseRecord[] = [];
    for (const record of data.cases) {
      if (!isOpen(record) || Date.parse(record.dueAt) > now.getTime()) continue;
      if (record.breaches?.some((b) => b.dueAt === record.dueAt)) continue;
      const newDueAt = dueDate(ruleById(profile, record.rule), now).dueAt.toISOString();
      const breach: Breach = {
        rule: record.rule,
        dueAt: record.dueAt,
        detectedAt: now.toISOString(),
        reason: DEFAULT_DELAY_REASON,
        newDueAt,
        apologizedAt: now.toISOString(),
      };
      const voucher: Voucher = {
        number: nextVoucherNumber(data.cases, now),
        amountKrw: profile.compensation.amountKrw,
        kind: profile.compensation.kind,
        issuedAt: now.toISOString(),
        issuedBy: record.officer
          ? `${departmentName(cardbox, record.officer.department)} ${record.officer.name}`
          : 'cardbox',
      };
      record.breaches = [...(record.breaches ?? []), breach];
      record.vouchers = [...(record.vouchers ?? []), voucher];
      record.dueAt = newDueAt;
      record.updatedAt = now.toISOString();
      record.history = [
        ...(record.history ?? []),
        {
          at: now.toISOString(),
          by: 'cardbox',
          what: `처리 기한 초과: 지연 안내, 사과, ${profile.compensation.kind} ${voucher.number} 발급`,
        },
      ];
      list.push(record);
    }
    return list;
  });
  // In parallel: the store commits the outbox, case and audit writes of all of them together.
  await Promise.all(remedied.map((record) => announceBreach(cardbox, record, now)));
  return remedied.map((r) => r.id);
}

async function announceBreach(cardbox: Cardbox, record: CaseRecord, now: Date): Promise<void> {
  const { profile } = cardbox;
  {
    const breach = record.breaches!.at(-1)!;
    const voucher = record.vouchers!.at(-1)!;
    const queued = await sendToVisitor(
      cardbox,
      record,
      'delay',
      `[${profile.institution.name}] 처리 지연 안내와 사과`,
      delayText(cardbox, record, breach, voucher),
      'cardbox',
    );
    if (queued > 0) {
      await cardbox.store.cases.update(() => {
        breach.delayNoticeAt = now.toISOString();
      });
    }
    await audit(cardbox, {
      by: 'cardbox',
      action: 'case.changed',
      caseId: record.id,
      detail: `기한 초과 (${breach.dueAt}), 보상 ${voucher.number}`,
    });
  }
}

/** The last day a due instant allows (a deadline at 00:00 KST ends the day before). */
function lastDay(dueIso: string): string {
  return kstDate(new Date(Date.parse(dueIso) - 1));
}

export function delayText(cardbox: Cardbox, record: CaseRecord, breach: Breach, voucher: Voucher): string {
  const { profile } = cardbox;
  const officer = record.officer;
  const contact = officer
    ? `${departmentName(cardbox, officer.department)} ${officer.name} (${officer.phone})`
    : `${profile.institution.name} (${profile.institution.mainPhone})`;
  return [
    `${profile.institution.name}에 주신 의견의 처리가 약속한 기한(${lastDay(breach.dueAt)})을 넘겼습니다. 진심으로 사과드립니다.`,
    '',
    `지연 사유: ${breach.reason ?? DEFAULT_DELAY_REASON}`,
    `새 처리 예정일: ${lastDay(breach.newDueAt ?? record.dueAt)}`,
    `보상: ${profile.compensation.kind} ${profile.compensation.amountKrw.toLocaleString('ko-KR')}원 (번호 ${voucher.number})`,
    `문의: ${contact}`,
  ].join('\n');
}

/** One working day before a deadline the officer gets an e-mail (when their account has one) and the dashboard flags it. */
async function remindOfficers(cardbox: Cardbox): Promise<string[]> {
  const now = cardbox.now();
  const due = cardbox.store.cases.data.cases.filter(
    (r) =>
      isOpen(r) &&
      r.officer &&
      r.remindedFor !== r.dueAt &&
      Date.parse(r.dueAt) > now.getTime() &&
      workingDaysBetween(now, new Date(Date.parse(r.dueAt) - 1)) <= 1,
  );
  const remind = async (record: CaseRecord) => {
    const user = record.officer?.userId
      ? cardbox.store.auth.data.users.find((u) => u.id === record.officer!.userId)
      : undefined;
    if (user?.email && !user.disabled) {
      await enqueue(cardbox, {
        caseId: record.id,
        kind: 'reminder',
        channel: 'email',
        to: { address: user.email },
        subject: `[Cardbox] 처리 기한 임박: ${record.serial ?? record.id.slice(0, 8)}`,
        text: `담당하신 의견의 처리 기한이 ${lastDay(record.dueAt)}까지입니다.\n${cardbox.settings.PUBLIC_BASE_URL}/staff/cases/${record.id}`,
        createdBy: 'cardbox',
      });
    }
    await cardbox.store.cases.update(() => {
      record.remindedFor = record.dueAt;
    });
  };
  await Promise.all(due.map(remind));
  return due.map((r) => r.id);
}

/** Contact details are removed `privacy.retentionDays` after the case was answered (or closed). */
async function removeExpiredContacts(cardbox: Cardbox): Promise<string[]> {
  const now = cardbox.now();
  const removed = await cardbox.store.cases.update((data) => {
    const ids: string[] = [];
    for (const record of data.cases) {
      const drafts = CONTACT_FIELDS.filter((name) => hasDraft(record.reading?.fields[name]));
      if (!record.contact && drafts.length === 0) continue;
      const ends = retentionEnds(cardbox, record);
      if (ends === null || ends > now.getTime()) continue;
      for (const name of drafts) dropDraft(record.reading!.fields[name]!);
      record.contact = null;
      record.contactRemovedAt = now.toISOString();
      ids.push(record.id);
    }
    return ids;
  });
  for (const id of removed) {
    await audit(cardbox, {
      by: 'cardbox',
      action: 'contact.removed',
      caseId: id,
      detail: 'retention period over',
    });
  }
  return removed;
}

/**
 * Staff give the real reason and a new expected date for the latest missed deadline; the visitor is told
 * again (reason, new date, apology, voucher number) and the case's clock moves to the end of that date.
 */
export async function updateDelay(
  cardbox: Cardbox,
  id: string,
  by: string,
  input: { reason: string; newDate: string },
): Promise<CaseRecord> {
  const reason = input.reason.trim();
  if (!reason) throw new CaseworkError('지연 사유를 적어 주세요.');
  if (!/^\d{4}-\d\d-\d\d$/.test(input.newDate)) throw new CaseworkError('새 처리 예정일을 골라 주세요.');
  const newDueAt = new Date(Date.parse(`${input.newDate}T00:00:00+09:00`) + 86_400_000);
  if (Number.isNaN(newDueAt.getTime()) || newDueAt.getTime() <= cardbox.now().getTime()) {
    throw new CaseworkError('새 처리 예정일은 오늘이나 그 뒤여야 합니다.');
  }
  const existing = findCaseById(cardbox.store, id);
  if (!existing?.breaches?.length || !isOpen(existing)) {
    throw new CaseworkError('기한을 넘긴 미답변 의견에만 지연 안내를 보낼 수 있습니다.');
  }
  const record = await changeCase(cardbox, id, by, `지연 안내: ${input.newDate}까지`, (r, now) => {
    const breach = r.breaches!.at(-1)!;
    breach.reason = reason.slice(0, 500);
    breach.newDueAt = newDueAt.toISOString();
    breach.delayNoticeAt = now.toISOString();
    r.dueAt = newDueAt.toISOString();
  });
  const breach = record.breaches!.at(-1)!;
  const voucher = record.vouchers?.at(-1);
  if (voucher) {
    await sendToVisitor(
      cardbox,
      record,
      'delay',
      `[${cardbox.profile.institution.name}] 처리 지연 안내와 사과`,
      delayText(cardbox, record, breach, voucher),
      by,
    );
  }
  return record;
}
