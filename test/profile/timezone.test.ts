import { afterEach, describe, expect, it } from 'vitest';
import { receiveCase } from '../../src/cases/intake.ts';
import { defaultProfile } from '../../src/profile/defaults.ts';
import { parseProfile } from '../../src/profile/load.ts';
import { localDate, localInstant, startOfLocalDay, timeZone, useTimeZone } from '../../src/time/zone.ts';
import { type TestCardbox, tempCardbox } from '../helpers/cardbox.ts';
import { asStaff, loginAs } from '../helpers/staff.ts';

let t: TestCardbox | undefined;
afterEach(async () => {
  await t?.cleanup();
  t = undefined;
  useTimeZone('Asia/Seoul');
});

const withZone = (timezone: string) =>
  parseProfile({ ...defaultProfile, institution: { ...defaultProfile.institution, timezone } });

describe("the institution's time zone comes from its profile", () => {
  it('dates a case by the zone of the profile, not a fixed +9 hours', async () => {
    // 15:30 UTC on 31 March: already 1 April in Seoul, still 31 March in Berlin (summer time, +2).
    const at = new Date('2026-03-31T15:30:00Z');
    for (const [zone, day] of [
      ['Asia/Seoul', '2026-04-01'],
      ['Europe/Berlin', '2026-03-31'],
    ] as const) {
      t = await tempCardbox({ now: () => at, profile: withZone(zone) });
      expect(timeZone()).toBe(zone);
      await receiveCase(t.cardbox, {
        serial: null,
        type: 'green',
        channel: 'online',
        areas: [],
        satisfaction: null,
        message: '좋아요',
        replyWanted: false,
        consent: false,
      });
      const { cookie } = await loginAs(t, 'admin');
      const csv = await (
        await asStaff(t, cookie, '/staff/reports/export.csv?from=2026-01-01&to=2026-12-31')
      ).text();
      expect(csv).toContain(day);
      await t.cleanup();
      t = undefined;
    }
  });

  it('follows daylight saving where the zone has it', () => {
    useTimeZone('Europe/Berlin');
    // Berlin moved from +1 to +2 at 01:00 UTC on 29 March 2026.
    expect(new Date(startOfLocalDay('2026-03-29')).toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(new Date(startOfLocalDay('2026-03-30')).toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(localInstant('2026-03-30T09:00').toISOString()).toBe('2026-03-30T07:00:00.000Z');
    expect(localDate('2026-03-29T22:30:00Z')).toBe('2026-03-30');
  });

  it('shows the working hours beside the main phone number', async () => {
    t = await tempCardbox();
    expect(await (await t.app.request('/')).text()).toContain('(평일 09:00~18:00)');
  });

  it('refuses a zone that does not exist, naming the key', () => {
    expect(() => withZone('Asia/Busan')).toThrow(/institution\.timezone/);
  });
});
