import type { Context, MiddlewareHandler } from 'hono';
import { tryGetContext } from 'hono/context-storage';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

const COOKIE = 'cardbox_flash';
/** A cookie holds about 4 KB; the typed values come back only when they fit. */
const MAX_COOKIE_CHARS = 3500;

/** What the last form post was refused for, and what was typed in it, shown once on the page it came from. */
export interface Flash {
  error: string;
  values?: Record<string, string>;
}

export type FlashVariables = { flash?: Flash; back?: string; form?: Record<string, unknown> };

/** Reads (and clears) the flash of the last refused form post, for the page rendered now. */
export function flash(): MiddlewareHandler<{ Variables: FlashVariables }> {
  return async function readFlash(c, next) {
    const raw = getCookie(c, COOKIE);
    if (raw) {
      deleteCookie(c, COOKIE, { path: '/' });
      const parsed = parseFlash(raw);
      if (parsed) c.set('flash', parsed);
    }
    await next();
  };
}

/** Where a refused form of this route goes back to (its page); without it the refusal is shown in place. */
export function backTo(
  path: string | ((c: Context) => string),
): MiddlewareHandler<{ Variables: FlashVariables }> {
  return async function setBack(c, next) {
    c.set('back', typeof path === 'string' ? path : path(c));
    await next();
  };
}

export function setFlash(c: Context, value: Flash): void {
  let text = JSON.stringify(value);
  if (encodeURIComponent(text).length > MAX_COOKIE_CHARS) text = JSON.stringify({ error: value.error });
  setCookie(c, COOKIE, Buffer.from(text).toString('base64url'), {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    maxAge: 300,
  });
}

/** The flash of the request being rendered (pages read it through hono's request context). */
export function currentFlash(): Flash | undefined {
  return tryGetContext<{ Variables: FlashVariables }>()?.get('flash');
}

function parseFlash(raw: string): Flash | undefined {
  try {
    const value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Flash;
    if (typeof value?.error !== 'string') return undefined;
    const values: Record<string, string> = {};
    for (const [key, v] of Object.entries(value.values ?? {})) if (typeof v === 'string') values[key] = v;
    return { error: value.error.slice(0, 1000), values };
  } catch {
    return undefined;
  }
}
