import * as presets from '@hyunbinseo/holidays-kr/all';

/**
 * Korean public holidays from the official gazette (월력요항) as packaged by `@hyunbinseo/holidays-kr`:
 * lunar holidays, substitute holidays and election days included. Years the package does not cover are
 * reported, so a deadline is never silently computed without them.
 */
const byDate = new Map<string, string[]>();
const years = new Set<number>();
for (const [name, table] of Object.entries(presets)) {
  years.add(Number(name.slice(1)));
  for (const [date, names] of Object.entries(table as Record<string, readonly string[]>))
    byDate.set(date, [...names]);
}

export const HOLIDAY_YEARS = { first: Math.min(...years), last: Math.max(...years) };

/** Holiday names of a KST calendar date 'YYYY-MM-DD', or null on an ordinary day. */
export function holidayNames(date: string): string[] | null {
  return byDate.get(date) ?? null;
}

export function hasHolidayData(year: number): boolean {
  return years.has(year);
}
