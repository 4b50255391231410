import type { PrintBatch, SerialRecord } from '../../store/records.ts';
import type { RegistryRepository } from '../registry.ts';
import { db, inTransaction, type PgScope } from './db.ts';
import { PgTable, where } from './table.ts';

/** The registry in PostgreSQL: a serial is unique across every institution of the database. */
export class PgRegistryRepository implements RegistryRepository {
  readonly #batches: PgTable<PrintBatch>;
  readonly #serials: PgTable<SerialRecord>;

  constructor(scope: PgScope) {
    this.#batches = new PgTable(scope, {
      table: 'print_batches',
      key: (b) => b.id,
      columns: (b) => ({ printed: b.format !== 'none', created_at: b.createdAt }),
    });
    this.#serials = new PgTable(scope, {
      table: 'serials',
      key: (s) => s.serial,
      columns: (s) => ({ batch_id: s.batch, origin: s.origin }),
    });
  }

  issue(batch: PrintBatch, serials: readonly SerialRecord[]): Promise<boolean> {
    const scope = this.#batches.scope;
    return inTransaction(scope, async (client) => {
      await client.query('SAVEPOINT issue');
      if (!(await this.#batches.on(client).insert(batch))) return rollback();
      // One statement for the whole batch: a thousand serials are one round trip.
      const { rowCount } = await client.query(
        `INSERT INTO serials (institution_id, id, batch_id, origin, record)
         SELECT $1, s->>'serial', s->>'batch', s->>'origin', s
         FROM json_array_elements($2::json) WITH ORDINALITY AS t(s, n) ORDER BY n
         ON CONFLICT DO NOTHING`,
        [scope.institution, JSON.stringify(serials)],
      );
      if (rowCount !== serials.length) return rollback();
      await client.query('RELEASE SAVEPOINT issue');
      return true;

      async function rollback(): Promise<false> {
        await client.query('ROLLBACK TO SAVEPOINT issue');
        return false;
      }
    });
  }

  async withdraw(batchId: string): Promise<void> {
    await inTransaction(this.#batches.scope, async (client) => {
      await this.#serials.on(client).remove(where(['batch_id = ?', batchId]));
      await this.#batches.on(client).remove(where(['id = ?', batchId]));
    });
  }

  find(serial: string): Promise<SerialRecord | undefined> {
    return this.#serials.get(serial);
  }

  async issuedSerials(): Promise<Iterable<string>> {
    const { rows } = await db(this.#serials.scope).query<{ id: string }>(
      'SELECT id FROM serials WHERE institution_id = $1',
      [this.#serials.scope.institution],
    );
    return rows.map((row) => row.id);
  }

  batches(query: { printed?: boolean } = {}): Promise<PrintBatch[]> {
    return this.#batches.list(where(query.printed !== undefined && ['printed = ?', query.printed]));
  }

  batch(id: string): Promise<PrintBatch | undefined> {
    return this.#batches.get(id);
  }

  serialsOf(batchId: string): Promise<SerialRecord[]> {
    return this.#serials.list(where(['batch_id = ?', batchId]));
  }

  async anyIssued(origin: SerialRecord['origin']): Promise<boolean> {
    return (await this.#serials.list(where(['origin = ?', origin]), 'LIMIT 1')).length > 0;
  }

  async earliestIssued(): Promise<string | undefined> {
    return (await this.#batches.list(undefined, 'ORDER BY created_at LIMIT 1'))[0]?.createdAt;
  }
}
