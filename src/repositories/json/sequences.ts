import type { SequencesFile } from '../../store/records.ts';
import type { Table } from '../../store/table.ts';
import type { SequenceRepository } from '../sequences.ts';

/** Counters in the embedded store (`sequences.json`). */
export class JsonSequenceRepository implements SequenceRepository {
  readonly #table: Table<SequencesFile>;
  #taking: Promise<unknown> = Promise.resolve();

  constructor(table: Table<SequencesFile>) {
    this.#table = table;
  }

  take(name: string, count: number, last: () => Promise<number>): Promise<number> {
    // One at a time: `last` is awaited before the counter is stored, and two takes must not both start from it.
    const taken = this.#taking.then(async () => {
      const start = this.#table.data.counters[name] ?? (await last());
      await this.#table.update((data) => {
        data.counters[name] = start + count;
      });
      return start + 1;
    });
    this.#taking = taken.catch(() => {});
    return taken;
  }
}
