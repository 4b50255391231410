import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annualReport } from '../../src/reports/annual.ts';
import { statisticsCharts } from '../../src/reports/charts.ts';
import { computeStatistics, unconfirmedSatisfaction } from '../../src/reports/statistics.ts';
import type { CardReading, CaseRecord } from '../../src/store/records.ts';
import { type TestCardbox, tempCardbox } from '../helpers/cardbox.ts';
import { asStaff, loginAs } from '../helpers/staff.ts';
import { seedCases } from './seed.ts';

// Issue 16, public side: the statistics tell green from yellow without colour, keep their tables behind a
// "표로 보기" toggle, and leave unconfirmed machine readings out of the satisfaction figures.

const NOW = new Date('2026-02-15T03:00:00Z');
const YEAR = { from: '2025-01-01', to: '2025-12-31' };
let t: TestCardbox;
let cases: CaseRecord[];
let cookie: string;

const reading = (confirmed: boolean): CardReading => ({
  photoIds: ['p'],
  checks: {},
  fields: {},
  needsReview: confirmed ? ['confirmed'] : ['low-confidence'],
  score: 0.5,
});

beforeAll(async () => {
  t = await tempCardbox({ now: () => NOW });
  cases = seedCases(
    t.cardbox,
    240,
    31,
    new Date('2025-01-05T00:00:00+09:00'),
    new Date('2025-12-20T00:00:00+09:00'),
  );
  // Card-box cases: every third one's reading still unconfirmed, every third confirmed, the rest typed online
  // by the visitor after the box was read (their typed mark is theirs, the reading beside it).
  let i = 0;
  for (const c of cases.filter((c) => c.channel === 'cardbox' && c.satisfaction !== null)) {
    const kind = i++ % 3;
    c.reading = reading(kind === 1);
    if (kind === 2) c.typedAt = c.receivedAt;
  }
  await t.cardbox.store.cases.update((data) => {
    data.cases.push(...cases);
  });
  cookie = (await loginAs(t, 'viewer')).cookie;
});
afterAll(async () => t?.cleanup());

describe('satisfaction leaves unconfirmed machine readings out', () => {
  it('counts them apart, by one rule, in every satisfaction figure', async () => {
    const unconfirmed = cases.filter(
      (c) =>
        c.channel === 'cardbox' && c.reading && !c.reading.needsReview.includes('confirmed') && !c.typedAt,
    );
    expect(unconfirmed.length).toBeGreaterThan(5);
    expect(cases.filter(unconfirmedSatisfaction)).toEqual(unconfirmed);
    const counted = cases.filter((c) => c.satisfaction !== null && !unconfirmed.includes(c));
    const scores = counted.map((c) => c.satisfaction!);
    const stats = computeStatistics(t.cardbox.profile, t.cardbox.store.cases.data.cases, YEAR, NOW);
    expect(stats.satisfaction.answered).toBe(counted.length);
    expect(stats.satisfaction.unconfirmedCount).toBe(unconfirmed.length);
    expect(stats.satisfaction.mean).toBeCloseTo(scores.reduce((a, b) => a + b, 0) / scores.length, 10);
    expect(stats.satisfaction.satisfiedShare).toBeCloseTo(
      scores.filter((s) => s >= 4).length / scores.length,
      10,
    );
    for (let v = 1; v <= 5; v++) {
      expect(stats.satisfaction.all[v - 1]).toBe(scores.filter((s) => s === v).length);
      expect(stats.satisfaction.unconfirmed[v - 1]).toBe(
        unconfirmed.filter((c) => c.satisfaction === v).length,
      );
      expect(stats.satisfaction.byType.green[v - 1]! + stats.satisfaction.byType.yellow[v - 1]!).toBe(
        stats.satisfaction.all[v - 1],
      );
    }
    const sources = Object.values(stats.satisfaction.bySource)
      .flat()
      .reduce((a, b) => a + b, 0);
    expect(sources).toBe(counted.length);
    // The annual report and the staff statistics use the same figures.
    expect((await annualReport(t.cardbox, 2025)).stats.satisfaction).toEqual(stats.satisfaction);
    const staffJson = await asStaff(t, cookie, '/staff/reports/export.json?from=2025-01-01&to=2025-12-31');
    const json = (await staffJson.json()) as { statistics: { satisfaction: unknown } };
    expect(json.statistics.satisfaction).toEqual(stats.satisfaction);
  });

  it('says on the public, staff and annual pages how many readings were left out', async () => {
    const n = cases.filter(unconfirmedSatisfaction).length;
    const words = `직원이 확인하지 않은 카드 판독 ${n}건 제외`;
    const pub = await (await t.app.request('/stats?year=2025')).text();
    expect(pub).toContain(words);
    const staff = await (await asStaff(t, cookie, '/staff/stats?from=2025-01-01&to=2025-12-31')).text();
    expect(staff).toContain(words);
    const annual = await (await asStaff(t, cookie, '/staff/reports/annual/2025')).text();
    expect(annual).toContain(words);
  });
});

describe('charts tell green from yellow without colour, and keep their tables behind 표로 보기', () => {
  it('draws green solid and yellow hatched and outlined, with a legend in words', async () => {
    const stats = computeStatistics(t.cardbox.profile, t.cardbox.store.cases.data.cases, YEAR, NOW);
    const type = statisticsCharts(stats).find((c) => c.id === 'type')!;
    expect(type.bars.map((b) => b.segments?.[0]?.kind)).toEqual(['green', 'yellow']);
    const page = await (await t.app.request('/stats?year=2025')).text();
    const svg = /<svg[^>]*aria-labelledby="chart-type-title"[\s\S]*?<\/svg>/.exec(page)![0];
    expect(svg).toContain('그린카드 (칭찬·제안): 칠한 막대');
    expect(svg).toContain('옐로카드 (불편·불만): 빗금 막대');
    expect(svg).toMatch(/<pattern id="chart-type-hatch-0"[^>]*>.*<line[^>]*stroke="#5c4300"/);
    expect(svg).toMatch(/<rect [^>]*fill="#1b7a3a"/);
    expect(svg).toMatch(/<rect [^>]*fill="url\(#chart-type-hatch-0\)" stroke="#5c4300"/);
    expect(svg).not.toContain('style=');
    // Satisfaction split by card type, both parts in the table too.
    expect(page).toMatch(/<th scope="row">5 매우 만족<\/th><td>[\d,]+건 \(그린 \d+ · 옐로 \d+\)<\/td>/);
  });

  it('puts every data table in a closed <details> with the summary 표로 보기', async () => {
    const page = await (await t.app.request('/stats?year=2025')).text();
    const figures = page.match(/<figure class="chart-figure"/g)!.length;
    expect(figures).toBeGreaterThanOrEqual(8);
    expect(
      page.match(/<details class="chart-table"><summary>표로 보기<\/summary><table class="chart-data">/g),
    ).toHaveLength(figures);
    expect(page).not.toMatch(/<details[^>]* open/);
  });
});
