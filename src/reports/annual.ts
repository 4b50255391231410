import type { Cardbox } from '../context.ts';
import type { PlanItem } from '../store/records.ts';
import { toPublicEntry } from './board.ts';
import { type Chart, statisticsCharts } from './charts.ts';
import { type CharterDeadline, surveyYearDeadlines } from './deadlines.ts';
import { yearPeriod } from './period.ts';
import { plansFor } from './plans.ts';
import { type Count, casesIn, computeStatistics, type Statistics } from './statistics.ts';

/**
 * The annual charter report (서비스헌장 이행 결과 보고): survey figures, each promise and how well it was kept,
 * breaches and compensation, the main themes (counts by area and classification, illustrated with the
 * staff-written board summaries, never the visitor's words) and the improvement plan.
 */
export interface Theme extends Count {
  share: number;
  green: number;
  yellow: number;
  /** Up to three published, staff-written summaries from this area. */
  examples: { summary: string; action: string; department: string }[];
}

export interface AnnualReport {
  year: number;
  institution: string;
  generatedAt: string;
  stats: Statistics;
  charts: Chart[];
  themes: Theme[];
  plans: PlanItem[];
  deadlines: CharterDeadline[];
}

export async function annualReport(cardbox: Cardbox, year: number): Promise<AnnualReport> {
  const now = cardbox.now();
  const period = yearPeriod(year);
  const all = await cardbox.cases.list();
  const stats = computeStatistics(cardbox.profile, all, period, now);
  const inYear = casesIn(all, period);
  const split = new Map<string, { green: number; yellow: number; examples: Theme['examples'] }>();
  for (const record of inYear) {
    for (const area of record.areas.length ? record.areas : ['']) {
      const entry = split.get(area) ?? { green: 0, yellow: 0, examples: [] };
      split.set(area, entry);
      entry[record.type]++;
      if (record.board && entry.examples.length < 3) {
        const published = toPublicEntry(cardbox, record);
        if (published)
          entry.examples.push({
            summary: published.summary,
            action: published.action,
            department: published.department,
          });
      }
    }
  }
  const themes = stats.byArea
    .filter((a) => a.count > 0)
    .map((a) => {
      const entry = split.get(a.key) ?? { green: 0, yellow: 0, examples: [] };
      return { ...a, share: stats.total ? a.count / stats.total : 0, ...entry };
    })
    .sort((a, b) => b.count - a.count);
  return {
    year,
    institution: cardbox.profile.institution.name,
    generatedAt: now.toISOString(),
    stats,
    charts: statisticsCharts(stats),
    themes,
    plans: await plansFor(cardbox, year),
    deadlines: await surveyYearDeadlines(cardbox, year, now),
  };
}
