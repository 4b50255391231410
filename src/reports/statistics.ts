import {
  areaLabel,
  CHANNEL_LABELS,
  CLASSIFICATION_LABELS,
  departmentName,
  NO_AREA,
  TYPE_LONG_LABELS,
  UNCLASSIFIED,
} from '../cases/labels.ts';
import { iso, type Timeliness, timeliness } from '../cases/timeliness.ts';
import type { Cardbox } from '../context.ts';
import { SATISFACTION_LABELS } from '../profile/card-layout.ts';
import type { Profile } from '../profile/schema.ts';
import type { CardType, CaseRecord, Channel } from '../store/records.ts';
import { startOfLocalDay } from '../time/zone.ts';
import { type Period, periodBounds } from './period.ts';
import { quantile } from './quantile.ts';

const DAY_MS = 86_400_000;

export { type Timeliness, timeliness };

export interface Count {
  key: string;
  label: string;
  count: number;
}

export interface OnTimeFigures {
  onTime: number;
  late: number;
  overdue: number;
  pending: number;
  closedUnanswered: number;
  /** onTime / (onTime + late + overdue); null when nothing was decided yet. */
  rate: number | null;
}

export interface RuleStatistics extends OnTimeFigures {
  rule: string;
  title: string;
  promise: string;
  cases: number;
  /** Breaches recorded under this rule (by the breach's own rule). */
  breaches: number;
  /** Vouchers issued on cases answered under this rule. */
  vouchers: number;
  voucherKrw: number;
}

export type SatisfactionSource = 'cards' | 'online' | 'other';

export interface SatisfactionStatistics {
  labels: string[];
  /** counts[i] = answers of scale value i + 1: what visitors typed and card readings staff confirmed. */
  all: number[];
  bySource: Record<SatisfactionSource, number[]>;
  /** The same answers by card type (green: praise and suggestions, yellow: complaints). */
  byType: Record<CardType, number[]>;
  answered: number;
  unanswered: number;
  /**
   * Marks read by the machine from a card that staff have not confirmed yet (`unconfirmedSatisfaction`),
   * counted apart and left out of `all`, `bySource`, `answered`, `mean` and `satisfiedShare`.
   */
  unconfirmed: number[];
  unconfirmedCount: number;
  mean: number | null;
  /** Share of answers 4 or 5 ('만족' or better). */
  satisfiedShare: number | null;
}

export interface Statistics {
  period: Period;
  generatedAt: string;
  total: number;
  byType: Count[];
  byArea: Count[];
  byDepartment: Count[];
  byChannel: Count[];
  byClassification: Count[];
  byMonth: Count[];
  onTime: OnTimeFigures;
  rules: RuleStatistics[];
  daysToResult: { answered: number; median: number | null; p90: number | null };
  breaches: { count: number; cases: number };
  vouchers: { count: number; amountKrw: number };
  satisfaction: SatisfactionStatistics;
}

/** The cases received in `period` (KST days, inclusive). */
export function casesIn(cases: readonly CaseRecord[], period: Period): CaseRecord[] {
  const [start, end] = periodBounds(period).map((ms) => new Date(ms).toISOString()) as [string, string];
  return cases.filter((c) => {
    const at = iso(c.receivedAt);
    return at >= start && at < end;
  });
}

/**
 * The cases received in `period`, read from the repository by receipt time (a day's margin either side, then
 * cut exactly by `casesIn`): a year's statistics read that year's cases, not every case ever received.
 */
export async function listCasesIn(cardbox: Pick<Cardbox, 'cases'>, period: Period): Promise<CaseRecord[]> {
  const [start, end] = periodBounds(period);
  return casesIn(
    await cardbox.cases.list({
      receivedFrom: new Date(start - DAY_MS).toISOString(),
      receivedBefore: new Date(end + DAY_MS).toISOString(),
    }),
    period,
  );
}

