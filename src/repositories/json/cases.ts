import { CapacityError } from '../../errors.ts';
import type { CaseEntry } from '../../store/journals.ts';
import type { CaseRecord, CasesFile } from '../../store/records.ts';
import type { Table } from '../../store/table.ts';
import {
  type CaseQuery,
  type CaseRepository,
  hasUnconfirmedReading,
  holdsPersonalData,
  needsAttentionBy,
  SerialTakenError,
} from '../cases.ts';

interface Indexes {
  byId: Map<string, CaseRecord>;
  /** By serial, or by id for a case without one (an unidentified card). */
  bySerial: Map<string, CaseRecord>;
  bySubmission: Map<string, CaseRecord>;
}

/**
 * Cases in the embedded store: `cases.json` with its journal (a new or changed case costs one line, not a
 * rewrite). The indexes are rebuilt whenever the table is read again from disk (after a failed write), so
 * they never point at records that are not what is on disk.
 */
export class JsonCaseRepository implements CaseRepository {
  readonly #table: Table<CasesFile, CaseEntry>;
  readonly #indexes: () => Indexes;

  readonly #maxCases: number;

  constructor(table: Table<CasesFile, CaseEntry>, options: { maxCases?: number } = {}) {
    this.#table = table;
    this.#maxCases = options.maxCases ?? Number.POSITIVE_INFINITY;
    this.#indexes = table.derived((data) => {
      const indexes: Indexes = { byId: new Map(), bySerial: new Map(), bySubmission: new Map() };
      for (const record of data.cases) index(indexes, record);
      return indexes;
    });
  }

  async get(id: string): Promise<CaseRecord | undefined> {
    return this.#find(id);
  }

  async getBySerial(serial: string): Promise<CaseRecord | undefined> {
    return this.#indexes().bySerial.get(serial);
  }

  async countWithSerials(serials: readonly string[]): Promise<number> {
    const { bySerial } = this.#indexes();
    let found = 0;
    for (const serial of new Set(serials)) if (bySerial.has(serial)) found++;
    return found;
  }

  async getBySubmission(submissionId: string): Promise<CaseRecord | undefined> {
    return this.#indexes().bySubmission.get(submissionId);
  }

  async insert(record: CaseRecord): Promise<{ record: CaseRecord; created: boolean }> {
    let stored: CaseRecord | undefined;
    await this.#table.append((data) => {
      // Checked where the record is added: two requests for one serial may both have looked before.
      stored = this.#taken(record);
      if (stored) return null;
      if (data.cases.length >= this.#maxCases)
        throw new CapacityError(
          `이 데이터 폴더에는 의견을 ${this.#maxCases.toLocaleString('ko-KR')}건까지 담습니다. 더 받으려면 PostgreSQL로 옮겨 주세요 (docs/architecture.md). ` +
            `(The embedded store holds at most ${this.#maxCases} cases, CARDBOX_MAX_CASES; move to PostgreSQL to take more.)`,
        );
      data.cases.push(record);
      index(this.#indexes(), record);
      return { add: record };
    });
    return stored ? { record: stored, created: false } : { record, created: true };
  }

  async update<R>(id: string, change: (record: CaseRecord) => R): Promise<{ result: R } | undefined> {
    let outcome: { result: R } | undefined;
    await this.#table.append(() => {
      const record = this.#find(id);
      if (!record) return null;
      outcome = { result: change(record) };
      return { put: [record] };
    });
    return outcome;
  }

  async updateEach(
    ids: readonly string[],
    change: (record: CaseRecord) => boolean | undefined,
  ): Promise<CaseRecord[]> {
    const changed: CaseRecord[] = [];
    await this.#table.append(() => {
      for (const id of new Set(ids)) {
        const record = this.#find(id);
        if (record && change(record) !== false) changed.push(record);
      }
      return changed.length ? { put: changed } : null;
    });
    return changed;
  }

  async setSerial(id: string, serial: string): Promise<CaseRecord> {
    const result = await this.update(id, (record) => {
      const other = this.#indexes().bySerial.get(serial);
      if (other && other.id !== id) throw new SerialTakenError(serial);
      this.#indexes().bySerial.delete(record.serial ?? record.id);
      record.serial = serial;
      this.#indexes().bySerial.set(serial, record);
      return record;
    });
    if (!result) throw new Error(`no case ${id}`);
    return result.result;
  }

  async list(query: CaseQuery = {}): Promise<CaseRecord[]> {
    const all = this.#table.data.cases;
    if (Object.keys(query).length === 0) return all;
    const status = query.status ? new Set(query.status) : undefined;
    return all.filter(
      (c) =>
        (!status || status.has(c.status)) &&
        (!query.receivedFrom || c.receivedAt >= query.receivedFrom) &&
        (!query.receivedBefore || c.receivedAt < query.receivedBefore) &&
        (!query.officer || c.officer?.userId === query.officer) &&
        (query.unconfirmedReading === undefined || query.unconfirmedReading === hasUnconfirmedReading(c)) &&
        (query.holdingPersonalData === undefined || query.holdingPersonalData === holdsPersonalData(c)) &&
        (query.attentionBy === undefined || needsAttentionBy(c, query.attentionBy)),
    );
  }

  async count(): Promise<number> {
    return this.#table.data.cases.length;
  }

  async earliestReceived(): Promise<string | undefined> {
    let first: string | undefined;
    for (const c of this.#table.data.cases) if (!first || c.receivedAt < first) first = c.receivedAt;
    return first;
  }

  #find(id: string): CaseRecord | undefined {
    const found = this.#indexes().byId.get(id);
    if (found) return found;
    // A case put into the table by other code than `insert` (a seed, an import) is found by a scan.
    const scanned = this.#table.data.cases.find((c) => c.id === id);
    if (scanned) index(this.#indexes(), scanned);
    return scanned;
  }

  #taken(record: CaseRecord): CaseRecord | undefined {
    const { bySerial, bySubmission } = this.#indexes();
    return (
      (record.serial ? bySerial.get(record.serial) : undefined) ??
      (record.submissionId ? bySubmission.get(record.submissionId) : undefined)
    );
  }
}

function index(indexes: Indexes, record: CaseRecord): void {
  indexes.byId.set(record.id, record);
  indexes.bySerial.set(record.serial ?? record.id, record);
  if (record.submissionId) indexes.bySubmission.set(record.submissionId, record);
}
