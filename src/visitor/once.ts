/**
 * Runs a task once per key for a while: a second call with the same key (a double click, a resent form)
 * gets the first call's result instead of doing the work again. Failed tasks are forgotten, so a retry
 * runs again. In memory, bounded.
 */
export class Once<T> {
  readonly #results = new Map<string, { promise: Promise<T>; at: number }>();

  constructor(
    readonly ttlMs = 30 * 60_000,
    readonly maxKeys = 10_000,
  ) {}

  run(key: string, task: () => Promise<T>, now = Date.now()): Promise<T> {
    const known = this.#results.get(key);
    if (known && now - known.at < this.ttlMs) return known.promise;
    if (this.#results.size >= this.maxKeys) this.#prune(now);
    const promise = task();
    this.#results.set(key, { promise, at: now });
    promise.catch(() => this.#results.delete(key));
    return promise;
  }

  #prune(now: number): void {
    for (const [key, entry] of this.#results) if (now - entry.at >= this.ttlMs) this.#results.delete(key);
    for (const key of this.#results.keys()) {
      if (this.#results.size < this.maxKeys) break;
      this.#results.delete(key);
    }
  }
}
