import type { Rule } from '../profile/schema.ts';
import { endOfLocalDay, localDate } from '../time/zone.ts';
import { hasHolidayData, holidayNames } from './holidays.ts';

/**
 * The charter clock, in the institution's time zone (`src/time/zone.ts`). "N일 이내" counts N calendar days
 * after the day of receipt and ends at midnight; working days skip Saturdays, Sundays and public holidays;
 * hours are counted from the moment of receipt.
 */
const DAY_MS = 86_400_000;

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function isWorkingDay(date: string): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && holidayNames(date) === null;
}

export interface Deadline {
  dueAt: Date;
  /** Set when a year in the counted span has no holiday data: the due date then skips weekends only. */
  warning?: string;
}

/** When a promise made under `rule` for something received at `receivedAt` falls due. */
export function dueDate(rule: Pick<Rule, 'amount' | 'unit'>, receivedAt: Date): Deadline {
  if (rule.unit === 'hours') return { dueAt: new Date(receivedAt.getTime() + rule.amount * 3600_000) };
  const start = localDate(receivedAt);
  if (rule.unit === 'calendar-days') return { dueAt: endOfLocalDay(addDays(start, Math.ceil(rule.amount))) };
  let date = start;
  let counted = 0;
  let warning: string | undefined;
  while (counted < Math.ceil(rule.amount)) {
    date = addDays(date, 1);
    const year = Number(date.slice(0, 4));
    if (!hasHolidayData(year)) warning = `no public-holiday data for ${year}: only weekends were skipped`;
    if (isWorkingDay(date)) counted++;
  }
  return warning ? { dueAt: endOfLocalDay(date), warning } : { dueAt: endOfLocalDay(date) };
}

/** Working days from `from` (exclusive) to `to` (inclusive), for "N working days left" on the dashboard. */
export function workingDaysBetween(from: Date, to: Date): number {
  let date = localDate(from);
  const end = localDate(to);
  let count = 0;
  while (date < end) {
    date = addDays(date, 1);
    if (isWorkingDay(date)) count++;
  }
  return count;
}
