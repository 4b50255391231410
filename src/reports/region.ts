import { listCases } from '../cases/queries.ts';
import type { Cardbox } from '../context.ts';
import type { CaseRecord } from '../store/records.ts';
import { yearPeriod } from './period.ts';
import { casesIn, computeStatistics, listCasesIn } from './statistics.ts';

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
  const figures: InstitutionFigures[] = [];
  for (const { id, name, cardbox } of region.institutions()) {
    const stats = computeStatistics(cardbox.profile, await listCasesIn(cardbox, period), period, now);
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

/** Which of an institution's cases the regional administrator looks at. */
export type RegionShow = 'open' | 'breached' | 'year';
export const REGION_SHOWS: readonly RegionShow[] = ['open', 'breached', 'year'];

/**
 * One institution's cases for its regional administrator: every open one (most urgent first), or those of the
 * year with a missed deadline on record, or all of the year (newest first). Undefined for an unknown institution.
 */
export async function institutionCases(
  region: RegionDirectory,
  id: string,
  show: RegionShow,
  year: number,
): Promise<{ id: string; name: string; cardbox: Cardbox; cases: CaseRecord[] } | undefined> {
  const institution = region.institutions().find((i) => i.id === id);
  if (!institution) return undefined;
  const cases =
    show === 'open'
      ? await listCases(institution.cardbox, { status: 'open' })
      : casesIn(
          await listCases(institution.cardbox, {
            sort: 'newest',
            ...(show === 'breached' ? { status: 'breached' } : {}),
          }),
          yearPeriod(year),
        );
  return { ...institution, cases };
}
