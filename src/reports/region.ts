import type { Cardbox } from '../context.ts';
import { periodBounds, yearPeriod } from './period.ts';
import { computeStatistics } from './statistics.ts';

/** One institution of a region, as its regional administrator sees it: the year's headline figures. */
export interface InstitutionFigures {
  id: string;
  name: string;
  baseUrl: string;
  received: number;
  /** On time of those decided (answered or past due), null before any. */
  onTimeRate: number | null;
  overdue: number;
  breaches: number;
}

/** The institutions of a deployment, each with its Cardbox. */
export interface RegionDirectory {
  institutions: () => readonly { id: string; name: string; cardbox: Cardbox }[];
}

/** The year's figures of every institution, computed by the one statistics function every report uses. */
export async function regionFigures(
  region: RegionDirectory,
  year: number,
  now: Date,
): Promise<InstitutionFigures[]> {
  const period = yearPeriod(year);
  const [from, before] = periodBounds(period).map((ms) => new Date(ms).toISOString()) as [string, string];
  const figures: InstitutionFigures[] = [];
  for (const { id, name, cardbox } of region.institutions()) {
    const cases = await cardbox.cases.list({ receivedFrom: from, receivedBefore: before });
    const stats = computeStatistics(cardbox.profile, cases, period, now);
    figures.push({
      id,
      name,
      baseUrl: cardbox.settings.PUBLIC_BASE_URL,
      received: stats.total,
      onTimeRate: stats.onTime.rate,
      overdue: stats.onTime.overdue,
      breaches: stats.breaches.count,
    });
  }
  return figures;
}
