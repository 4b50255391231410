import type { CaseRecord } from '../../store/records.ts';
import {
  attentionAt,
  type CaseQuery,
  type CaseRepository,
  hasUnconfirmedReading,
  holdsPersonalData,
  SerialTakenError,
} from '../cases.ts';
import { db, inTransaction, isUniqueViolation, type PgScope } from './db.ts';
import { PgTable, where } from './table.ts';

/** Cases in PostgreSQL: one row each, serial and form id unique (across institutions for the serial). */
export class PgCaseRepository implements CaseRepository {
  readonly #rows: PgTable<CaseRecord>;

  constructor(scope: PgScope) {
    this.#rows = new PgTable(scope, {
      table: 'cases',
      key: (c) => c.id,
      columns: (c) => ({
        serial: c.serial,
        submission_id: c.submissionId ?? null,
        status: c.status,
        received_at: c.receivedAt,
        officer: c.officer?.userId ?? null,
        unconfirmed_reading: hasUnconfirmedReading(c),
        holds_personal_data: holdsPersonalData(c),
        attention_at: attentionAt(c),
      }),
    });
  }

  get(id: string): Promise<CaseRecord | undefined> {
    return this.#rows.get(id);
  }

  getBySerial(serial: string): Promise<CaseRecord | undefined> {
    return this.#rows.first(where(['serial = ?', serial]));
  }

  countWithSerials(serials: readonly string[]): Promise<number> {
    return this.#rows.count(where(['serial = ANY(?::text[])', [...new Set(serials)]]));
  }

  async getBySubmission(submissionId: string): Promise<CaseRecord | undefined> {
    return (await this.#rows.list(where(['submission_id = ?', submissionId])))[0];
  }

  async insert(record: CaseRecord): Promise<{ record: CaseRecord; created: boolean }> {
    if (await this.#rows.insert(record)) return { record, created: true };
    // Taken: the stored case of that serial or form (also when the winner of a race was another institution's).
    const stored =
      (record.serial ? await this.getBySerial(record.serial) : undefined) ??
      (record.submissionId ? await this.getBySubmission(record.submissionId) : undefined) ??
      (await this.get(record.id));
    if (!stored) throw new SerialTakenError(record.serial ?? record.id);
    return { record: stored, created: false };
  }

  /** Many cases at once (a seed, a move from the embedded store); resolves with how many were added. */
  insertMany(records: readonly CaseRecord[]): Promise<number> {
    return this.#rows.insertMany(records);
  }

  update<R>(id: string, change: (record: CaseRecord) => R): Promise<{ result: R } | undefined> {
    return this.#rows.update(id, change);
  }

  updateEach(
    ids: readonly string[],
    change: (record: CaseRecord) => boolean | undefined,
  ): Promise<CaseRecord[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.#rows.updateWhere(where(['id = ANY(?::text[])', [...new Set(ids)]]), change);
  }

  async setSerial(id: string, serial: string): Promise<CaseRecord> {
    const scope = this.#rows.scope;
    try {
      const result = await inTransaction(scope, async (client) => {
        const taken = await client.query(
          'SELECT 1 FROM cases WHERE serial = $1 AND NOT (institution_id = $2 AND id = $3)',
          [serial, scope.institution, id],
        );
        if (taken.rowCount) throw new SerialTakenError(serial);
        return this.#rows.on(client).update(id, (record) => {
          record.serial = serial;
          return record;
        });
      });
      if (!result) throw new Error(`no case ${id}`);
      return result.result;
    } catch (error) {
      if (isUniqueViolation(error)) throw new SerialTakenError(serial);
      throw error;
    }
  }

  list(query: CaseQuery = {}): Promise<CaseRecord[]> {
    return this.#rows.list(
      where(
        query.status !== undefined && ['status = ANY(?::text[])', [...query.status]],
        query.receivedFrom !== undefined && ['received_at >= ?::timestamptz', query.receivedFrom],
        query.receivedBefore !== undefined && ['received_at < ?::timestamptz', query.receivedBefore],
        query.officer !== undefined && ['officer = ?', query.officer],
        query.unconfirmedReading !== undefined && ['unconfirmed_reading = ?', query.unconfirmedReading],
        query.holdingPersonalData !== undefined && ['holds_personal_data = ?', query.holdingPersonalData],
        query.attentionBy !== undefined && ['attention_at <= ?::timestamptz', query.attentionBy],
      ),
    );
  }

  count(): Promise<number> {
    return this.#rows.count();
  }

  async earliestReceived(): Promise<string | undefined> {
    const { rows } = await db(this.#rows.scope).query<{ record: CaseRecord }>(
      'SELECT record FROM cases WHERE institution_id = $1 ORDER BY received_at LIMIT 1',
      [this.#rows.scope.institution],
    );
    return rows[0]?.record.receivedAt;
  }
}
