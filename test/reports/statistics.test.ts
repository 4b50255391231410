import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeStatistics } from '../../src/reports/statistics.ts';
import type { CaseRecord } from '../../src/store/records.ts';
import { type TestCardbox, tempCardbox } from '../helpers/cardbox.ts';
import { asStaff, loginAs } from '../helpers/staff.ts';
import { storeSeededCases } from './seed.ts';

const NOW = new Date('2026-02-15T03:00:00Z');
let t: TestCardbox;
let cases: CaseRecord[];
let cookie: string;

beforeAll(async () => {
  t = await tempCardbox({ now: () => NOW });
  cases = await storeSeededCases(
    t.cardbox,
    420,
    20250101,
    new Date('2024-12-20T00:00:00+09:00'),
    new Date('2026-02-14T00:00:00+09:00'),
  );
  ({ cookie } = await loginAs(t, 'viewer'));
});
afterAll(async () => t?.cleanup());

/** The year 2025 in KST, worked out here without the code under test. */
function in2025(record: CaseRecord): boolean {
  const kst = new Date(Date.parse(record.receivedAt) + 9 * 3600_000).toISOString();
  return kst.startsWith('2025-');
}

/** Median and p90 the textbook way: sort, then interpolate between the neighbouring ranks. */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = p * (sorted.length - 1);
  const below = sorted[Math.floor(rank)]!;
  const above = sorted[Math.ceil(rank)]!;
  return below + (above - below) * (rank - Math.floor(rank));
}

function expected2025() {
  const chosen = cases.filter(in2025);
  const perRule = new Map<string, { onTime: number; late: number; pending: number }>();
  for (const rule of t.cardbox.profile.rules) perRule.set(rule.id, { onTime: 0, late: 0, pending: 0 });
  const days: number[] = [];
  const byArea = new Map<string, number>();
  const satisfaction = [0, 0, 0, 0, 0];
  let breaches = 0;
  let vouchers = 0;
  let krw = 0;
  for (const c of chosen) {
    const bucket = perRule.get(c.rule)!;
    const due = new Date(c.dueAt);
    if (c.answeredAt) {
      const answered = new Date(c.answeredAt);
      if (answered <= due) bucket.onTime++;
      else bucket.late++;
      days.push((answered.getTime() - new Date(c.receivedAt).getTime()) / 86_400_000);
    } else if (c.status !== 'closed') {
      if (NOW > due) bucket.late++;
      else bucket.pending++;
    }
    for (const area of c.areas) byArea.set(area, (byArea.get(area) ?? 0) + 1);
    if (c.satisfaction) satisfaction[c.satisfaction - 1]!++;
    breaches += c.breaches?.length ?? 0;
    for (const v of c.vouchers ?? []) {
      vouchers++;
      krw += v.amountKrw;
    }
  }
  return { chosen, perRule, days, byArea, satisfaction, breaches, vouchers, krw };
}

