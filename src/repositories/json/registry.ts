import type { RegistryEntry } from '../../store/journals.ts';
import type { PrintBatch, RegistryFile, SerialRecord } from '../../store/records.ts';
import type { Table } from '../../store/table.ts';
import type { RegistryRepository } from '../registry.ts';

interface Indexes {
  bySerial: Map<string, SerialRecord>;
  byBatch: Map<string, SerialRecord[]>;
}

/** The registry in the embedded store: `registry.json` with its journal (a batch costs one line). */
export class JsonRegistryRepository implements RegistryRepository {
  readonly #table: Table<RegistryFile, RegistryEntry>;
  readonly #indexes: () => Indexes;

  constructor(table: Table<RegistryFile, RegistryEntry>) {
    this.#table = table;
    // Rebuilt whenever the registry is read again from disk (after a failed write).
    this.#indexes = table.derived((data) => {
      const indexes: Indexes = { bySerial: new Map(), byBatch: new Map() };
      for (const record of data.serials) index(indexes, record);
      return indexes;
    });
  }

  async issue(batch: PrintBatch, serials: readonly SerialRecord[]): Promise<boolean> {
    const entry = await this.#table.append((data) => {
      const { bySerial } = this.#indexes();
      if (serials.some((s) => bySerial.has(s.serial))) return null;
      data.batches.push(batch);
      data.serials.push(...serials);
      for (const record of serials) index(this.#indexes(), record);
      return { batch, serials: [...serials] };
    });
    return entry !== null;
  }

  async withdraw(batchId: string): Promise<void> {
    await this.#table.update((data) => {
      const indexes = this.#indexes();
      for (const record of indexes.byBatch.get(batchId) ?? []) indexes.bySerial.delete(record.serial);
      indexes.byBatch.delete(batchId);
      data.batches = data.batches.filter((b) => b.id !== batchId);
      data.serials = data.serials.filter((s) => s.batch !== batchId);
    });
  }

  async find(serial: string): Promise<SerialRecord | undefined> {
    return this.#indexes().bySerial.get(serial);
  }

  async issuedSerials(): Promise<Iterable<string>> {
    // Iterable again and again (not one iterator), and current: serials issued later are seen too.
    return { [Symbol.iterator]: () => this.#indexes().bySerial.keys() };
  }

  async batches(query: { printed?: boolean } = {}): Promise<PrintBatch[]> {
    const all = this.#table.data.batches;
    return query.printed === undefined
      ? [...all]
      : all.filter((b) => (b.format !== 'none') === query.printed);
  }

  async batch(id: string): Promise<PrintBatch | undefined> {
    return this.#table.data.batches.find((b) => b.id === id);
  }

  async serialsOf(batchId: string): Promise<SerialRecord[]> {
    return [...(this.#indexes().byBatch.get(batchId) ?? [])];
  }

  async anyIssued(origin: SerialRecord['origin']): Promise<boolean> {
    return this.#table.data.serials.some((s) => s.origin === origin);
  }

  async earliestIssued(): Promise<string | undefined> {
    let first: string | undefined;
    for (const b of this.#table.data.batches)
      if (first === undefined || b.createdAt < first) first = b.createdAt;
    return first;
  }
}

function index(indexes: Indexes, record: SerialRecord): void {
  indexes.bySerial.set(record.serial, record);
  const batch = indexes.byBatch.get(record.batch);
  if (batch) batch.push(record);
  else indexes.byBatch.set(record.batch, [record]);
}
