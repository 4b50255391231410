import { Low } from 'lowdb';
import { DurableJsonFile } from './durable-json-file.ts';

type Waiter = { resolve: () => void; reject: (error: Error) => void };

/**
 * One lowdb file. Reads come straight from memory; `update` changes the data synchronously and resolves once
 * that change is durably on disk. Updates that arrive while a write is running are committed together by the
 * next write (group commit), so a burst of N updates costs a few file writes, not N.
 */
export class Table<T> {
  readonly #db: Low<T>;
  readonly #adapter: DurableJsonFile<T>;
  #pending: Waiter[] = [];
  #writing = false;

  private constructor(adapter: DurableJsonFile<T>, defaults: T) {
    this.#adapter = adapter;
    this.#db = new Low(adapter, defaults);
  }

  static async open<T>(file: string, defaults: () => T): Promise<Table<T>> {
    const table = new Table(new DurableJsonFile<T>(file), defaults());
    await table.#db.read();
    table.#db.data = { ...defaults(), ...table.#db.data };
    return table;
  }

  get data(): T {
    return this.#db.data;
  }

  /** Applies `change` now and resolves with its result once the change is on disk. */
  async update<R>(change: (data: T) => R): Promise<R> {
    const result = change(this.#db.data);
    await this.#commit();
    return result;
  }

  /** Resolves once everything changed so far is on disk. */
  flush(): Promise<void> {
    return this.#pending.length === 0 && !this.#writing ? Promise.resolve() : this.#commit();
  }

  #commit(): Promise<void> {
    const done = new Promise<void>((resolve, reject) => this.#pending.push({ resolve, reject }));
    if (!this.#writing) void this.#writeLoop();
    return done;
  }

  async #writeLoop(): Promise<void> {
    this.#writing = true;
    while (this.#pending.length > 0) {
      const batch = this.#pending;
      this.#pending = [];
      try {
        await this.#adapter.writeText(JSON.stringify(this.#db.data));
        for (const waiter of batch) waiter.resolve();
      } catch (error) {
        for (const waiter of batch) waiter.reject(error as Error);
      }
    }
    this.#writing = false;
  }
}
