import type pg from 'pg';
import type { CaseRecord, SerialRecord } from '../../store/records.ts';
import type { Repositories, RunAlone, SerialLookup, Transaction } from '../index.ts';
import { PgAuditRepository } from './audit.ts';
import { PgCaseRepository } from './cases.ts';
import { inTransaction, type PgScope, prepared } from './db.ts';
import { PgDigitizeRepository } from './digitize.ts';
import { PgOutboxRepository } from './outbox.ts';
import { PgPlanRepository } from './plans.ts';
import { PgRegistryRepository } from './registry.ts';
import { PgSequenceRepository } from './sequences.ts';
import { PgSessionRepository, PgUserRepository } from './staff.ts';

/** The `runAlone` calls of a pool, one after another. */
const lanes = new WeakMap<pg.Pool, Promise<unknown>>();

function repositoriesOn(scope: PgScope): Repositories {
  return {
    cases: new PgCaseRepository(scope),
    audit: new PgAuditRepository(scope),
    users: new PgUserRepository(scope),
    sessions: new PgSessionRepository(scope),
    registry: new PgRegistryRepository(scope),
    outbox: new PgOutboxRepository(scope),
    plans: new PgPlanRepository(scope),
    digitize: new PgDigitizeRepository(scope),
    sequences: new PgSequenceRepository(scope),
  };
}

/**
 * One institution's repositories over a PostgreSQL pool. A transaction is a SERIALIZABLE database transaction
 * on one client, run again when it loses a race with another (in this process or any other).
 */
export function pgRepositories(
  pool: pg.Pool,
  institution = 'default',
): Repositories & { transaction: Transaction; runAlone: RunAlone; lookupSerial: SerialLookup } {
  const scope: PgScope = { pool, institution };
  const transaction: Transaction = (work) =>
    inTransaction(scope, (client) => work(repositoriesOn({ ...scope, client })), 'SERIALIZABLE');
  // A session advisory lock, held on one client while the work runs: released at the end, or by the server
  // when the process holding it dies.
  const runAlone: RunAlone = (name, work, options) => {
    // One at a time per pool: each holds a client for its lock while its work takes others from the same pool,
    // so a hundred institutions' sweeps started together would hold every client and wait for one for ever.
    const turn = (lanes.get(pool) ?? Promise.resolve()).then(() => runLocked(name, work, options));
    lanes.set(
      pool,
      turn.catch(() => {}),
    );
    return turn;
  };
  const runLocked: RunAlone = async (name, work, options) => {
    const client = await pool.connect();
    const key = `${institution}/${name}`;
    try {
      const { rows } = await client.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock(hashtext($1)) AS locked',
        [key],
      );
      if (!rows[0]?.locked) return { ran: false };
      try {
        if (options?.every) {
          // Under the lock: the last start of this work by any process, and this one's, one after the other.
          const { rowCount } = await client.query(
            `INSERT INTO cardbox_runs (institution_id, name, started_at) VALUES ($1, $2, now())
             ON CONFLICT (institution_id, name) DO UPDATE SET started_at = now()
             WHERE cardbox_runs.started_at <= now() - make_interval(secs => $3)`,
            [institution, name, options.every / 1000],
          );
          if (rowCount === 0) return { ran: false };
        }
        return { ran: true, result: await work() };
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', [key]);
      }
    } finally {
      client.release();
    }
  };
  const lookupSerial: SerialLookup = async (serial) => {
    const { rows } = await pool.query<{ issued: SerialRecord | null; record: CaseRecord | null }>(
      prepared(
        `SELECT (SELECT record FROM serials WHERE institution_id = $1 AND id = $2) AS issued,
                (SELECT record FROM cases WHERE institution_id = $1 AND serial = $2) AS record`,
        [institution, serial],
      ),
    );
    return { issued: rows[0]?.issued ?? undefined, record: rows[0]?.record ?? undefined };
  };
  return { ...repositoriesOn(scope), transaction, runAlone, lookupSerial };
}
