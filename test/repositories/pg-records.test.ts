import { describe, expect, it } from 'vitest';
import { openPool } from '../../src/repositories/pg/db.ts';
import { pgRepositories } from '../../src/repositories/pg/index.ts';
import { freshDatabase, postgresFor } from '../helpers/postgres.ts';
import { caseRepositoryContract } from './case-contract.ts';
import { repositoriesContract } from './records-contract.ts';

// The contracts the embedded store passes, against a real PostgreSQL server; `reopen` is a new pool, as
// another process (or a restarted one) would have.
describe.runIf(postgresFor('repository contract'))('PostgreSQL', () => {
  repositoriesContract('PostgreSQL', async () => {
    const database = await freshDatabase();
    const pools = [database.pool];
    return {
      repos: pgRepositories(database.pool),
      reopen: async () => {
        const pool = openPool(database.url);
        pools.push(pool);
        return pgRepositories(pool);
      },
      cleanup: async () => {
        for (const pool of pools.slice(1)) await pool.end();
        await database.drop();
      },
    };
  });

  caseRepositoryContract('PostgreSQL', async () => {
    const database = await freshDatabase();
    const pools = [database.pool];
    return {
      repo: pgRepositories(database.pool).cases,
      reopen: async () => {
        const pool = openPool(database.url);
        pools.push(pool);
        return pgRepositories(pool).cases;
      },
      cleanup: async () => {
        for (const pool of pools.slice(1)) await pool.end();
        await database.drop();
      },
    };
  });
});

describe.runIf(postgresFor('run alone'))('work that one process of a deployment runs at a time', () => {
  it('is skipped by another process while it runs, and runs again once it is done', async () => {
    const database = await freshDatabase();
    const other = openPool(database.url);
    try {
      const a = pgRepositories(database.pool);
      const b = pgRepositories(other);
      let release: () => void = () => {};
      const slow = a.runAlone(
        'sweep',
        () => new Promise<string>((resolve) => (release = () => resolve('a'))),
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await b.runAlone('sweep', async () => 'b')).toEqual({ ran: false });
      expect(await b.runAlone('outbox', async () => 'b')).toEqual({ ran: true, result: 'b' });
      expect(await pgRepositories(other, 'another-institution').runAlone('sweep', async () => 'c')).toEqual({
        ran: true,
        result: 'c',
      });
      release();
      expect(await slow).toEqual({ ran: true, result: 'a' });
      expect(await b.runAlone('sweep', async () => 'b')).toEqual({ ran: true, result: 'b' });
      // A hundred institutions' sweeps started at once on a small pool, each work querying the same pool: all
      // finish (each held a client for its lock and waited for another for ever, before they took turns).
      const small = openPool(database.url, 2);
      try {
        const runs = Array.from({ length: 100 }, (_, i) =>
          pgRepositories(small, `inst-${i}`).runAlone(
            'sweep',
            async () => (await small.query('SELECT 1 AS n')).rows[0].n,
          ),
        );
        expect((await Promise.all(runs)).every((r) => r.ran && r.result === 1)).toBe(true);
      } finally {
        await small.end();
      }
    } finally {
      await other.end();
      await database.drop();
    }
  });
});
