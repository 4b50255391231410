import { UserError } from '../errors.ts';
import { localDate, startOfLocalDay } from '../time/zone.ts';

/**
 * A reporting period: whole KST calendar days from `from` to `to`, both inclusive ('YYYY-MM-DD').
 * A case belongs to the period it was received in.
 */
export interface Period {
  from: string;
  to: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isRealDate(date: string): boolean {
  return DATE.test(date) && new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) === date;
}

/** [start, end) in epoch milliseconds. */
export function periodBounds(period: Period): [number, number] {
  return [startOfLocalDay(period.from), startOfLocalDay(period.to) + 86_400_000];
}

export function yearPeriod(year: number): Period {
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

export function monthPeriod(month: string): Period {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

/** The month ('YYYY-MM', KST) an instant falls in. */
export function kstMonth(iso: string | Date): string {
  return localDate(typeof iso === 'string' ? new Date(iso) : iso).slice(0, 7);
}

/** Parses `from`/`to` given by a person; missing ones default to this year so far. */
export function parsePeriod(from: string | undefined, to: string | undefined, now: Date): Period {
  const today = localDate(now);
  const period = { from: from?.trim() || `${today.slice(0, 4)}-01-01`, to: to?.trim() || today };
  for (const [name, value] of [
    ['시작일 (from)', period.from],
    ['종료일 (to)', period.to],
  ] as const) {
    if (!isRealDate(value)) throw new UserError(`${name}은 2026-03-01 같은 날짜여야 합니다: "${value}"`);
  }
  if (period.from > period.to) throw new UserError('시작일이 종료일보다 늦습니다. (from is after to)');
  if (Number(period.to.slice(0, 4)) - Number(period.from.slice(0, 4)) > 20)
    throw new UserError('기간은 20년을 넘을 수 없습니다. (at most 20 years)');
  return period;
}

/** A period typed into a page's filter: the period, or this year so far with what was wrong with it. */
export function periodOrDefault(
  from: string | undefined,
  to: string | undefined,
  now: Date,
): { period: Period; error?: string } {
  try {
    return { period: parsePeriod(from, to, now) };
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return { period: parsePeriod(undefined, undefined, now), error: error.message };
  }
}

/** Parses a year like '2026' (1990–2200). */
export function parseYear(value: string | undefined): number {
  const year = Number(value);
  if (!/^\d{4}$/.test(value ?? '') || year < 1990 || year > 2200)
    throw new UserError(`연도는 2026 같은 네 자리 숫자여야 합니다: "${value ?? ''}"`);
  return year;
}

/** Parses a month like '2026-03'. */
export function parseMonth(value: string): string {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(value))
    throw new UserError(`월은 2026-03 같은 형식이어야 합니다: "${value}"`);
  return value;
}

export function describePeriod(period: Period): string {
  return `${period.from} ~ ${period.to}`;
}
