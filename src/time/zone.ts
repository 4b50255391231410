/**
 * The institution's time zone: every calendar date Cardbox computes or prints goes through here, so a page,
 * an export and a notice never disagree about which day an instant falls on. Korea Standard Time (UTC+9,
 * no daylight saving since 1988) is the zone of every institution the charter covers.
 */
export const TIME_ZONE = 'Asia/Seoul';
const OFFSET_MS = 9 * 3600_000;
const DAY_MS = 86_400_000;

const instantOf = (at: Date | string): number => (typeof at === 'string' ? Date.parse(at) : at.getTime());

/** The local calendar date of an instant, 'YYYY-MM-DD'. */
export function localDate(at: Date | string): string {
  return new Date(instantOf(at) + OFFSET_MS).toISOString().slice(0, 10);
}

/** '2026-09-23 14:05', local time. */
export function localDateTime(at: Date | string): string {
  const shifted = new Date(instantOf(at) + OFFSET_MS).toISOString();
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 16)}`;
}

/** The instant a local calendar day starts, in epoch milliseconds. */
export function startOfLocalDay(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) - OFFSET_MS;
}

/** The instant a local calendar day ends (the next day's 00:00). */
export function endOfLocalDay(date: string): Date {
  return new Date(startOfLocalDay(date) + DAY_MS);
}

/** A local wall-clock time 'YYYY-MM-DDTHH:mm' (a form's datetime-local) as an instant. */
export function localInstant(dateTime: string): Date {
  return new Date(Date.parse(`${dateTime}:00Z`) - OFFSET_MS);
}

/**
 * The last day a deadline allows: a deadline at 00:00 belongs to the day before ("by the 25th", not "by
 * 00:00 on the 26th"). Pages, exports and notices all print a deadline as this day.
 */
export function dueDay(dueAt: Date | string): string {
  return localDate(new Date(instantOf(dueAt) - 1));
}

/** Whether an instant is a local midnight (a day-counted deadline), rather than a time of day. */
export function isLocalMidnight(at: Date | string): boolean {
  return (instantOf(at) + OFFSET_MS) % DAY_MS === 0;
}
