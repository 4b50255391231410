import { describe, expect, it } from 'vitest';
import { openPool } from '../../src/repositories/pg/db.ts';
import { pgRepositories } from '../../src/repositories/pg/index.ts';
import { PgInstitutionRepository } from '../../src/repositories/pg/institutions.ts';
import type { CaseRecord } from '../../src/store/records.ts';
import { freshDatabase, postgresFor } from '../helpers/postgres.ts';
import { caseRecord, caseRepositoryContract } from './case-contract.ts';
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

describe.runIf(postgresFor('serial lookup'))('a serial looked up in one institution', () => {
  it("finds nothing of another institution's card, its entry or its case", async () => {
    const database = await freshDatabase();
    try {
      await new PgInstitutionRepository(database.pool).add({
        id: 'other',
        name: '다른 도서관',
        baseUrl: null,
        profile: null,
      });
      const mine = pgRepositories(database.pool);
      const theirs = pgRepositories(database.pool, 'other');
      const at = '2026-05-01T00:00:00.000Z';
      const batch = {
        id: 'b-other',
        type: 'green',
        count: 1,
        createdAt: at,
        createdBy: 'a',
        format: 'pdf',
      } as const;
      await theirs.registry.issue(batch, [
        { serial: 'G-OTHER-1', type: 'green', batch: batch.id, issuedAt: at, origin: 'print' },
      ]);
      await theirs.cases.insert(caseRecord({ serial: 'G-OTHER-1' }));
      expect((await theirs.lookupSerial('G-OTHER-1')).record?.serial).toBe('G-OTHER-1');
      expect(await mine.lookupSerial('G-OTHER-1')).toEqual({ issued: undefined, record: undefined });
    } finally {
      await database.drop();
    }
  });
});

describe.runIf(postgresFor('run alone'))('work that one process of a deployment runs at a time', () => {
  it('runs once an interval between all processes when it is periodic (every)', async () => {
    const database = await freshDatabase();
    const other = openPool(database.url);
    try {
      const processes = [pgRepositories(database.pool), pgRepositories(other)];
      let runs = 0;
      const sweep = async () => {
        runs++;
      };
      // Four ticks of two processes within one interval: one sweep.
      for (let tick = 0; tick < 4; tick++)
        await processes[tick % 2]!.runAlone('sweep', sweep, { every: 2000 });
      expect(runs).toBe(1);
      // Another kind of work, or the same after its interval, runs.
      expect((await processes[1]!.runAlone('retention', sweep, { every: 2000 })).ran).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 2100));
      expect((await processes[1]!.runAlone('sweep', sweep, { every: 2000 })).ran).toBe(true);
      expect(runs).toBe(3);
      // Without `every`, work runs whenever nobody else is running it.
      expect((await processes[0]!.runAlone('sweep', sweep)).ran).toBe(true);
    } finally {
      await other.end();
      await database.drop();
    }
  });

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

describe.runIf(postgresFor('voucher numbers'))('a voucher number on PostgreSQL', () => {
  it('is one case’s within its institution: a second case showing it is refused, another institution may have it', async () => {
    const database = await freshDatabase();
    try {
      await new PgInstitutionRepository(database.pool).add({
        id: 'other',
        name: '다른 도서관',
        baseUrl: 'http://other.test',
        profile: null,
      });
      const here = pgRepositories(database.pool).cases;
      const there = pgRepositories(database.pool, 'other').cases;
      const voucher = {
        number: '2026-0001',
        amountKrw: 5000,
        kind: '문화상품권',
        issuedAt: '2026-05-09T00:00:00.000Z',
        issuedBy: 'cardbox',
      };
      const [first, second, elsewhere] = [caseRecord(), caseRecord(), caseRecord()];
      for (const record of [first!, second!]) await here.insert(record);
      await there.insert(elsewhere!);
      await here.update(first!.id, (c) => {
        c.vouchers = [voucher];
      });
      // Written again (handed to the visitor): still its own number.
      await here.update(first!.id, (c) => {
        c.vouchers![0]!.handedAt = '2026-05-10T00:00:00.000Z';
      });
      await expect(
        here.update(second!.id, (c) => {
          c.vouchers = [{ ...voucher }];
        }),
      ).rejects.toMatchObject({ code: '23505' });
      expect((await here.get(second!.id))?.vouchers).toBeUndefined();
      await there.update(elsewhere!.id, (c) => {
        c.vouchers = [{ ...voucher }];
      });
      expect((await there.get(elsewhere!.id))?.vouchers?.[0]?.number).toBe('2026-0001');
    } finally {
      await database.drop();
    }
  });
});

