import type pg from 'pg';
import type { Repositories, Transaction } from '../index.ts';
import { PgAuditRepository } from './audit.ts';
import { PgCaseRepository } from './cases.ts';
import { inTransaction, type PgScope } from './db.ts';
import { PgDigitizeRepository } from './digitize.ts';
import { PgOutboxRepository } from './outbox.ts';
import { PgPlanRepository } from './plans.ts';
import { PgRegistryRepository } from './registry.ts';
import { PgSequenceRepository } from './sequences.ts';
import { PgSessionRepository, PgUserRepository } from './staff.ts';

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
): Repositories & { transaction: Transaction } {
  const scope: PgScope = { pool, institution };
  const transaction: Transaction = (work) =>
    inTransaction(scope, (client) => work(repositoriesOn({ ...scope, client })), 'SERIALIZABLE');
  return { ...repositoriesOn(scope), transaction };
}
