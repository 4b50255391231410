import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Cardbox } from '../context.ts';
import { StaffLayout } from '../views/staff/layout.tsx';
import { clientAddress } from '../web/client.ts';
import { requireRole, SESSION_COOKIE, type StaffEnv } from './middleware.ts';
import { verifyPassword } from './passwords.ts';
import { ABSOLUTE_TIMEOUT_MS, endSession, startSession } from './sessions.ts';
import { LoginThrottle } from './throttle.ts';
import { findUserByName, setPassword } from './users.ts';

/** A well-formed hash to verify against when the user does not exist, so timing does not reveal usernames. */
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

function safeNext(next: string | undefined): string {
  return next?.startsWith('/staff') && !next.startsWith('//') ? next : '/staff';
}

function LoginPage(props: { next: string; error?: string; username?: string }) {
  return (
    <StaffLayout title="직원 로그인">
      {props.error && (
        <p class="error" role="alert">
          {props.error}
        </p>
      )}
      <form method="post" action="/staff/login" class="stack">
        <input type="hidden" name="next" value={props.next} />
        <label for="username">아이디</label>
        <input id="username" name="username" autocomplete="username" required value={props.username ?? ''} />
        <label for="password">비밀번호</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
        <button type="submit">로그인</button>
      </form>
    </StaffLayout>
  );
}

function PasswordPage(props: { error?: string; forced: boolean }) {
  return (
    <StaffLayout title="비밀번호 변경">
      {props.forced && <p>처음 로그인하셨습니다. 일회용 비밀번호를 새 비밀번호로 바꿔 주세요.</p>}
      {props.error && (
        <p class="error" role="alert">
          {props.error}
        </p>
      )}
      <form method="post" action="/staff/password" class="stack">
        <label for="password">새 비밀번호 (10자 이상)</label>
        <input
          id="password"
          name="password"
          type="password"
          autocomplete="new-password"
          minlength={10}
          required
        />
        <label for="confirm">새 비밀번호 확인</label>
        <input
          id="confirm"
          name="confirm"
          type="password"
          autocomplete="new-password"
          minlength={10}
          required
        />
        <button type="submit">바꾸기</button>
      </form>
    </StaffLayout>
  );
}

/** Login, logout and password change for staff. */
export function authRoutes(cardbox: Cardbox): Hono<StaffEnv> {
  const app = new Hono<StaffEnv>();
  const throttle = new LoginThrottle();
  const secure = cardbox.settings.PUBLIC_BASE_URL.startsWith('https:');

  app.get('/login', (c) => c.html(<LoginPage next={safeNext(c.req.query('next'))} />));

  app.post('/login', async (c) => {
    const form = await c.req.parseBody();
    const username = String(form.username ?? '')
      .trim()
      .slice(0, 64);
    const password = String(form.password ?? '').slice(0, 200);
    const next = safeNext(String(form.next ?? ''));
    const keys = [`user:${username}`, `ip:${clientAddress(c)}`];
    const now = Date.now();
    const wait = throttle.waitFor(keys, now);
    if (wait > 0) {
      c.header('Retry-After', String(Math.ceil(wait / 1000)));
      const error = `로그인 시도가 너무 많습니다. ${Math.ceil(wait / 1000)}초 뒤에 다시 시도해 주세요. (Too many attempts)`;
      return c.html(<LoginPage next={next} username={username} error={error} />, 429);
    }
    const user = findUserByName(cardbox, username);
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok || user.disabled) {
      throttle.fail(keys, now);
      const error = '아이디 또는 비밀번호가 맞지 않습니다. (Wrong username or password)';
      return c.html(<LoginPage next={next} username={username} error={error} />, 401);
    }
    throttle.succeed(keys);
    const token = await startSession(cardbox, user);
    setCookie(c, SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'Lax',
      secure,
      path: '/',
      maxAge: ABSOLUTE_TIMEOUT_MS / 1000,
    });
    return c.redirect(user.mustChangePassword ? '/staff/password' : next, 303);
  });

  app.post('/logout', async (c) => {
    await endSession(cardbox, getCookie(c, SESSION_COOKIE));
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.redirect('/staff/login', 303);
  });

  app.get('/password', requireRole(cardbox), (c) =>
    c.html(<PasswordPage forced={Boolean(c.var.staff.mustChangePassword)} />),
  );

  app.post('/password', requireRole(cardbox), async (c) => {
    const form = await c.req.parseBody();
    const password = String(form.password ?? '');
    const forced = Boolean(c.var.staff.mustChangePassword);
    if (password !== String(form.confirm ?? '')) {
      return c.html(
        <PasswordPage forced={forced} error="두 비밀번호가 같지 않습니다. (The passwords differ)" />,
        400,
      );
    }
    try {
      await setPassword(cardbox, c.var.staff.id, password);
    } catch (error) {
      return c.html(<PasswordPage forced={forced} error={(error as Error).message} />, 400);
    }
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.redirect('/staff/login', 303);
  });

  return app;
}
