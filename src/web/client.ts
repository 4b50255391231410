import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';

/** Where a request came from, as far as this server can trust it. */
export interface ClientInfo {
  /** The client's address, for rate limits and login throttling. */
  address: string;
  /** Whether the client's connection was TLS (directly, or to the nearest trusted proxy). */
  https: boolean;
}

// Keyed by the request's context (one per request, shared by sub-apps); not by the Request, which hono's
// body limit replaces with a wrapped copy.
const known = new WeakMap<Context, ClientInfo>();

function socketAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // Requests made in-process (tests, app.request) have no socket.
    return 'local';
  }
}

/**
 * The client of a request behind `hops` reverse proxies (`TRUST_PROXY`). Each proxy appends the address it
 * was connected from to `X-Forwarded-For`, so only the right-most `hops` entries were written by our
 * proxies: the client is the entry `hops` places from the right (counting the socket's peer as the first
 * proxy). Whatever a client writes itself stays to the left of that and is never believed. With fewer
 * entries than hops, the left-most one (the furthest any proxy could vouch for).
 */
export function readClient(c: Context, hops: number): ClientInfo {
  const peer = socketAddress(c);
  const direct = new URL(c.req.url).protocol === 'https:';
  if (hops <= 0) return { address: peer, https: direct };
  const forwarded = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  // [peer, last XFF entry, the one before, …]: index k is what the k-th proxy from us saw.
  const chain = [peer, ...forwarded.reverse()];
  const address = chain[Math.min(hops, chain.length - 1)]!;
  // The nearest proxy sets X-Forwarded-Proto for the connection it received; a list keeps the right-most.
  const proto = c.req.header('x-forwarded-proto')?.split(',').at(-1)?.trim().toLowerCase();
  return { address, https: proto ? proto === 'https' : direct };
}

/**
 * Records each request's client (see `readClient`) for `clientAddress` and `overTls`: outermost on the app,
 * with the configured hop count.
 */
export function trustProxy(hops: number): MiddlewareHandler {
  return async function recordClient(c, next) {
    known.set(c, readClient(c, hops));
    await next();
  };
}

function info(c: Context): ClientInfo {
  return known.get(c) ?? readClient(c, 0);
}

/** The client's address, for rate limits and login throttling (the socket's peer unless `trustProxy` ran). */
export function clientAddress(c: Context): string {
  return info(c).address;
}

/** Whether the request reached us over TLS: an https URL, or `X-Forwarded-Proto: https` from a trusted proxy. */
export function overTls(c: Context): boolean {
  return info(c).https;
}
