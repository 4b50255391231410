import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { requireRole, SESSION_COOKIE, type StaffEnv, sameOrigin } from '../auth/middleware.ts';
import { verifyPassword } from '../auth/passwords.ts';
import { ABSOLUTE_TIMEOUT_MS, endSession, startSession } from '../auth/sessions.ts';
import { LoginThrottle } from '../auth/throttle.ts';
import { findUserByName, setPassword } from '../auth/users.ts';
import type { Cardbox } from '../context.ts';
import { LOGIN_NOTICES, LoginPage, PasswordPage } from '../views/staff/login.tsx';
import { formBody } from '../web/clean-text.ts';
import { clientAddress, overTls } from '../web/client.ts';

/** A well-formed hash to verify against when the user does not exist, so timing does not reveal usernames. */
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

/**
 * Where to go after login: a path of this site under /staff, or /staff. Anything else — another origin,
 * `//host`, a backslash, a line break or other control character (which would also break the Location header)
 * — is replaced by /staff, before anything is stored. The path is returned as the URL parser writes it back
 * (non-ASCII percent-encoded), so the redirect is always a valid header.
 */
export function safeNext(next: string | undefined): string {
  const fallback = '/staff';
  if (!next || next.length > 2000 || !/^\/staff(?:[/?#]|$)/.test(next)) return fallback;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused here
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return fallback;
  const base = 'http://cardbox.invalid';
  const url = new URL(next, base);
  if (url.origin !== base || !/^\/staff(?:\/|$)/.test(url.pathname)) return fallback;
  return url.pathname + url.search;
}

/** Login, logout and password change for staff. */
export function authRoutes(cardbox: Cardbox): Hono<StaffEnv> {
  const app = new Hono<StaffEnv>();
  const throttle = new LoginThrottle();
  const publicHttps = cardbox.settings.PUBLIC_BASE_URL.startsWith('https:');
  // Logging in and out change who the browser is: refused from another site like every other staff post.
  const fromHere = sameOrigin(cardbox);

  app.get('/login', (c) => {
    const done = c.req.query('done');
    const notice =
      done && done in LOGIN_NOTICES ? LOGIN_NOTICES[done as keyof typeof LOGIN_NOTICES] : undefined;
    return c.html(
      <LoginPage cardbox={cardbox} next={safeNext(c.req.query('next'))} {...(notice ? { notice } : {})} />,
    );
  });

  app.post('/login', fromHere, async (c) => {
    const form = await formBody(c);
    const username = String(form.username ?? '')
      .trim()
      .slice(0, 64);
    const password = String(form.password ?? '').slice(0, 200);
    const next = safeNext(String(form.next ?? ''));
    const keys = [`user:${username}`, `ip:${clientAddress(c)}`];
    // Counted before the hash, in the same step as the check: parallel guesses cannot all pass the check.
    const wait = throttle.attempt(keys, cardbox.now().getTime());
    if (wait > 0) {
      c.header('Retry-After', String(Math.ceil(wait / 1000)));
      const error = `로그인 시도가 너무 많습니다. ${Math.ceil(wait / 1000)}초 뒤에 다시 시도해 주세요. (Too many attempts)`;
      return c.html(<LoginPage cardbox={cardbox} next={next} username={username} error={error} />, 429);
    }
    const user = await findUserByName(cardbox, username);
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok || user.disabled) {
      const error = '아이디 또는 비밀번호가 맞지 않습니다. (Wrong username or password)';
      return c.html(<LoginPage cardbox={cardbox} next={next} username={username} error={error} />, 401);
    }
    throttle.succeed(keys);
    const token = await startSession(cardbox, user);
    setCookie(c, SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'Lax',
      secure: publicHttps || overTls(c),
      path: '/',
      maxAge: ABSOLUTE_TIMEOUT_MS / 1000,
    });
    return c.redirect(user.mustChangePassword ? '/staff/password' : next, 303);
  });

  app.post('/logout', fromHere, async (c) => {
    await endSession(cardbox, getCookie(c, SESSION_COOKIE));
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.redirect('/staff/login?done=logged-out', 303);
  });

  app.get('/password', requireRole(cardbox), (c) =>
    c.html(<PasswordPage cardbox={cardbox} forced={Boolean(c.var.staff.mustChangePassword)} />),
  );

  app.post('/password', requireRole(cardbox), async (c) => {
    const form = await formBody(c);
    const password = String(form.password ?? '');
    const forced = Boolean(c.var.staff.mustChangePassword);
    // The current password first: a session left open on a shared desk must not be enough to take the
    // account. Its guesses count against the same throttle as the login form's.
    const keys = [`user:${c.var.staff.username}`, `ip:${clientAddress(c)}`];
    const wait = throttle.attempt(keys, cardbox.now().getTime());
    if (wait > 0) {
      c.header('Retry-After', String(Math.ceil(wait / 1000)));
      const error = `시도가 너무 많습니다. ${Math.ceil(wait / 1000)}초 뒤에 다시 시도해 주세요. (Too many attempts)`;
      return c.html(<PasswordPage cardbox={cardbox} forced={forced} error={error} />, 429);
    }
    if (!(await verifyPassword(String(form.current ?? '').slice(0, 200), c.var.staff.passwordHash))) {
      const error = forced
        ? '일회용 비밀번호가 맞지 않습니다. (The one-time password is wrong)'
        : '지금 비밀번호가 맞지 않습니다. (The current password is wrong)';
      return c.html(<PasswordPage cardbox={cardbox} forced={forced} error={error} />, 403);
    }
    throttle.succeed(keys);
    if (password !== String(form.confirm ?? '')) {
      return c.html(
        <PasswordPage
          cardbox={cardbox}
          forced={forced}
          error="두 비밀번호가 같지 않습니다. (The passwords differ)"
        />,
        400,
      );
    }
    try {
      await setPassword(cardbox, c.var.staff.id, password);
    } catch (error) {
      return c.html(<PasswordPage cardbox={cardbox} forced={forced} error={(error as Error).message} />, 400);
    }
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.redirect('/staff/login?done=password', 303);
  });

  return app;
}
