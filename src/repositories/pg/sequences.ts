import type { SequenceRepository } from '../sequences.ts';
import { db, type PgScope } from './db.ts';

/** Counters in PostgreSQL: one row each, moved on by a single atomic UPDATE. */
export class PgSequenceRepository implements SequenceRepository {
  readonly #scope: PgScope;

  constructor(scope: PgScope) {
    this.#scope = scope;
  }

  async take(name: string, count: number, last: () => Promise<number>): Promise<number> {
    const on = db(this.#scope);
    const key = [this.#scope.institution, name];
    const exists = await on.query('SELECT 1 FROM sequences WHERE institution_id = $1 AND name = $2', key);
    // Two processes seeding at once: the first row wins, the other's seed is dropped; both then move one counter.
    if (!exists.rowCount)
      await on.query(
        'INSERT INTO sequences (institution_id, name, last) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
        [...key, await last()],
      );
    const { rows } = await on.query<{ last: string }>(
      'UPDATE sequences SET last = last + $3 WHERE institution_id = $1 AND name = $2 RETURNING last',
      [...key, count],
    );
    return Number(rows[0]!.last) - count + 1;
  }
}
