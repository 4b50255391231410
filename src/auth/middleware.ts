import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { csrf } from 'hono/csrf';
import type { Cardbox } from '../context.ts';
import { UserError } from '../errors.ts';
import type { Role, StaffUser } from '../store/records.ts';
import type { FlashVariables } from '../web/flash.ts';
import { resumeSession } from './sessions.ts';

export const SESSION_COOKIE = 'cardbox_session';

export type StaffEnv = { Variables: { staff: StaffUser } & FlashVariables };

function wantsPage(accept: string | undefined, method: string): boolean {
  return method === 'GET' && (accept ?? '').includes('text/html');
}

/**
 * Refuses a form post from another origin (hono's csrf check: `Origin` must be this server's or the public
 * address, or the browser's `Sec-Fetch-Site` must say same-origin), with a Korean/English 403.
 */
export function sameOrigin(cardbox: Cardbox): MiddlewareHandler {
  const check = csrf({
    origin: (origin, c) =>
      origin === new URL(c.req.url).origin || origin === new URL(cardbox.settings.PUBLIC_BASE_URL).origin,
  });
  return async function refuseCrossSite(c, next) {
    try {
      await check(c, async () => {});
    } catch {
      throw new UserError('다른 사이트에서 보낸 요청은 받지 않습니다. (Cross-site request refused)', 403);
    }
    await next();
  };
}

/**
 * Staff routes: a live session of one of `roles`, or 401 (a page request is sent to the login page), 403 for
 * the wrong role. Changes from another origin are refused (Origin / Sec-Fetch-Site, hono's csrf check).
 */
export function requireRole(cardbox: Cardbox, ...roles: Role[]): MiddlewareHandler<StaffEnv> {
  const allowed = new Set<Role>(roles.length ? roles : ['admin', 'staff', 'viewer']);
  const fromHere = sameOrigin(cardbox);
  return async function staffOnly(c, next) {
    const user = await resumeSession(cardbox, getCookie(c, SESSION_COOKIE));
    if (!user) {
      if (wantsPage(c.req.header('accept'), c.req.method)) {
        const url = new URL(c.req.url);
        return c.redirect(`/staff/login?next=${encodeURIComponent(url.pathname + url.search)}`, 303);
      }
      throw new UserError('로그인이 필요합니다. (Login required)', 401);
    }
    if (
      user.mustChangePassword &&
      !c.req.path.startsWith('/staff/password') &&
      !c.req.path.startsWith('/staff/logout')
    ) {
      if (wantsPage(c.req.header('accept'), c.req.method)) return c.redirect('/staff/password', 303);
      throw new UserError('먼저 비밀번호를 바꿔 주세요. (Change your one-time password first)', 403);
    }
    if (!allowed.has(user.role)) {
      throw new UserError('이 작업을 할 권한이 없습니다. (Your role does not allow this)', 403);
    }
    c.set('staff', user);
    return fromHere(c, next);
  };
}
