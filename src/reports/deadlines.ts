import type { Cardbox } from '../context.ts';
import type { CharterMilestone } from '../store/records.ts';
import { localDate, startOfLocalDay } from '../time/zone.ts';

/**
 * The charter's own publication deadlines (고객만족도 조사와 결과공표): the survey by `profile.survey.dueMonthDay`
 * (end of December), its results published within `publishWithinMonths` of the survey, and the improvement plan
 * within `planWithinMonths` of the results. A step done earlier moves the next step's deadline earlier, as the
 * charter counts from the step itself.
 */
export type MilestoneKind = CharterMilestone['kind'];

export const MILESTONE_TITLES: Record<MilestoneKind, string> = {
  survey: '고객만족도 조사 실시',
  results: '조사 결과 공개',
  plan: '개선(시정)계획 공표',
};

export interface CharterDeadline {
  year: number;
  kind: MilestoneKind;
  title: string;
  /** Last day, 'YYYY-MM-DD' (KST); the deadline is the end of that day. */
  dueOn: string;
  dueAt: string;
  doneAt: string | null;
  state: 'done' | 'overdue' | 'upcoming';
  /** Calendar days from today to the due day; negative when overdue. */
  daysLeft: number;
}

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** `date` plus `months` calendar months; the last day of a month stays the last day (12-31 + 1 → 01-31 → 04-30). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = lastDayOfMonth(year, month);
  const day = d === lastDayOfMonth(y, m) ? last : Math.min(d, last);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

async function milestone(
  cardbox: Cardbox,
  year: number,
  kind: MilestoneKind,
): Promise<CharterMilestone | undefined> {
  return (await cardbox.plans.milestones({ year, kind }))[0];
}

/** The three deadlines of one survey year. */
export async function surveyYearDeadlines(
  cardbox: Cardbox,
  year: number,
  now: Date,
): Promise<CharterDeadline[]> {
  const survey = cardbox.profile.survey;
  const today = localDate(now);
  const steps: [MilestoneKind, (previousDay: string) => string][] = [
    ['survey', () => `${year}-${survey.dueMonthDay}`],
    ['results', (prev) => addMonths(prev, survey.publishWithinMonths)],
    ['plan', (prev) => addMonths(prev, survey.planWithinMonths)],
  ];
  const result: CharterDeadline[] = [];
  let previous = '';
  for (const [kind, due] of steps) {
    const dueOn = due(previous);
    const done = await milestone(cardbox, year, kind);
    const doneOn = done ? localDate(done.doneAt) : null;
    const daysLeft = Math.round((startOfLocalDay(dueOn) - startOfLocalDay(today)) / 86_400_000);
    result.push({
      year,
      kind,
      title: `${year}년 ${MILESTONE_TITLES[kind]}`,
      dueOn,
      dueAt: new Date(startOfLocalDay(dueOn) + 86_400_000).toISOString(),
      doneAt: done?.doneAt ?? null,
      state: done ? 'done' : daysLeft < 0 ? 'overdue' : 'upcoming',
      daysLeft,
    });
    // The charter counts the next step from when this one was done, or else from its deadline.
    previous = doneOn && doneOn < dueOn ? doneOn : dueOn;
  }
  return result;
}

/** The first year Cardbox held a case or printed a card: the charter's steps of earlier years are not ours. */
async function firstYearInUse(cardbox: Cardbox, now: Date): Promise<number> {
  let first = localDate(now);
  const earliest = await cardbox.cases.earliestReceived();
  if (earliest && earliest < first) first = earliest;
  const printed = await cardbox.registry.earliestIssued();
  if (printed && printed < first) first = printed;
  return Number(localDate(first).slice(0, 4));
}

/**
 * What the staff dashboard shows: last year's steps still open, then this year's, soonest first. The survey
 * year is the local calendar year of `now`; a year before Cardbox was in use has no steps to show (a fresh
 * install is not "overdue" on last year's survey).
 */
export async function charterDeadlines(cardbox: Cardbox, now: Date): Promise<CharterDeadline[]> {
  const year = Number(localDate(now).slice(0, 4));
  const last =
    year - 1 >= (await firstYearInUse(cardbox, now))
      ? (await surveyYearDeadlines(cardbox, year - 1, now)).filter((d) => d.state !== 'done')
      : [];
  return [...last, ...(await surveyYearDeadlines(cardbox, year, now))];
}

/** Records (or clears, with `done: false`) that a step of a survey year was done. */
export async function setMilestone(
  cardbox: Cardbox,
  step: { year: number; kind: MilestoneKind; done: boolean; doneAt?: Date },
  by: string,
): Promise<void> {
  const doneAt = (step.doneAt ?? cardbox.now()).toISOString();
  await cardbox.plans.setMilestone(
    step.year,
    step.kind,
    step.done ? { year: step.year, kind: step.kind, doneAt, by } : null,
  );
}
