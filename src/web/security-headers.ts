import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { overTls } from './client.ts';

type SecureHeadersOptions = NonNullable<Parameters<typeof secureHeaders>[0]>;

export interface SecurityHeaderOptions {
  /** Allow `<script src="/static/…">` from our own origin. Off by default: visitor pages need no script. */
  scripts?: boolean;
}

/**
 * Security headers for every page: a Content-Security-Policy that allows nothing from another origin and no
 * inline script or style, no framing, and no Referer (a status page's URL holds the card's serial, which is
 * all it takes to read that page). A request that came over TLS (directly, or `X-Forwarded-Proto: https` from
 * a trusted proxy) also gets HSTS for a year, so the browser never again tries this host over plain HTTP; over
 * plain HTTP it would be ignored, and it would lock out a server that has no certificate yet.
 */
export function securityHeaders(options: SecurityHeaderOptions = {}): MiddlewareHandler {
  const common: SecureHeadersOptions = {
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      scriptSrc: options.scripts ? ["'self'"] : ["'none'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
      objectSrc: ["'none'"],
    },
    referrerPolicy: 'no-referrer',
    xFrameOptions: 'DENY',
    crossOriginResourcePolicy: 'same-origin',
    crossOriginOpenerPolicy: 'same-origin',
    strictTransportSecurity: false,
    permissionsPolicy: { camera: [], microphone: [], geolocation: [], payment: [] },
  };
  const plain = secureHeaders(common);
  const tls = secureHeaders({ ...common, strictTransportSecurity: 'max-age=31536000; includeSubDomains' });
  return (c, next) => (overTls(c) ? tls(c, next) : plain(c, next));
}
