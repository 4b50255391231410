import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiveCase } from '../../src/cases/intake.ts';
import { defaultProfile } from '../../src/profile/defaults.ts';
import { addMonths, charterDeadlines, setMilestone } from '../../src/reports/deadlines.ts';
import { type TestCardbox, tempCardbox } from '../helpers/cardbox.ts';
import { asStaff, loginAs } from '../helpers/staff.ts';

let now = new Date('2026-02-15T03:00:00Z');
let t: TestCardbox;

beforeAll(async () => {
  t = await tempCardbox({ now: () => now });
  // In use since 2025: last year's steps are this institution's to do.
  await receiveCase(t.cardbox, {
    serial: null,
    type: 'green',
    channel: 'online',
    receivedAt: new Date('2025-06-01T01:00:00Z'),
    areas: [],
    satisfaction: 5,
    message: '좋아요',
    replyWanted: false,
    consent: false,
  });
});
afterAll(async () => t?.cleanup());

describe('the charter publication deadlines', () => {
  it('adds months keeping the end of a month at the end', () => {
    expect(addMonths('2025-12-31', 1)).toBe('2026-01-31');
    expect(addMonths('2026-01-31', 3)).toBe('2026-04-30');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-01-15', 1)).toBe('2026-02-15');
    expect(addMonths('2025-11-30', 2)).toBe('2026-01-31');
  });

  it("on a fresh install, are only this year's: nothing of a year before Cardbox was used is overdue", async () => {
    const fresh = await tempCardbox({ now: () => now });
    try {
      const deadlines = await charterDeadlines(fresh.cardbox, now);
      expect(deadlines.map((d) => [d.year, d.state])).toEqual([
        [2026, 'upcoming'],
        [2026, 'upcoming'],
        [2026, 'upcoming'],
      ]);
      const { cookie } = await loginAs(fresh, 'staff');
      expect(await (await asStaff(fresh, cookie, '/staff')).text()).not.toMatch(/기한 (초과|경과) \d+일/);
    } finally {
      await fresh.cleanup();
    }
  });

  it('are the survey by 31 December, results a month later, the plan three months after that', async () => {
    expect(defaultProfile.survey).toEqual({
      dueMonthDay: '12-31',
      publishWithinMonths: 1,
      planWithinMonths: 3,
    });
    const deadlines = await charterDeadlines(t.cardbox, now);
    expect(deadlines.map((d) => [d.year, d.kind, d.dueOn, d.state])).toEqual([
      [2025, 'survey', '2025-12-31', 'overdue'],
      [2025, 'results', '2026-01-31', 'overdue'],
      [2025, 'plan', '2026-04-30', 'upcoming'],
      [2026, 'survey', '2026-12-31', 'upcoming'],
      [2026, 'results', '2027-01-31', 'upcoming'],
      [2026, 'plan', '2027-04-30', 'upcoming'],
    ]);
    expect(deadlines[2]!.daysLeft).toBe(74);
    // The deadline is the end of the KST day.
    expect(deadlines[1]!.dueAt).toBe('2026-01-31T15:00:00.000Z');
  });

  it('count the next step from the day a step was actually done', async () => {
    await setMilestone(
      t.cardbox,
      { year: 2025, kind: 'survey', done: true, doneAt: new Date('2025-11-20T05:00:00Z') },
      'a',
    );
    await setMilestone(
      t.cardbox,
      { year: 2025, kind: 'results', done: true, doneAt: new Date('2025-12-10T05:00:00Z') },
      'a',
    );
    const deadlines = await charterDeadlines(t.cardbox, now);
    expect(deadlines.map((d) => [d.year, d.kind, d.dueOn, d.state])).toEqual([
      [2025, 'plan', '2026-03-10', 'upcoming'],
      [2026, 'survey', '2026-12-31', 'upcoming'],
      [2026, 'results', '2027-01-31', 'upcoming'],
      [2026, 'plan', '2027-04-30', 'upcoming'],
    ]);
    now = new Date('2026-03-11T00:00:00Z');
    expect((await charterDeadlines(t.cardbox, now))[0]!.state).toBe('overdue');
    now = new Date('2026-02-15T03:00:00Z');
  });

  it('are shown and kept on the staff pages; the step form records a done date', async () => {
    const { cookie } = await loginAs(t, 'staff');
    const stats = await (
      await asStaff(t, cookie, '/staff/stats', { headers: { accept: 'text/html' } })
    ).text();
    expect(stats).toContain('2025년 개선(시정)계획 공표');
    expect(stats).toContain('2026-03-10');
    const done = await asStaff(t, cookie, '/staff/reports/milestones', {
      method: 'POST',
      body: new URLSearchParams({ year: '2025', kind: 'plan', doneOn: '2026-02-14' }),
    });
    expect(done.status).toBe(303);
    expect((await charterDeadlines(t.cardbox, now)).some((d) => d.year === 2025)).toBe(false);
    const bad = await asStaff(t, cookie, '/staff/reports/milestones', {
      method: 'POST',
      body: new URLSearchParams({ year: '2025', kind: 'party' }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('단계를 골라 주세요');
  });
});
