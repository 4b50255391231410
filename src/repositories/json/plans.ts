import type { CharterMilestone, PlanItem, PlansFile } from '../../store/records.ts';
import type { Table } from '../../store/table.ts';
import type { PlanRepository } from '../plans.ts';
import { JsonCollection } from './collection.ts';

/** Plans and charter steps in the embedded store (`plans.json`). */
export class JsonPlanRepository implements PlanRepository {
  readonly #table: Table<PlansFile>;
  readonly #plans: JsonCollection<PlansFile, PlanItem>;

  constructor(table: Table<PlansFile>) {
    this.#table = table;
    this.#plans = new JsonCollection(
      table,
      (data) => data.plans,
      (item) => item.id,
    );
  }

  async list(year?: number): Promise<PlanItem[]> {
    return this.#plans.all().filter((p) => year === undefined || p.year === year);
  }

  async get(id: string): Promise<PlanItem | undefined> {
    return this.#plans.get(id);
  }

  async add(item: PlanItem): Promise<void> {
    await this.#plans.insert(item);
  }

  update<R>(id: string, change: (item: PlanItem) => R): Promise<{ result: R } | undefined> {
    return this.#plans.update(id, change);
  }

  async remove(id: string): Promise<boolean> {
    return (await this.#plans.removeWhere((p) => p.id === id)) > 0;
  }

  async milestones(
    query: { year?: number; kind?: CharterMilestone['kind'] } = {},
  ): Promise<CharterMilestone[]> {
    return this.#table.data.milestones.filter(
      (m) => (query.year === undefined || m.year === query.year) && (!query.kind || m.kind === query.kind),
    );
  }

  async setMilestone(
    year: number,
    kind: CharterMilestone['kind'],
    done: CharterMilestone | null,
  ): Promise<void> {
    await this.#table.update((data) => {
      data.milestones = data.milestones.filter((m) => !(m.year === year && m.kind === kind));
      if (done) data.milestones.push(done);
    });
  }
}
