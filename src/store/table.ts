import { open, readFile, truncate } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Low } from 'lowdb';
import { DurableJsonFile } from './durable-json-file.ts';
import { type Journal, journalEntries } from './journals.ts';

export type { Journal } from './journals.ts';

type Waiter = { resolve: () => void; reject: (error: Error) => void };

/**
 * Past this many journal bytes, or a quarter of the file's size if that is more, the next write rewrites the
 * whole file and empties the journal: a big table (500k cases, 700 MB) is not rewritten every 8 MB of changes,
 * which would hold every change waiting behind a rewrite of the whole file.
 */
const COMPACT_AFTER_BYTES = 8 * 1024 * 1024;

/**
 * One lowdb file. Reads come straight from memory. `update` changes the data synchronously and resolves once
 * the whole file is durably rewritten; updates arriving while a write runs are committed together by the next
 * write (group commit). A table with a journal also has `append`: the change is recorded as one line in
 * `<file>.journal` (fsync'ed, likewise grouped), so adding a record costs its own size, not the whole file's.
 * The journal is folded into the file by the next full write and replayed when the table is opened. A write
 * that fails is undone in memory (the table is read again from disk) and every change not on disk is refused.
 */
export class Table<T, J = never> {
  readonly #db: Low<T>;
  readonly #adapter: DurableJsonFile<T>;
  readonly #journalFile: string;
  readonly #defaults: () => T;
  readonly #journal: Journal<T, J> | undefined;
  #pendingFull: Waiter[] = [];
  #pendingLines: { line: string; waiter: Waiter }[] = [];
  #journalBytes = 0;
  #fileBytes = 0;
  #writing = false;
  #generation = 0;

  private constructor(
    file: string,
    defaults: () => T,
    journal: Journal<T, J> | undefined,
    check: ((value: unknown) => T) | undefined,
  ) {
    this.#adapter = new DurableJsonFile<T>(file, check);
    this.#db = new Low(this.#adapter, defaults());
    this.#journalFile = `${file}.journal`;
    this.#defaults = defaults;
    this.#journal = journal;
  }

  static async open<T, J = never>(
    file: string,
    defaults: () => T,
    journal?: Journal<T, J>,
    /** Checks the file's shape when it is read (`schemas.ts`): a file of the wrong shape is refused, named. */
    check?: (value: unknown) => T,
  ): Promise<Table<T, J>> {
    const table = new Table<T, J>(file, defaults, journal, check);
    const journalBytes = await table.#readFromDisk();
    if (journalBytes > 0) {
      table.#journalBytes = journalBytes;
      await table.update(() => {});
    }
    return table;
  }

  /** Sets the data to what is on disk (file, then journal); returns the journal's length in bytes. */
  async #readFromDisk(): Promise<number> {
    // Not lowdb's read: with no file it would hand back its default object, which earlier changes mutated.
    const data: T = { ...this.#defaults(), ...((await this.#adapter.read()) ?? {}) };
    let text = '';
    if (this.#journal) {
      text = await readFile(this.#journalFile, 'utf8').catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return '';
        throw error;
      });
      this.#journal.replay(data, journalEntries(this.#journalFile, text, this.#journal.entry));
    }
    this.#fileBytes = await this.#adapter.size();
    // Replaced only once file and journal are both read: never half of what is on disk.
    this.#db.data = data;
    this.#generation++;
    return Buffer.byteLength(text);
  }

  get data(): T {
    return this.#db.data;
  }

  /**
   * Counts the times the data was replaced by what is on disk (after a failed write): an index built on the
   * data holds objects of an older generation and must be rebuilt. See `derived`.
   */
  get generation(): number {
    return this.#generation;
  }

  /** A value computed from the data (an index), rebuilt on first use after the data was read again from disk. */
  derived<I>(build: (data: T) => I): () => I {
    let value: I | undefined;
    let builtFor = -1;
    return () => {
      if (builtFor !== this.#generation || value === undefined) {
        value = build(this.#db.data);
        builtFor = this.#generation;
      }
      return value;
    };
  }

  /** Applies `change` now and resolves with its result once the whole file is on disk. */
  async update<R>(change: (data: T) => R): Promise<R> {
    const result = change(this.#db.data);
    await this.#enqueue((waiter) => this.#pendingFull.push(waiter));
    return result;
  }

  /**
   * Applies `change` now; it returns the journal entry describing what it did (replayed on the next open), or
   * null when it changed nothing. Resolves with that entry once it is on disk.
   */
  async append(change: (data: T) => J | null): Promise<J | null> {
    const entry = change(this.#db.data);
    if (entry === null) return null;
    const line = `${JSON.stringify(entry)}\n`;
    await this.#enqueue((waiter) => this.#pendingLines.push({ line, waiter }));
    return entry;
  }

  /** Folds the journal into the file (used when the store closes, so the folder is left tidy). */
  compact(): Promise<void> {
    return this.#journalBytes > 0 ? this.update(() => {}) : this.flush();
  }

  /** Resolves once everything changed so far is on disk. */
  flush(): Promise<void> {
    const idle = !this.#writing && this.#pendingFull.length === 0 && this.#pendingLines.length === 0;
    return idle ? Promise.resolve() : this.#enqueue((waiter) => this.#pendingFull.push(waiter));
  }

  #enqueue(add: (waiter: Waiter) => void): Promise<void> {
    const done = new Promise<void>((resolve, reject) => add({ resolve, reject }));
    if (!this.#writing) void this.#writeLoop();
    return done;
  }

  async #writeLoop(): Promise<void> {
    this.#writing = true;
    while (this.#pendingFull.length > 0 || this.#pendingLines.length > 0) {
      const full =
        this.#pendingFull.length > 0 ||
        this.#journalBytes > Math.max(COMPACT_AFTER_BYTES, this.#fileBytes / 4);
      const waiters = [...this.#pendingFull, ...this.#pendingLines.map((p) => p.waiter)];
      const lines = this.#pendingLines.map((p) => p.line).join('');
      this.#pendingFull = [];
      this.#pendingLines = [];
      try {
        if (full) {
          // The snapshot holds every appended change too, so the journal can be emptied once it is on disk.
          await this.#adapter.write(this.#db.data);
          this.#fileBytes = await this.#adapter.size();
          if (this.#journalBytes > 0) await truncate(this.#journalFile, 0);
          this.#journalBytes = 0;
        } else {
          await appendDurably(this.#journalFile, lines, this.#journalBytes === 0);
          this.#journalBytes += Buffer.byteLength(lines);
        }
        for (const waiter of waiters) waiter.resolve();
      } catch (error) {
        // What is in memory must be what is on disk: the changes of this write are undone by reading the
        // table again, and so are those made since (they were made on top of them), so every caller whose
        // change is not on disk is told so, and none is told a change is saved that is not.
        if (!full) await truncate(this.#journalFile, this.#journalBytes).catch(() => {});
        const later = [...this.#pendingFull, ...this.#pendingLines.map((p) => p.waiter)];
        this.#pendingFull = [];
        this.#pendingLines = [];
        await this.#readFromDisk().then(
          (bytes) => {
            this.#journalBytes = bytes;
          },
          () => {},
        );
        for (const waiter of [...waiters, ...later]) waiter.reject(error as Error);
      }
    }
    this.#writing = false;
  }
}

async function appendDurably(file: string, text: string, mayBeNew: boolean): Promise<void> {
  const handle = await open(file, 'a', 0o600);
  try {
    await handle.appendFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  // A journal just created exists only once its folder entry is on disk too.
  if (mayBeNew) {
    const folder = await open(dirname(file), 'r');
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
  }
}