describe('statistics of a seeded year', () => {
  it('match figures computed independently from the raw records', async () => {
    const want = expected2025();
    expect(want.chosen.length).toBeGreaterThan(300);
    const stats = computeStatistics(
      t.cardbox.profile,
      await t.cardbox.cases.list(),
      { from: '2025-01-01', to: '2025-12-31' },
      NOW,
    );
    expect(stats.total).toBe(want.chosen.length);
    for (const rule of stats.rules) {
      const expected = want.perRule.get(rule.rule)!;
      expect(rule.onTime, rule.rule).toBe(expected.onTime);
      expect(rule.late + rule.overdue, rule.rule).toBe(expected.late);
      expect(rule.pending, rule.rule).toBe(expected.pending);
      if (expected.onTime + expected.late > 0)
        expect(rule.rate).toBeCloseTo(expected.onTime / (expected.onTime + expected.late), 10);
    }
    expect(stats.daysToResult.answered).toBe(want.days.length);
    expect(stats.daysToResult.median).toBeCloseTo(percentile(want.days, 0.5), 9);
    expect(stats.daysToResult.p90).toBeCloseTo(percentile(want.days, 0.9), 9);
    for (const area of t.cardbox.profile.areas)
      expect(stats.byArea.find((a) => a.key === area.id)?.count ?? 0, area.id).toBe(
        want.byArea.get(area.id) ?? 0,
      );
    expect(stats.satisfaction.all).toEqual(want.satisfaction);
    expect(stats.breaches.count).toBe(want.breaches);
    expect(stats.vouchers).toEqual({ count: want.vouchers, amountKrw: want.krw });
    expect(stats.byType.reduce((s, c) => s + c.count, 0)).toBe(want.chosen.length);
    expect(stats.byChannel.reduce((s, c) => s + c.count, 0)).toBe(want.chosen.length);
    expect(stats.byDepartment.reduce((s, c) => s + c.count, 0)).toBe(want.chosen.length);
    expect(stats.byMonth).toHaveLength(12);
    expect(stats.byMonth.reduce((s, c) => s + c.count, 0)).toBe(want.chosen.length);
  });

  it('are what the staff JSON export and the statistics page show', async () => {
    const want = expected2025();
    const response = await asStaff(t, cookie, '/staff/reports/export.json?from=2025-01-01&to=2025-12-31');
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      statistics: { total: number; onTime: { onTime: number } };
      cases: unknown[];
    };
    expect(body.statistics.total).toBe(want.chosen.length);
    expect(body.cases).toHaveLength(want.chosen.length);
    const onTime = [...want.perRule.values()].reduce((s, r) => s + r.onTime, 0);
    const decided = [...want.perRule.values()].reduce((s, r) => s + r.onTime + r.late, 0);
    expect(body.statistics.onTime.onTime).toBe(onTime);

    const page = await asStaff(t, cookie, '/staff/stats?from=2025-01-01&to=2025-12-31', {
      headers: { accept: 'text/html' },
    });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`${((onTime / decided) * 100).toFixed(1)}% (준수 ${onTime} / 판정 ${decided})`);
    expect(html).toContain('<svg');
    expect(html).toContain('<table class="chart-data">');
    expect(html).toContain('2025년 조사 결과 공개');
  });

  it('puts a case in the KST day it arrived, not the UTC one', () => {
    const edge = (iso: string): CaseRecord => ({ ...cases[0]!, id: iso, receivedAt: iso });
    const list = [edge('2025-12-31T14:59:00Z'), edge('2025-12-31T15:00:00Z')];
    const y2025 = computeStatistics(t.cardbox.profile, list, { from: '2025-01-01', to: '2025-12-31' }, NOW);
    const y2026 = computeStatistics(t.cardbox.profile, list, { from: '2026-01-01', to: '2026-12-31' }, NOW);
    expect([y2025.total, y2026.total]).toEqual([1, 1]);
    expect(y2025.byMonth.find((m) => m.key === '2025-12')!.count).toBe(1);
    expect(y2026.byMonth.find((m) => m.key === '2026-01')!.count).toBe(1);
    // An instant written with an offset instead of Z still lands on its KST day.
    const offset = computeStatistics(
      t.cardbox.profile,
      [edge('2026-01-01T00:30:00+09:00')],
      { from: '2026-01-01', to: '2026-01-01' },
      NOW,
    );
    expect(offset.total).toBe(1);
  });

  it('refuses a period a person mistyped, with the reason', async () => {
    const bad = await asStaff(t, cookie, '/staff/stats?from=2025-02-30&to=2025-03-01', {
      headers: { accept: 'text/html' },
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('2025-02-30');
    const reversed = await asStaff(t, cookie, '/staff/reports/export.csv?from=2025-05-01&to=2025-03-01');
    expect(reversed.status).toBe(400);
    expect(((await reversed.json()) as { error: string }).error).toContain('시작일이 종료일보다 늦습니다');
  });

  it('is for staff only', async () => {
    expect((await t.app.request('/staff/stats')).status).toBe(401);
    expect((await t.app.request('/staff/reports/export.csv')).status).toBe(401);
  });
});
