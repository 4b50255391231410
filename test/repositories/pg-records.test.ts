import { describe } from 'vitest';
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
