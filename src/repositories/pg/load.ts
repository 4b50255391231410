import type pg from 'pg';
import type { Sealed } from '../../store/records.ts';
import type { EmbeddedDump } from '../json/dump.ts';
import { pgRepositories } from './index.ts';

/** How many records of each kind there are: in the folder, and in the database after the move. */
export type Counts = Record<keyof EmbeddedDump, number>;

export function countsOf(dump: EmbeddedDump): Counts {
  const counts = {} as Counts;
  for (const [kind, items] of Object.entries(dump))
    counts[kind as keyof EmbeddedDump] = Array.isArray(items) ? items.length : Object.keys(items).length;
  return counts;
}

/**
 * Moves an embedded folder's records into the database as institution `institution` (already added), in one transaction (a
 * failure leaves nothing behind), refused when the institution already has records. `reseal` turns each sealed
 * value (a contact, a contact draft) from the folder's key into the database's. Resolves with the counts found
 * in the database afterwards, kind by kind, for the caller to compare with the folder's.
 */
export async function loadEmbedded(
  pool: pg.Pool,
  institution: string,
  dump: EmbeddedDump,
  reseal: (sealed: Sealed) => Sealed,
): Promise<Counts> {
  const repos = pgRepositories(pool, institution);
  await repos.transaction(async (tx) => {
    if ((await tx.cases.count()) > 0 || (await tx.users.list()).length > 0)
      throw new Error(
        `데이터베이스의 기관 ${institution}에는 이미 기록이 있어 옮기지 않습니다. 다른 --institution을 쓰세요. ` +
          `(Institution ${institution} already has records in the database; nothing was moved. Use another --institution.)`,
      );
    for (const user of dump.users) await tx.users.insert(user);
    for (const batch of dump.batches) {
      const serials = dump.serials.filter((s) => s.batch === batch.id);
      if (!(await tx.registry.issue(batch, serials)))
        throw new Error(`a serial of batch ${batch.id} is already another institution's: nothing was moved`);
    }
    for (const record of dump.cases) {
      const { created } = await tx.cases.insert(resealAll(record, reseal));
      if (!created)
        throw new Error(`case ${record.id} (${record.serial}) is already in the database: nothing was moved`);
    }
    for (const entry of dump.audit) await tx.audit.append(entry);
    for (const message of dump.outbox) await tx.outbox.add(message);
    for (const item of dump.plans) await tx.plans.add(item);
    for (const step of dump.milestones) await tx.plans.setMilestone(step.year, step.kind, step);
    for (const batch of dump.digitizeBatches) await tx.digitize.addBatch(batch);
    for (const photo of dump.photos) await tx.digitize.addPhoto(photo);
    for (const card of dump.unidentified) await tx.digitize.addUnidentified(card);
    for (const [counter, last] of Object.entries(dump.counters))
      await tx.sequences.take(counter, 0, async () => last);
  });
  return countIn(pool, institution);
}

/** Every sealed value inside a record (any object of exactly iv, tag and data), sealed again. */
function resealAll<T>(record: T, reseal: (sealed: Sealed) => Sealed): T {
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (value === null || typeof value !== 'object') return value;
    const object = value as Record<string, unknown>;
    const keys = Object.keys(object);
    if (keys.length === 3 && ['iv', 'tag', 'data'].every((k) => typeof object[k] === 'string'))
      return reseal(object as unknown as Sealed);
    return Object.fromEntries(keys.map((k) => [k, walk(object[k])]));
  };
  return walk(record) as T;
}

async function countIn(pool: pg.Pool, institution: string): Promise<Counts> {
  const tables: Record<keyof EmbeddedDump, string> = {
    users: 'users',
    batches: 'print_batches',
    serials: 'serials',
    cases: 'cases',
    audit: 'audit',
    outbox: 'outbox',
    plans: 'plans',
    milestones: 'milestones',
    digitizeBatches: 'digitize_batches',
    photos: 'photos',
    unidentified: 'unidentified_cards',
    counters: 'sequences',
  };
  const counts = {} as Counts;
  for (const [kind, table] of Object.entries(tables)) {
    const { rows } = await pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM ${table} WHERE institution_id = $1`,
      [institution],
    );
    counts[kind as keyof EmbeddedDump] = Number(rows[0]!.n);
  }
  return counts;
}
