import type { Context } from 'hono';
import { Hono } from 'hono';
import { contextStorage } from 'hono/context-storage';
import { HTTPException } from 'hono/http-exception';
import type { Cardbox } from './context.ts';
import { CapacityError, UserError } from './errors.ts';
import type { RegionDirectory } from './reports/region.ts';
import { authRoutes } from './routes/auth.tsx';
import { caseworkRoutes } from './routes/casework.tsx';
import { digitizeRoutes } from './routes/digitize.tsx';
import { homeRoutes } from './routes/home.tsx';
import { printRoutes } from './routes/print.tsx';
import { regionRoutes } from './routes/region.tsx';
import { boardRoutes, publicStatsRoutes, staffReportRoutes, staffStatsRoutes } from './routes/reports.tsx';
import { visitorRoutes } from './routes/visitor.tsx';
import { VERSION } from './version.ts';
import { ErrorPage } from './views/components/ErrorPage.tsx';
import { Problem } from './views/visitor/Problem.tsx';
import { TEXT as VISITOR_TEXT } from './views/visitor/text.ts';
import { trustProxy } from './web/client.ts';
import { type FlashVariables, flash, setFlash } from './web/flash.ts';
import { noStore } from './web/no-store.ts';
import type { PreferencesVariables } from './web/preferences.ts';
import { securityHeaders } from './web/security-headers.ts';
import { staticFiles } from './web/static.ts';

/**
 * The whole web application: visitor pages, staff pages and the API, on one Cardbox. The home institution of a
 * region (`region` given) also has the regional administrators' overview, `/staff/region`.
 */
export function createApp(cardbox: Cardbox, options: { region?: RegionDirectory } = {}): Hono {
  const app = new Hono<{ Variables: FlashVariables }>();
  // Pages read the request's flash (a refused form's message) through hono's request context.
  app.use('*', contextStorage());
  const strict = securityHeaders();
  const withScripts = securityHeaders({ scripts: true });
  // First: who the client is and whether it came over TLS (TRUST_PROXY hops), for every limit and header.
  app.use('*', trustProxy(cardbox.settings.TRUST_PROXY));
  // Outermost, so it holds for every response. Staff pages run scripts from /static (never inline): the menu
  // that folds on a phone on every page, and the digitize page's, the inbox's and the case page's own, each
  // page working without them; visitor and public pages run none.
  app.use('*', (c, next) =>
    c.req.path === '/staff' || c.req.path.startsWith('/staff/') ? withScripts(c, next) : strict(c, next),
  );

  // No staff response may be kept by a cache (contact details, one-time passwords, the visitor's words).
  app.use('/staff/*', noStore());
  app.use('/staff/*', flash());

  app.route('/', homeRoutes(cardbox));
  app.get('/healthz', (c) => c.json({ ok: true, name: 'cardbox', version: VERSION }));
  app.route('/static', staticFiles());
  app.route('/', visitorRoutes(cardbox));
  app.route('/staff', authRoutes(cardbox));
  app.route('/staff/print', printRoutes(cardbox));
  app.route('/staff/digitize', digitizeRoutes(cardbox));
  if (options.region) app.route('/staff/region', regionRoutes(cardbox, options.region));
  app.route('/staff', caseworkRoutes(cardbox));
  app.route('/board', boardRoutes(cardbox));
  app.route('/stats', publicStatsRoutes(cardbox));
  app.route('/staff/stats', staffStatsRoutes(cardbox));
  app.route('/staff/reports', staffReportRoutes(cardbox));

  const problem = (c: Context, status: number, message: string, back?: string) => {
    // A form with a page to go back to gets a page, as it always has; other API clients get JSON.
    const form = /form/.test(c.req.header('content-type') ?? '');
    if (!wantsPage(c) && !(form && back)) return c.json({ error: message }, status as 400);
    const url = new URL(c.req.url);
    return c.html(
      <ErrorPage
        profile={cardbox.profile}
        status={status}
        message={message}
        url={url.pathname}
        {...(back ? { back } : {})}
      />,
      status as 400,
    );
  };
  app.notFound((c) => problem(c, 404, '요청하신 주소를 찾을 수 없습니다. (Not found)'));
  // The one place refusals become answers. A browser's form refused for what was typed goes back to the page
  // it came from with the message (post/redirect/get: a reload does not send it again); everything else
  // gets the status with the message, as a page or as JSON.
  app.onError((error, c) => {
    if (error instanceof UserError) {
      const back = (c as Context<{ Variables: FlashVariables }>).get('back');
      if (back && c.req.method === 'POST' && error.status === 400 && wantsPage(c)) {
        setFlash(c, { error: error.message, values: typedValues(c) });
        return c.redirect(back, 303);
      }
      return problem(c, error.status, error.message, back);
    }
    if (error instanceof HTTPException) return error.res ?? problem(c, error.status, error.message);
    const full = error instanceof CapacityError;
    console.error(`${c.req.method} ${new URL(c.req.url).pathname} failed:`, full ? error.message : error);
    // A visitor's card or form: say plainly that nothing was stored and what to do, in their language (the cause
    // goes to the log; an error from the store names a file or a system call, never the visitor's words).
    if (/^\/(c\/|write)/.test(c.req.path)) {
      const prefs = (c as unknown as Context<{ Variables: PreferencesVariables }>).get('prefs') ?? {
        lang: 'ko' as const,
        largeText: false,
        url: c.req.path,
      };
      const t = VISITOR_TEXT[prefs.lang];
      return c.html(
        <Problem
          profile={cardbox.profile}
          prefs={prefs}
          title={full ? t.fullTitle : t.failedTitle}
          text={full ? t.full : t.failed}
          back={prefs.url}
        />,
        full ? 503 : 500,
      );
    }
    if (full) return problem(c, 503, error.message);
    return problem(c, 500, '서버에 문제가 생겼습니다. 잠시 후 다시 시도해 주세요. (Internal error)');
  });
  return app as unknown as Hono;
}

function wantsPage(c: Context): boolean {
  return (c.req.header('accept') ?? '').includes('text/html');
}

/** The text fields of the refused form, to fill in again (passwords and one-time tokens are never kept). */
function typedValues(c: Context): Record<string, string> {
  const form = (c as Context<{ Variables: FlashVariables }>).get('form');
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(form ?? {}))
    if (typeof value === 'string' && !/password|current|confirm|_csrf|submission/i.test(key))
      values[key] = value;
  return values;
}
