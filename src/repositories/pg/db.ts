import { createHash } from 'node:crypto';
import pg from 'pg';

/** A pool or one client inside a transaction: what the repositories send their SQL to. */
export type Queryable = Pick<pg.Pool, 'query'>;

/** The connection of one institution's repositories: the pool, and the client when inside a transaction. */
export interface PgScope {
  pool: pg.Pool;
  institution: string;
  /** Set inside `cardbox.transaction`: every query goes to this client, already in its transaction. */
  client?: pg.PoolClient;
}

export function openPool(url: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle client losing its server (a restart, a failover) must not take the process down; the next query
  // gets a new connection.
  pool.on('error', () => {});
  return pool;
}

/** Codes PostgreSQL gives a transaction that lost a race and may simply be run again. */
const RETRYABLE = new Set(['40001', '40P01']);

/**
 * Runs `work` in a transaction: the scope's own when inside one, else a new one on a pooled client, run
 * again when PostgreSQL reports a serialization failure or deadlock (the work must then be safe to repeat:
 * it only reads and writes through the client it is given).
 */
export async function inTransaction<R>(
  scope: PgScope,
  work: (db: pg.PoolClient) => Promise<R>,
  isolation: 'READ COMMITTED' | 'SERIALIZABLE' = 'READ COMMITTED',
): Promise<R> {
  if (scope.client) return work(scope.client);
  for (let attempt = 1; ; attempt++) {
    const client = await scope.pool.connect();
    try {
      await client.query(`BEGIN ISOLATION LEVEL ${isolation}`);
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      const code = (error as { code?: string }).code;
      if (!code || !RETRYABLE.has(code) || attempt >= 30) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
    } finally {
      client.release();
    }
  }
}

export function db(scope: PgScope): Queryable {
  return scope.client ?? scope.pool;
}

export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string }).code === '23505';
}

const names = new Map<string, string>();

/**
 * A query PostgreSQL prepares once per connection and then only binds and runs (named by its text): the
 * repositories' statements are few and fixed, and skipping the parse and plan makes a lookup about a third
 * quicker. (Behind a pooler in transaction mode this needs its prepared-statement support, e.g. PgBouncer ≥ 1.21.)
 */
export function prepared(text: string, values: unknown[]): pg.QueryConfig {
  let name = names.get(text);
  if (!name) {
    name = `cardbox_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    names.set(text, name);
  }
  return { name, text, values };
}
