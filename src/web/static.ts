import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { securityHeaders } from './security-headers.ts';

/** The project's `public/` folder, wherever the server is started from. */
const PUBLIC_DIR = fileURLToPath(new URL('../../public/', import.meta.url));

/** `public/` served under the path this sub-app is mounted at (`/static`), cached for a day. */
export function staticFiles(): Hono {
  const files = new Hono();
  files.use('*', securityHeaders(), async (c, next) => {
    await next();
    if (c.res.ok) c.header('Cache-Control', 'public, max-age=86400');
  });
  files.use(
    '*',
    serveStatic({ root: PUBLIC_DIR, rewriteRequestPath: (path) => path.replace(/^\/static/, '') }),
  );
  return files;
}
