import type { CharterMilestone, PlanItem } from '../../store/records.ts';
import type { PlanRepository } from '../plans.ts';
import { inTransaction, type PgScope } from './db.ts';
import { PgTable, where } from './table.ts';

/** Plans and the charter steps in PostgreSQL; a step is one row per year and kind. */
export class PgPlanRepository implements PlanRepository {
  readonly #plans: PgTable<PlanItem>;
  readonly #steps: PgTable<CharterMilestone>;

  constructor(scope: PgScope) {
    this.#plans = new PgTable(scope, {
      table: 'plans',
      key: (p) => p.id,
      columns: (p) => ({ year: p.year }),
    });
    this.#steps = new PgTable(scope, {
      table: 'milestones',
      key: (m) => `${m.year}-${m.kind}`,
      columns: (m) => ({ year: m.year, kind: m.kind }),
    });
  }

  list(year?: number): Promise<PlanItem[]> {
    return this.#plans.list(where(year !== undefined && ['year = ?', year]));
  }

  get(id: string): Promise<PlanItem | undefined> {
    return this.#plans.get(id);
  }

  async add(item: PlanItem): Promise<void> {
    await this.#plans.insert(item);
  }

  update<R>(id: string, change: (item: PlanItem) => R): Promise<{ result: R } | undefined> {
    return this.#plans.update(id, change);
  }

  async remove(id: string): Promise<boolean> {
    return (await this.#plans.remove(where(['id = ?', id]))) > 0;
  }

  milestones(query: { year?: number; kind?: CharterMilestone['kind'] } = {}): Promise<CharterMilestone[]> {
    return this.#steps.list(
      where(
        query.year !== undefined && ['year = ?', query.year],
        query.kind !== undefined && ['kind = ?', query.kind],
      ),
    );
  }

  async setMilestone(
    year: number,
    kind: CharterMilestone['kind'],
    done: CharterMilestone | null,
  ): Promise<void> {
    await inTransaction(this.#steps.scope, async (client) => {
      const steps = this.#steps.on(client);
      await steps.remove(where(['id = ?', `${year}-${kind}`]));
      if (done) await steps.insert(done);
    });
  }
}
