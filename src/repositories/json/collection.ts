import type { Table } from '../../store/table.ts';

/**
 * One array of records in a table of the embedded store, keyed by id: the small tables (staff, outbox,
 * plans, digitize jobs) are read from memory and every change is one durable write of their file. A change
 * runs on the stored record, so a check and its change happen together (nothing else runs in between).
 */
export class JsonCollection<F, T> {
  readonly #table: Table<F>;
  readonly #items: (data: F) => T[];
  readonly #key: (item: T) => string;

  constructor(table: Table<F>, items: (data: F) => T[], key: (item: T) => string) {
    this.#table = table;
    this.#items = items;
    this.#key = key;
  }

  all(): T[] {
    return this.#items(this.#table.data);
  }

  get(id: string): T | undefined {
    return this.all().find((item) => this.#key(item) === id);
  }

  /** Adds `item` unless `refuse` (given every stored item) says no; resolves with whether it was added. */
  async insert(item: T, refuse?: (stored: readonly T[]) => boolean): Promise<boolean> {
    return this.#table.update((data) => {
      const items = this.#items(data);
      if (refuse?.(items)) return false;
      items.push(item);
      return true;
    });
  }

  async update<R>(id: string, change: (item: T) => R): Promise<{ result: R } | undefined> {
    return this.#table.update((data) => {
      const item = this.#items(data).find((i) => this.#key(i) === id);
      return item === undefined ? undefined : { result: change(item) };
    });
  }

  /** Runs `change` on every stored item `where` picks; one write, skipped when none is picked. */
  async updateWhere(where: (item: T) => boolean, change: (item: T) => void): Promise<T[]> {
    const picked = this.all().filter(where);
    if (picked.length === 0) return [];
    return this.#table.update((data) => {
      const changed = this.#items(data).filter(where);
      for (const item of changed) change(item);
      return changed;
    });
  }

  /** Removes every stored item `where` picks; resolves with how many. */
  async removeWhere(where: (item: T) => boolean): Promise<number> {
    if (!this.all().some(where)) return 0;
    return this.#table.update((data) => {
      const items = this.#items(data);
      let removed = 0;
      for (let i = items.length - 1; i >= 0; i--) {
        if (!where(items[i]!)) continue;
        items.splice(i, 1);
        removed++;
      }
      return removed;
    });
  }
}
