import type { Context } from 'hono';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Cardbox } from './context.ts';
import { authRoutes } from './routes/auth.tsx';
import { caseworkRoutes } from './routes/casework.tsx';
import { digitizeRoutes } from './routes/digitize.tsx';
import { homeRoutes } from './routes/home.tsx';
import { printRoutes } from './routes/print.tsx';
import { boardRoutes, publicStatsRoutes, staffReportRoutes, staffStatsRoutes } from './routes/reports.tsx';
import { visitorRoutes } from './routes/visitor.tsx';
import { VERSION } from './version.ts';
import { ErrorPage } from './views/components/ErrorPage.tsx';
import { trustProxy } from './web/client.ts';
import { noStore } from './web/no-store.ts';
import { securityHeaders } from './web/security-headers.ts';
import { staticFiles } from './web/static.ts';

/** The whole web application: visitor pages, staff pages and the API, on one Cardbox. */
export function createApp(cardbox: Cardbox): Hono {
  const app = new Hono();
  const strict = securityHeaders();
  const withScripts = securityHeaders({ scripts: true });
  // First: who the client is and whether it came over TLS (TRUST_PROXY hops), for every limit and header.
  app.use('*', trustProxy(cardbox.settings.TRUST_PROXY));
  // Outermost, so it holds for every response; only the digitize page and the inbox run a script (from
  // /static), each page working without it.
  app.use('*', (c, next) =>
    c.req.path.startsWith('/staff/digitize') || c.req.path === '/staff/cases'
      ? withScripts(c, next)
      : strict(c, next),
  );

  // No staff response may be kept by a cache (contact details, one-time passwords, the visitor's words).
  app.use('/staff/*', noStore());

  app.route('/', homeRoutes(cardbox));
  app.get('/healthz', (c) => c.json({ ok: true, name: 'cardbox', version: VERSION }));
  app.route('/static', staticFiles());
  app.route('/', visitorRoutes(cardbox));
  app.route('/staff', authRoutes(cardbox));
  app.route('/staff/print', printRoutes(cardbox));
  app.route('/staff/digitize', digitizeRoutes(cardbox));
  app.route('/staff', caseworkRoutes(cardbox));
  app.route('/board', boardRoutes(cardbox));
  app.route('/stats', publicStatsRoutes(cardbox));
  app.route('/staff/stats', staffStatsRoutes(cardbox));
  app.route('/staff/reports', staffReportRoutes(cardbox));

  const problem = (c: Context, status: number, message: string) => {
    if (!(c.req.header('accept') ?? '').includes('text/html'))
      return c.json({ error: message }, status as 400);
    const url = new URL(c.req.url);
    return c.html(
      <ErrorPage profile={cardbox.profile} status={status} message={message} url={url.pathname} />,
      status as 400,
    );
  };
  app.notFound((c) => problem(c, 404, '요청하신 주소를 찾을 수 없습니다. (Not found)'));
  app.onError((error, c) => {
    if (error instanceof HTTPException) return error.res ?? problem(c, error.status, error.message);
    console.error(`${c.req.method} ${new URL(c.req.url).pathname} failed:`, error);
    return problem(c, 500, '서버에 문제가 생겼습니다. 잠시 후 다시 시도해 주세요. (Internal error)');
  });
  return app;
}
