import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { overTls } from './client.ts';
import { parseForm } from './parse-form.ts';

export type CsrfVariables = { csrfToken: string };

export interface CsrfOptions {
  /** HMAC key; a fresh random one by default (tokens then last until the server restarts). */
  secret?: Buffer;
  cookie?: string;
  /** The hidden form field that carries the token. */
  field?: string;
  /** Renders the refusal; `c.var.csrfToken` already holds a fresh token for a form shown again. */
  onRefused?: (c: Context, reason: string) => Response | Promise<Response>;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF protection by a signed double-submit cookie: the browser holds a random value in an HttpOnly
 * SameSite cookie; forms carry HMAC(secret, value). A post is accepted only when both are present and match,
 * so another site can neither read nor forge the pair. Also refuses posts the browser marks as cross-site.
 * Every request gets `c.var.csrfToken` for the form it renders.
 */
export function csrf(options: CsrfOptions = {}): MiddlewareHandler {
  const secret = options.secret ?? randomBytes(32);
  const cookieName = options.cookie ?? 'cardbox_csrf';
  const field = options.field ?? '_csrf';
  const sign = (value: string) => createHmac('sha256', secret).update(value).digest('base64url');

  return async function checkCsrf(c, next) {
    let value = getCookie(c, cookieName);
    const hadValidCookie = value !== undefined && /^[A-Za-z0-9_-]{43}$/.test(value);
    if (!hadValidCookie) value = randomBytes(32).toString('base64url');

    const issue = () => {
      if (!hadValidCookie) {
        setCookie(c, cookieName, value!, {
          path: '/',
          httpOnly: true,
          sameSite: 'Lax',
          // Over TLS, directly or to a trusted proxy (TRUST_PROXY with X-Forwarded-Proto: https).
          secure: overTls(c),
        });
      }
      c.set('csrfToken', sign(value!));
    };

    if (SAFE_METHODS.has(c.req.method)) {
      issue();
      return next();
    }
    const reason = await refusal(c, hadValidCookie ? value! : undefined, field, sign);
    issue();
    if (reason) {
      return options.onRefused
        ? options.onRefused(c, reason)
        : c.text(`보안 확인에 실패했습니다. 페이지를 새로 열어 다시 보내 주세요. (${reason})`, 403);
    }
    return next();
  };
}

async function refusal(
  c: Context,
  cookieValue: string | undefined,
  field: string,
  sign: (value: string) => string,
): Promise<string | null> {
  if (c.req.header('sec-fetch-site') === 'cross-site') return 'cross-site request';
  if (!cookieValue) return 'missing or malformed CSRF cookie';
  const type = c.req.header('content-type') ?? '';
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type)) return 'not a form post';
  const body = await parseForm(c);
  const token = body[field];
  if (typeof token !== 'string' || token === '') return 'missing CSRF token';
  const expected = Buffer.from(sign(cookieValue));
  const given = Buffer.from(token);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return 'CSRF token does not match';
  return null;
}
