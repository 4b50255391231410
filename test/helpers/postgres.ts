import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { inject } from 'vitest';
import { openPool } from '../../src/repositories/pg/db.ts';
import { migrate } from '../../src/repositories/pg/migrate.ts';
import { IN_CI } from './cardbox.ts';

/**
 * Whether the PostgreSQL tests of `suite` can run: without a server they are skipped with a loud message on a
 * developer's machine, and fail under CI, where `.ci/run` installs the postgresql package.
 */
export function postgresFor(suite: string): boolean {
  const found = inject('postgres');
  if ('url' in found) return true;
  if (IN_CI) throw new Error(`${found.missing} — on CI .ci/run must install postgresql`);
  console.warn(`\n*** SKIPPING ${suite} PostgreSQL tests: ${found.missing} ***\n`);
  return false;
}

export interface TestDatabase {
  url: string;
  /** A pool on the new database, migrated. */
  pool: pg.Pool;
  drop: () => Promise<void>;
}

/** A new, empty database on the test server, migrated to the current schema; dropped by `drop`. */
export async function freshDatabase(options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const found = inject('postgres');
  if (!('url' in found)) throw new Error(found.missing);
  const name = `cardbox_test_${randomBytes(6).toString('hex')}`;
  const admin = openPool(found.url, 1);
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(found.url);
  url.pathname = `/${name}`;
  const pool = openPool(url.toString());
  if (options.migrated !== false) await migrate(pool);
  return {
    url: url.toString(),
    pool,
    drop: async () => {
      await pool.end().catch(() => {});
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
      await admin.end();
    },
  };
}
