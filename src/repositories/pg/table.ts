import type { PoolClient } from 'pg';
import { db, inTransaction, type PgScope, prepared, type Queryable } from './db.ts';

/**
 * One kind of record in PostgreSQL: a row per record of one institution, the record itself as JSON (`record`,
 * kept as written) and the columns queries filter on, derived from it on every write (`columns`). The order of
 * insertion (`seq`) is the order lists come in, as in the embedded store.
 */
export interface RowSpec<T> {
  table: string;
  key: (item: T) => string;
  columns: (item: T) => Record<string, unknown>;
}

/** A condition on the derived columns: SQL with `$n` placeholders numbered after the institution's ($1). */
export interface Where {
  sql: string;
  params: unknown[];
}

export const ALL: Where = { sql: 'TRUE', params: [] };

/** Builds a `Where` from conditions, each with its parameters written as `?` in order. */
export function where(...conditions: (readonly [string, ...unknown[]] | false | undefined)[]): Where {
  const parts: string[] = [];
  const params: unknown[] = [];
  for (const condition of conditions) {
    if (!condition) continue;
    const [sql, ...values] = condition;
    let used = 0;
    parts.push(sql.replace(/\?/g, () => `$${1 + params.length + ++used}`));
    params.push(...values);
  }
  return parts.length ? { sql: parts.join(' AND '), params } : ALL;
}

export class PgTable<T> {
  readonly #scope: PgScope;
  readonly #spec: RowSpec<T>;

  constructor(scope: PgScope, spec: RowSpec<T>) {
    this.#scope = scope;
    this.#spec = spec;
  }

  get scope(): PgScope {
    return this.#scope;
  }

  /** The same table on a client inside a transaction. */
  on(client: PoolClient): PgTable<T> {
    return new PgTable({ ...this.#scope, client }, this.#spec);
  }

  async get(id: string): Promise<T | undefined> {
    const { rows } = await db(this.#scope).query<{ record: T }>(
      prepared(`SELECT record FROM ${this.#spec.table} WHERE institution_id = $1 AND id = $2`, [
        this.#scope.institution,
        id,
      ]),
    );
    return rows[0]?.record;
  }

  /** The record a unique column picks (a serial, a user name): prepared, as such lookups run on every request. */
  async first(condition: Where): Promise<T | undefined> {
    const { rows } = await db(this.#scope).query<{ record: T }>(
      prepared(
        `SELECT record FROM ${this.#spec.table} WHERE institution_id = $1 AND (${condition.sql}) LIMIT 1`,
        [this.#scope.institution, ...condition.params],
      ),
    );
    return rows[0]?.record;
  }

  async list(condition: Where = ALL, tail = 'ORDER BY seq'): Promise<T[]> {
    const { rows } = await db(this.#scope).query<{ record: T }>(
      `SELECT record FROM ${this.#spec.table} WHERE institution_id = $1 AND (${condition.sql}) ${tail}`,
      [this.#scope.institution, ...condition.params],
    );
    return rows.map((row) => row.record);
  }

  async count(condition: Where = ALL): Promise<number> {
    const { rows } = await db(this.#scope).query<{ n: string }>(
      `SELECT count(*) AS n FROM ${this.#spec.table} WHERE institution_id = $1 AND (${condition.sql})`,
      [this.#scope.institution, ...condition.params],
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** Adds `item`; false (nothing added) when a unique column clashes with a stored row. */
  async insert(item: T, on: Queryable = db(this.#scope)): Promise<boolean> {
    const columns = this.#spec.columns(item);
    const names = ['institution_id', 'id', 'record', ...Object.keys(columns)];
    const values = [
      this.#scope.institution,
      this.#spec.key(item),
      JSON.stringify(item),
      ...Object.values(columns),
    ];
    const { rowCount } = await on.query(
      prepared(
        `INSERT INTO ${this.#spec.table} (${names.join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')}) ON CONFLICT DO NOTHING`,
        values,
      ),
    );
    return rowCount === 1;
  }

  /**
   * Adds many records in one statement (a migration, a seed): the rows built as JSON and typed by the table
   * itself (`json_populate_recordset`). Records clashing with stored ones are skipped; resolves with how many were added.
   */
  async insertMany(items: readonly T[], on: Queryable = db(this.#scope)): Promise<number> {
    if (items.length === 0) return 0;
    const rows = items.map((item) => ({
      institution_id: this.#scope.institution,
      id: this.#spec.key(item),
      record: item,
      ...this.#spec.columns(item),
    }));
    const names = Object.keys(rows[0]!);
    const { rowCount } = await on.query(
      `INSERT INTO ${this.#spec.table} (${names.join(', ')})
       SELECT ${names.map((n) => `r.${n}`).join(', ')} FROM json_populate_recordset(NULL::${this.#spec.table}, $1::json) AS r
       ON CONFLICT DO NOTHING`,
      [JSON.stringify(rows)],
    );
    return rowCount ?? 0;
  }

  /** Stores a changed record (its derived columns with it) through `on`. */
  async write(item: T, on: Queryable = db(this.#scope)): Promise<void> {
    const columns = this.#spec.columns(item);
    const names = Object.keys(columns);
    await on.query(
      prepared(
        `UPDATE ${this.#spec.table} SET record = $3${names.map((name, i) => `, ${name} = $${i + 4}`).join('')} WHERE institution_id = $1 AND id = $2`,
        [this.#scope.institution, this.#spec.key(item), JSON.stringify(item), ...Object.values(columns)],
      ),
    );
  }

  /** Runs `change` on the stored record, locked against other changes meanwhile, and stores it. */
  update<R>(id: string, change: (item: T) => R): Promise<{ result: R } | undefined> {
    return inTransaction(this.#scope, async (client) => {
      const { rows } = await client.query<{ record: T }>(
        prepared(`SELECT record FROM ${this.#spec.table} WHERE institution_id = $1 AND id = $2 FOR UPDATE`, [
          this.#scope.institution,
          id,
        ]),
      );
      const item = rows[0]?.record;
      if (item === undefined) return undefined;
      const result = change(item);
      await this.write(item, client);
      return { result };
    });
  }

  /** Runs `change` on every stored record `condition` picks (locked), storing those it does not return false for. */
  updateWhere(condition: Where, change: (item: T) => unknown): Promise<T[]> {
    return inTransaction(this.#scope, async (client) => {
      const { rows } = await client.query<{ record: T }>(
        `SELECT record FROM ${this.#spec.table} WHERE institution_id = $1 AND (${condition.sql}) ORDER BY seq FOR UPDATE`,
        [this.#scope.institution, ...condition.params],
      );
      const changed: T[] = [];
      for (const { record } of rows) {
        if (change(record) === false) continue;
        await this.write(record, client);
        changed.push(record);
      }
      return changed;
    });
  }

  async remove(condition: Where): Promise<number> {
    const { rowCount } = await db(this.#scope).query(
      `DELETE FROM ${this.#spec.table} WHERE institution_id = $1 AND (${condition.sql})`,
      [this.#scope.institution, ...condition.params],
    );
    return rowCount ?? 0;
  }
}
