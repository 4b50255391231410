import type { CharterMilestone, PlanItem } from '../store/records.ts';

/** The yearly improvement plan and the charter's publication steps done. */
export interface PlanRepository {
  /** The plan items, of one survey year when given, in the order added. */
  list(year?: number): Promise<PlanItem[]>;
  get(id: string): Promise<PlanItem | undefined>;
  add(item: PlanItem): Promise<void>;
  update<R>(id: string, change: (item: PlanItem) => R): Promise<{ result: R } | undefined>;
  /** false when there was no such item. */
  remove(id: string): Promise<boolean>;
  /** The publication steps recorded as done, every condition given holding. */
  milestones(query?: { year?: number; kind?: CharterMilestone['kind'] }): Promise<CharterMilestone[]>;
  /** Records a step of a year as done (replacing an earlier record of it), or clears it with `null`. */
  setMilestone(year: number, kind: CharterMilestone['kind'], done: CharterMilestone | null): Promise<void>;
}
