import { createHash } from 'node:crypto';
import type pg from 'pg';
import { MIGRATIONS } from './migrations.ts';

/** Any number, fixed: the advisory lock that lets one process at a time migrate a database. */
const MIGRATION_LOCK = 7_240_317;

const checksum = (sql: string) => createHash('sha256').update(sql).digest('hex');

/**
 * Brings the database's schema up to this version: the steps not yet applied, in order, in one transaction
 * under an advisory lock (several app processes starting at once migrate once). Refuses, changing nothing, a
 * database with a step this version does not know (a newer Cardbox migrated it) or whose text changed.
 * Resolves with the steps applied now.
 */
export async function migrate(pool: pg.Pool, steps = MIGRATIONS): Promise<string[]> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS cardbox_migrations (
         id text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const { rows } = await client.query<{ id: string; checksum: string }>(
      'SELECT id, checksum FROM cardbox_migrations ORDER BY id',
    );
    const known = new Map(steps.map((step) => [step.id, checksum(step.sql)]));
    for (const row of rows) {
      const expected = known.get(row.id);
      if (!expected)
        throw new Error(
          `데이터베이스에 이 Cardbox가 모르는 스키마 단계 ${row.id}가 적용되어 있습니다. 더 새 버전의 Cardbox로 실행해 주세요. ` +
            `(The database has schema step ${row.id}, which this Cardbox does not know: run a newer Cardbox.)`,
        );
      if (expected !== row.checksum)
        throw new Error(
          `스키마 단계 ${row.id}의 내용이 적용된 것과 다릅니다. 이미 적용된 단계는 고치지 않습니다. ` +
            `(Schema step ${row.id} differs from the one applied; released steps are never edited.)`,
        );
    }
    const applied = new Set(rows.map((row) => row.id));
    const now: string[] = [];
    for (const step of steps) {
      if (applied.has(step.id)) continue;
      await client.query(step.sql);
      await client.query('INSERT INTO cardbox_migrations (id, checksum) VALUES ($1, $2)', [
        step.id,
        checksum(step.sql),
      ]);
      now.push(step.id);
    }
    await client.query('COMMIT');
    return now;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
