import type { MiddlewareHandler } from 'hono';

/**
 * `Cache-Control: no-store` on every response it wraps, errors and redirects included: staff pages show
 * decrypted contact details, one-time passwords and the visitor's words, which no browser cache, proxy or
 * back button may keep. Set after the handler, so it overrides a handler's own caching header.
 */
export function noStore(): MiddlewareHandler {
  return async function noStoreHeader(c, next) {
    await next();
    c.header('Cache-Control', 'no-store');
  };
}
