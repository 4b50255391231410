import type { Cardbox } from '../context.ts';
import { type CharterDeadline, charterDeadlines } from '../reports/deadlines.ts';
import type { CaseRecord, CaseStatus } from '../store/records.ts';
import { isOpen } from './classify.ts';
import { kstDate } from './clock.ts';

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
    if (openA) return a.dueAt.localeCompare(b.dueAt) || newest(a, b);
    return newest(a, b);
  });
}

export interface Dashboard {
  overdue: CaseRecord[];
  dueToday: CaseRecord[];
  dueThisWeek: CaseRecord[];
  unassigned: CaseRecord[];
  /** Open cases of this officer due within a working day (the sweep has reminded them). */
  reminders: CaseRecord[];
  failedDeliveries: number;
  /** The charter's yearly survey/publication deadlines (from the reports part). */
  yearly: CharterDeadline[];
}

/** Due today / this week (to Sunday, KST) / overdue, counted on the day a deadline falls (its last day). */
export function dashboard(cardbox: Cardbox, userId: string): Dashboard {
  const now = cardbox.now();
  const today = kstDate(now);
  const weekday = new Date(`${today}T00:00:00Z`).getUTCDay();
  const sunday = kstDate(new Date(now.getTime() + ((7 - weekday) % 7) * 86_400_000));
  const open = listCases(cardbox, { status: 'open' });
  const lastDay = (c: CaseRecord) => kstDate(new Date(Date.parse(c.dueAt) - 1));
  const overdue = open.filter((c) => Date.parse(c.dueAt) <= now.getTime());
  const pending = open.filter((c) => Date.parse(c.dueAt) > now.getTime());
  return {
    overdue,
    dueToday: pending.filter((c) => lastDay(c) === today),
    dueThisWeek: pending.filter((c) => lastDay(c) > today && lastDay(c) <= sunday),
    unassigned: open.filter((c) => !c.officer),
    reminders: pending.filter((c) => c.officer?.userId === userId && c.remindedFor === c.dueAt),
    failedDeliveries: cardbox.store.outbox.data.messages.filter((m) => m.status === 'failed').length,
    yearly: charterDeadlines(cardbox, now),
  };
}
