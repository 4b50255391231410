import type { Context, MiddlewareHandler } from 'hono';
import { clientAddress } from './client.ts';

export interface RateLimitOptions {
  /** Requests allowed per key within one window. */
  limit: number;
  windowMs: number;
  /** What a request is counted against; the client's address by default. */
  key?: (c: Context) => string;
  onLimited?: (c: Context, retryAfterSeconds: number) => Response | Promise<Response>;
  now?: () => number;
}

/** `"20/600"` → 20 requests per 600 s; `"off"` → null (no limit). For settings read from the environment. */
export function parseRateLimit(text: string): { limit: number; windowMs: number } | null {
  if (text === 'off') return null;
  const match = /^(\d+)\/(\d+)$/.exec(text);
  if (!match || Number(match[1]) < 1 || Number(match[2]) < 1) {
    throw new Error(`a rate limit is "COUNT/SECONDS" (e.g. 20/600) or "off", got "${text}"`);
  }
  return { limit: Number(match[1]), windowMs: Number(match[2]) * 1000 };
}

/**
 * Fixed-window counters per key, in memory (a restart forgives). The table is pruned as it grows, so a
 * flood of addresses cannot exhaust memory.
 */
export class FixedWindows {
  readonly #windows = new Map<string, { count: number; resetAt: number }>();
  readonly #limit: number;
  readonly #windowMs: number;

  constructor(limit: number, windowMs: number) {
    if (!(limit >= 1) || !(windowMs >= 1)) {
      throw new Error(`rateLimit: limit and windowMs must be positive, got ${limit}/${windowMs}`);
    }
    this.#limit = limit;
    this.#windowMs = windowMs;
  }

  /** Seconds until `key` may go on when it is over the limit, else 0; counts nothing. */
  check(key: string, at: number): number {
    const window = this.#windows.get(key);
    if (!window || window.resetAt <= at || window.count <= this.#limit) return 0;
    return Math.max(1, Math.ceil((window.resetAt - at) / 1000));
  }

  /** Counts one request of `key`: seconds until it may go on when this one is over the limit, else 0. */
  hit(key: string, at: number): number {
    let window = this.#windows.get(key);
    if (!window || window.resetAt <= at) {
      if (this.#windows.size >= 50_000) prune(this.#windows, at);
      window = { count: 0, resetAt: at + this.#windowMs };
      this.#windows.set(key, window);
    }
    window.count++;
    return window.count > this.#limit ? Math.max(1, Math.ceil((window.resetAt - at) / 1000)) : 0;
  }
}

/**
 * A fixed-window counter per client (`FixedWindows`). Over the limit: status 429 with Retry-After.
 */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler {
  const windows = new FixedWindows(options.limit, options.windowMs);
  const now = options.now ?? Date.now;
  const keyOf = options.key ?? clientAddress;
  return async function limitRate(c, next) {
    const retryAfter = windows.hit(keyOf(c), now());
    if (retryAfter > 0) {
      c.header('Retry-After', String(retryAfter));
      return options.onLimited
        ? options.onLimited(c, retryAfter)
        : c.text(`요청이 너무 많습니다. ${retryAfter}초 뒤에 다시 시도해 주세요. (Too many requests)`, 429);
    }
    await next();
  };
}

function prune(windows: Map<string, { resetAt: number }>, at: number): void {
  for (const [key, window] of windows) if (window.resetAt <= at) windows.delete(key);
  // Still full of live windows: drop the oldest half rather than grow without bound.
  if (windows.size >= 50_000) {
    let drop = windows.size / 2;
    for (const key of windows.keys()) {
      if (drop-- <= 0) break;
      windows.delete(key);
    }
  }
}
