import type { Cardbox } from '../context.ts';
import { deliveryState } from '../delivery/outbox.ts';
import { type CharterDeadline, charterDeadlines } from '../reports/deadlines.ts';
import type { CaseRecord, CaseStatus } from '../store/records.ts';
import { dueDay, localDate } from '../time/zone.ts';
import { isOpen } from './classify.ts';
import { breachAwaitingReason } from './sweep.ts';
import { isOverdue, workingDeadline } from './timeliness.ts';

export interface InboxFilter {
  type?: string;
  area?: string;
  status?: string;
  department?: string;
  /** Only cases whose officer is this staff account. */
  officer?: string;
  sort?: 'urgent' | 'newest';
}

export const OPEN_STATUSES: readonly CaseStatus[] = ['received', 'in_review', 'assigned'];

/**
 * The inbox: open cases first, most urgent (earliest due) first, then answered and closed ones newest first;
 * or simply newest first. Filters combine; 'open' as a status means any not yet answered.
 */
export function listCases(cardbox: Cardbox, filter: InboxFilter): CaseRecord[] {
  const cases = cardbox.store.cases.data.cases.filter(
    (c) =>
      (!filter.type || c.type === filter.type) &&
      (!filter.officer || c.officer?.userId === filter.officer) &&
      (!filter.area || c.areas.includes(filter.area)) &&
      (!filter.department ||
        c.department === filter.department ||
        (filter.department === 'none' && !c.department)) &&
      (!filter.status ||
        (filter.status === 'open'
          ? isOpen(c)
          : filter.status === 'breached'
            ? Boolean(c.breaches?.length)
            : c.status === filter.status)),
  );
  const newest = (a: CaseRecord, b: CaseRecord) => b.receivedAt.localeCompare(a.receivedAt);
  if (filter.sort === 'newest') return cases.sort(newest);
  return cases.sort((a, b) => {
    const openA = isOpen(a);
    const openB = isOpen(b);
    if (openA !== openB) return openA ? -1 : 1;
    if (openA) return workingDeadline(a).localeCompare(workingDeadline(b)) || newest(a, b);
    return newest(a, b);
  });
}

export interface Dashboard {
  /** Open and past the charter's deadline (a promised new date does not take a case off this list). */
  overdue: CaseRecord[];
  /** Breaches waiting for the officer's reason and new date (the charter gives one hour): this user's first. */
  delayTasks: CaseRecord[];
  dueToday: CaseRecord[];
  dueThisWeek: CaseRecord[];
  unassigned: CaseRecord[];
  /** Open cases of this officer due within a working day (the sweep has reminded them). */
  reminders: CaseRecord[];
  /** Deliveries to visitors that failed or were given up, with their cases: the visitor is not reached yet. */
  failedDeliveries: number;
  /** The charter's yearly survey/publication deadlines (from the reports part). */
  yearly: CharterDeadline[];
}

/** Due today / this week (to Sunday, KST) / overdue, counted on the day a deadline falls (its last day). */
export function dashboard(cardbox: Cardbox, userId: string): Dashboard {
  const now = cardbox.now();
  const today = localDate(now);
  const weekday = new Date(`${today}T00:00:00Z`).getUTCDay();
  const sunday = localDate(new Date(now.getTime() + ((7 - weekday) % 7) * 86_400_000));
  const open = listCases(cardbox, { status: 'open' });
  const lastDay = (c: CaseRecord) => dueDay(workingDeadline(c));
  const overdue = open.filter((c) => isOverdue(c, now));
  const pending = open.filter((c) => !isOverdue(c, now));
  const mine = (c: CaseRecord) => (c.officer?.userId === userId ? 0 : 1);
  return {
    overdue,
    delayTasks: open.filter((c) => breachAwaitingReason(c)).sort((a, b) => mine(a) - mine(b)),
    dueToday: pending.filter((c) => lastDay(c) === today),
    dueThisWeek: pending.filter((c) => lastDay(c) > today && lastDay(c) <= sunday),
    unassigned: open.filter((c) => !c.officer),
    reminders: pending.filter((c) => c.officer?.userId === userId && c.remindedFor === workingDeadline(c)),
    failedDeliveries: cardbox.store.outbox.data.messages.filter((m) => deliveryState(m).problem).length,
    yearly: charterDeadlines(cardbox, now),
  };
}
