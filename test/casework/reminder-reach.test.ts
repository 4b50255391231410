import { describe, expect, it } from 'vitest';
import { workingDaysBetween } from '../../src/cases/clock.ts';
import { HOLIDAY_YEARS } from '../../src/cases/holidays.ts';
import { REMINDER_REACH_MS } from '../../src/repositories/cases.ts';

describe('the sweep reads assigned cases early enough for their reminder', () => {
  it('for a deadline on any day of the holiday calendar, the reminder day is within the reach', () => {
    // A deadline at the end of each day (15:00 UTC is midnight in Korea); the reminder is due from the first
    // day at most one working day before it (the condition of remindOfficers in src/cases/sweep.ts).
    const hour = 3600_000;
    let widest = 0;
    for (let year = HOLIDAY_YEARS.first; year <= HOLIDAY_YEARS.last; year++) {
      for (let day = Date.UTC(year, 0, 1, 15); day < Date.UTC(year + 1, 0, 1, 15); day += 24 * hour) {
        let now = day - hour;
        while (workingDaysBetween(new Date(now - 24 * hour), new Date(day - 1)) <= 1) now -= 24 * hour;
        widest = Math.max(widest, day - now);
      }
    }
    expect(widest).toBeGreaterThan(3 * 24 * hour);
    expect(widest).toBeLessThanOrEqual(REMINDER_REACH_MS);
  });
});