function tally(map: Map<string, number>, key: string, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

function counts(map: Map<string, number>, order: string[], label: (key: string) => string): Count[] {
  const keys = [...order.filter((k) => map.has(k)), ...[...map.keys()].filter((k) => !order.includes(k))];
  return keys.map((key) => ({ key, label: label(key), count: map.get(key)! }));
}

function emptyTimeliness(): OnTimeFigures {
  return { onTime: 0, late: 0, overdue: 0, pending: 0, closedUnanswered: 0, rate: null };
}

function addTimeliness(target: OnTimeFigures, value: Timeliness): void {
  if (value === 'on-time') target.onTime++;
  else if (value === 'late') target.late++;
  else if (value === 'overdue') target.overdue++;
  else if (value === 'pending') target.pending++;
  else target.closedUnanswered++;
}

function finishRate(target: OnTimeFigures): void {
  const decided = target.onTime + target.late + target.overdue;
  target.rate = decided === 0 ? null : target.onTime / decided;
}

function monthsOf(period: Period): string[] {
  const months: string[] = [];
  let [y, m] = period.from.split('-').map(Number) as [number, number];
  const last = period.to.slice(0, 7);
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    months.push(month);
    if (month >= last || months.length > 240) return months;
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
}

/**
 * Whether a case's satisfaction is a machine's reading of a card that staff have not confirmed: read from
 * the box, not typed by the visitor (online or after the paper card) and not yet confirmed. Such a mark is
 * a draft, so every satisfaction figure (public and staff statistics, the annual report, exports of the
 * statistics) leaves it out and counts it apart. The one place that decides it.
 */
export function unconfirmedSatisfaction(record: CaseRecord): boolean {
  const typed = record.channel !== 'cardbox' || Boolean(record.typedAt);
  return !typed && Boolean(record.reading) && !record.reading!.needsReview.includes('confirmed');
}

function satisfactionSource(channel: Channel): SatisfactionSource {
  return channel === 'cardbox' ? 'cards' : channel === 'online' ? 'online' : 'other';
}

/** Every figure the reports show, for the cases received in `period`, as of `now`. One pass over the cases. */
export function computeStatistics(
  profile: Profile,
  allCases: readonly CaseRecord[],
  period: Period,
  now: Date,
): Statistics {
  const nowIso = now.toISOString();
  const cases = casesIn(allCases, period);
  const months = monthsOf(period);
  const monthStarts = months.map((m) => new Date(startOfLocalDay(`${m}-01`)).toISOString());
  // The KST month of a case by binary search over the months' first instants.
  const monthOf = (receivedIso: string): string => {
    let low = 0;
    let high = monthStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (monthStarts[mid]! <= receivedIso) low = mid;
      else high = mid - 1;
    }
    return months[low]!;
  };
  const byType = new Map<string, number>();
  const byArea = new Map<string, number>();
  const byDepartment = new Map<string, number>();
  const byChannel = new Map<string, number>();
  const byClassification = new Map<string, number>();
  const byMonth = new Map<string, number>();
  const overall = emptyTimeliness();
  const rules = new Map<string, RuleStatistics>();
  const ruleOf = (id: string): RuleStatistics => {
    let entry = rules.get(id);
    if (!entry) {
      const rule = profile.rules.find((r) => r.id === id);
      entry = {
        rule: id,
        title: rule?.title ?? id,
        promise: rule?.promise ?? '',
        cases: 0,
        breaches: 0,
        vouchers: 0,
        voucherKrw: 0,
        ...emptyTimeliness(),
      };
      rules.set(id, entry);
    }
    return entry;
  };
  for (const rule of profile.rules) ruleOf(rule.id);
  const days: number[] = [];
  const breaches = { count: 0, cases: 0 };
  const vouchers = { count: 0, amountKrw: 0 };
  const scale = SATISFACTION_LABELS.length;
  const satisfaction: SatisfactionStatistics = {
    labels: SATISFACTION_LABELS.map((l) => l.ko),
    all: new Array(scale).fill(0),
    bySource: {
      cards: new Array(scale).fill(0),
      online: new Array(scale).fill(0),
      other: new Array(scale).fill(0),
    },
    byType: { green: new Array(scale).fill(0), yellow: new Array(scale).fill(0) },
    answered: 0,
    unanswered: 0,
    unconfirmed: new Array(scale).fill(0),
    unconfirmedCount: 0,
    mean: null,
    satisfiedShare: null,
  };
  let satisfactionSum = 0;
  let satisfied = 0;

  for (const record of cases) {
    tally(byType, record.type);
    tally(byChannel, record.channel);
    tally(byDepartment, record.department ?? '');
    tally(byClassification, record.classification ?? '');
    tally(byMonth, monthOf(iso(record.receivedAt)));
    if (record.areas.length === 0) tally(byArea, '');
    for (const area of record.areas) tally(byArea, area);

    const kept = timeliness(record, nowIso);
    addTimeliness(overall, kept);
    const rule = ruleOf(record.rule);
    rule.cases++;
    addTimeliness(rule, kept);
    if (record.answeredAt)
      days.push((Date.parse(record.answeredAt) - Date.parse(record.receivedAt)) / DAY_MS);

    if (record.breaches?.length) {
      breaches.cases++;
      breaches.count += record.breaches.length;
      for (const breach of record.breaches) ruleOf(breach.rule).breaches++;
    }
    for (const voucher of record.vouchers ?? []) {
      vouchers.count++;
      vouchers.amountKrw += voucher.amountKrw;
      rule.vouchers++;
      rule.voucherKrw += voucher.amountKrw;
    }

    const score = record.satisfaction;
    const valid = score !== null && Number.isInteger(score) && score >= 1 && score <= scale;
    if (valid && unconfirmedSatisfaction(record)) {
      satisfaction.unconfirmed[score - 1]!++;
      satisfaction.unconfirmedCount++;
    } else if (valid) {
      satisfaction.all[score - 1]!++;
      satisfaction.bySource[satisfactionSource(record.channel)][score - 1]!++;
      satisfaction.byType[record.type][score - 1]!++;
      satisfaction.answered++;
      satisfactionSum += score;
      if (score >= 4) satisfied++;
    } else {
      satisfaction.unanswered++;
    }
  }

  finishRate(overall);
  for (const rule of rules.values()) finishRate(rule);
  days.sort((a, b) => a - b);
  if (satisfaction.answered > 0) {
    satisfaction.mean = satisfactionSum / satisfaction.answered;
    satisfaction.satisfiedShare = satisfied / satisfaction.answered;
  }
  for (const month of months) if (!byMonth.has(month)) byMonth.set(month, 0);

  return {
    period,
    generatedAt: now.toISOString(),
    total: cases.length,
    byType: counts(byType, ['green', 'yellow'], (k) => TYPE_LONG_LABELS[k as 'green'] ?? k),
    byArea: counts(
      byArea,
      profile.areas.map((a) => a.id),
      (k) => (k ? areaLabel(profile, k) : NO_AREA),
    ),
    byDepartment: counts(
      byDepartment,
      profile.departments.map((d) => d.id),
      (k) => departmentName(profile, k || undefined),
    ),
    byChannel: counts(byChannel, Object.keys(CHANNEL_LABELS), (k) => CHANNEL_LABELS[k as Channel] ?? k),
    byClassification: counts(
      byClassification,
      Object.keys(CLASSIFICATION_LABELS),
      (k) => CLASSIFICATION_LABELS[k as 'praise'] ?? UNCLASSIFIED,
    ),
    byMonth: [...byMonth.keys()].sort().map((key) => ({ key, label: key, count: byMonth.get(key)! })),
    onTime: overall,
    rules: [...rules.values()],
    daysToResult: { answered: days.length, median: quantile(days, 0.5), p90: quantile(days, 0.9) },
    breaches,
    vouchers,
    satisfaction,
  };
}
