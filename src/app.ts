import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { authRoutes } from './auth/index.ts';
import { caseworkRoutes } from './casework/routes.tsx';
import type { Cardbox } from './context.ts';
import { boardRoutes, publicStatsRoutes, staffReportRoutes, staffStatsRoutes } from './reports/routes.tsx';
import { digitizeRoutes } from './routes/digitize.tsx';
import { printRoutes } from './routes/print.tsx';
import { VERSION } from './version.ts';
import { visitorRoutes } from './visitor/routes.tsx';
import { staticFiles } from './web/static.ts';

export type AppEnv = { Variables: Record<string, never> };

/** The whole web application: visitor pages, staff pages and the API, on one Cardbox. */
export function createApp(cardbox: Cardbox): Hono {
  const app = new Hono();

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

  app.notFound((c) => c.json({ error: '요청하신 주소를 찾을 수 없습니다. (Not found)' }, 404));
  app.onError((error, c) => {
    if (error instanceof HTTPException) {
      return error.res ?? c.json({ error: error.message }, error.status);
    }
    console.error(`${c.req.method} ${new URL(c.req.url).pathname} failed:`, error);
    return c.json({ error: '서버에 문제가 생겼습니다. 잠시 후 다시 시도해 주세요. (Internal error)' }, 500);
  });
  return app;
}