/** Records stored as they were before migration `step`, then migrated: what `column` holds for each. */
async function afterMigration(step: string, records: CaseRecord[], column: string): Promise<unknown[]> {
  const { MIGRATIONS } = await import('../../src/repositories/pg/migrations.ts');
  const { migrate } = await import('../../src/repositories/pg/migrate.ts');
  const database = await freshDatabase({ migrated: false });
  try {
    await migrate(
      database.pool,
      MIGRATIONS.filter((s) => s.id < step),
    );
    for (const record of records)
      await database.pool.query(
        `INSERT INTO cases (institution_id, id, record, serial, status, received_at, unconfirmed_reading)
         VALUES ('default', $1, $2, $3, $4, now(), false)`,
        [record.id, JSON.stringify(record), record.serial, record.status],
      );
    expect((await migrate(database.pool))[0]?.startsWith(`${step}-`)).toBe(true);
    const { rows } = await database.pool.query<{ id: string; value: unknown }>(
      `SELECT id, ${column} AS value FROM cases`,
    );
    const stored = new Map(rows.map((r) => [r.id, r.value]));
    return records.map((r) => stored.get(r.id));
  } finally {
    await database.drop();
  }
}

describe.runIf(postgresFor('migration 0004'))('cases stored before migration 0004', () => {
  it('are marked as holding personal data exactly as a write would mark them', async () => {
    const { holdsPersonalData } = await import('../../src/repositories/cases.ts');
    const reading = (fields: Record<string, unknown>) =>
      ({ fields, checks: {}, needsReview: [], photoIds: [] }) as unknown as CaseRecord['reading'];
    const records = [
      caseRecord({ contact: { sealed: 'x' } as unknown as CaseRecord['contact'] }),
      caseRecord({ reading: reading({}) }),
      caseRecord({
        reading: reading({ email: { sealed: { iv: 'x' }, text: '', confidence: 1 } }),
        filesPurgedAt: 'x',
      }),
      caseRecord({ reading: reading({ phone: { text: '', confidence: 1 } }), filesPurgedAt: 'x' }),
      caseRecord(),
    ];
    expect(await afterMigration('0004', records, 'holds_personal_data')).toEqual(
      records.map(holdsPersonalData),
    );
    expect(records.map(holdsPersonalData)).toEqual([true, true, true, false, false]);
  });
});

describe.runIf(postgresFor('migration 0006'))('cases stored before migration 0006', () => {
  it('get the instant the sweep first has something due for them exactly as a write would set it', async () => {
    const { attentionAt } = await import('../../src/repositories/cases.ts');
    const officer = { userId: 'u1', name: '김담당', department: '자료봉사과', phone: '02-000-0000' };
    const breach = (dueAt: string) => ({ rule: 'suggestion', dueAt, detectedAt: dueAt });
    const records = [
      caseRecord(),
      caseRecord({ breaches: [breach('2026-05-08T15:00:00.000Z')] }),
      caseRecord({
        breaches: [breach('2026-05-08T15:00:00.000Z')],
        promisedAt: '2026-05-12T15:00:00.000Z',
      }),
      caseRecord({ promisedAt: '2026-05-12T15:00:00.000Z' }),
      caseRecord({ officer }),
      caseRecord({ officer, remindedFor: '2026-05-08T15:00:00.000Z' }),
      caseRecord({
        officer,
        breaches: [breach('2026-05-08T15:00:00.000Z')],
        promisedAt: '2026-05-12T15:00:00.000Z',
        remindedFor: '2026-05-08T15:00:00.000Z',
      }),
      caseRecord({ status: 'answered', answeredAt: '2026-05-02T00:00:00.000Z' }),
      caseRecord({ status: 'closed' }),
    ];
    const migrated = await afterMigration('0006', records, 'attention_at');
    expect(migrated.map((at) => (at instanceof Date ? at.toISOString() : at))).toEqual(
      records.map(attentionAt),
    );
    expect(records.map(attentionAt)).toEqual([
      '2026-05-08T15:00:00.000Z',
      null,
      '2026-05-12T15:00:00.000Z',
      '2026-05-08T15:00:00.000Z',
      '2026-04-24T15:00:00.000Z',
      '2026-05-08T15:00:00.000Z',
      '2026-04-28T15:00:00.000Z',
      null,
      null,
    ]);
  });
});
