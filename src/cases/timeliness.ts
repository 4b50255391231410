import type { CaseRecord } from '../store/records.ts';

/**
 * Whether a case kept the charter's promise, judged against its charter deadline (`dueAt`, which a delay never
 * moves): answered by it (on-time) or after it (late); still open and past it (overdue, counted as late); open
 * and not yet due (pending); closed without an answer, e.g. when no reply was wanted (not counted). The one
 * definition the dashboard, the inbox, the statistics, the exports, the annual report and the CLI all use.
 */
export type Timeliness = 'on-time' | 'late' | 'overdue' | 'pending' | 'closed-unanswered';

/**
 * Stored instants are `toISOString()` strings, which order like the instants they name, so 50,000 cases are
 * compared without parsing a date; any other spelling is normalised first.
 */
export function iso(value: string): string {
  return value.length === 24 && value.endsWith('Z') ? value : new Date(value).toISOString();
}

/** `nowIso` is `now.toISOString()`. */
export function timeliness(record: CaseRecord, nowIso: string): Timeliness {
  const due = iso(record.dueAt);
  if (record.answeredAt) return iso(record.answeredAt) <= due ? 'on-time' : 'late';
  if (record.status === 'closed') return 'closed-unanswered';
  return nowIso > due ? 'overdue' : 'pending';
}

/** Open and past the charter's deadline. */
export function isOverdue(record: CaseRecord, now: Date): boolean {
  return timeliness(record, now.toISOString()) === 'overdue';
}

/**
 * The date the institution is working to now: the officer's promised date after a breach, otherwise the
 * charter's deadline. Reminders and the inbox's "most urgent first" follow it; timeliness never does.
 */
export function workingDeadline(record: CaseRecord): string {
  return record.promisedAt ?? record.dueAt;
}
