/**
 * Slows password guessing: after 5 failures for one account or one client address within 15 minutes, each
 * further attempt must wait, doubling from 1 s up to 15 minutes. Kept in memory: a restart forgives.
 */
const WINDOW_MS = 15 * 60_000;
const FREE_ATTEMPTS = 5;
const MAX_WAIT_MS = 15 * 60_000;

interface Failures {
  count: number;
  last: number;
}

export class LoginThrottle {
  readonly #failures = new Map<string, Failures>();

  /** Milliseconds the caller must still wait before trying again; 0 when allowed. */
  waitFor(keys: string[], now: number): number {
    let wait = 0;
    for (const key of keys) {
      const entry = this.#failures.get(key);
      if (!entry || now - entry.last > WINDOW_MS) continue;
      if (entry.count < FREE_ATTEMPTS) continue;
      const delay = Math.min(MAX_WAIT_MS, 1000 * 2 ** (entry.count - FREE_ATTEMPTS));
      wait = Math.max(wait, entry.last + delay - now);
    }
    return Math.max(0, wait);
  }

  /**
   * Checks and counts one attempt in the same step, before any password is hashed: 0 when it may go ahead
   * (it is counted as a failure until `succeed` forgives it), otherwise the milliseconds still to wait. A
   * check now and a count after the 60–300 ms hash would let a burst of parallel guesses all pass the check.
   */
  attempt(keys: string[], now: number): number {
    const wait = this.waitFor(keys, now);
    if (wait > 0) return wait;
    this.fail(keys, now);
    return 0;
  }

  fail(keys: string[], now: number): void {
    for (const key of keys) {
      const entry = this.#failures.get(key);
      const count = entry && now - entry.last <= WINDOW_MS ? entry.count + 1 : 1;
      this.#failures.set(key, { count, last: now });
    }
    if (this.#failures.size > 10_000) this.#prune(now);
  }

  succeed(keys: string[]): void {
    for (const key of keys) this.#failures.delete(key);
  }

  #prune(now: number): void {
    for (const [key, entry] of this.#failures) if (now - entry.last > WINDOW_MS) this.#failures.delete(key);
  }
}
