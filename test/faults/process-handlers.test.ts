import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type RealServer, startServer } from './real-server.ts';

/**
 * Issue 15: a rejected promise of background work that nobody waited for ended the server (Node's default).
 * The real server, with one such rejection put into its process a moment after it started.
 */
let work: string | undefined;
let server: RealServer | undefined;

afterAll(async () => {
  await server?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('an unexpected rejection in background work', () => {
  it('is logged and the server goes on answering', async () => {
    work = await mkdtemp(join(tmpdir(), 'cardbox-rejection-'));
    server = await startServer(
      join(work, 'data'),
      {},
      `await import('./src/server.ts');
       setTimeout(() => { Promise.reject(new Error('background work went wrong')); }, 300);`,
    );
    const deadline = Date.now() + 10_000;
    while (!server.log().includes('background work went wrong') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 300));
    expect(server.child.exitCode, server.log()).toBeNull();
    expect(server.log()).toMatch(/Unexpected error in background work[\s\S]*background work went wrong/);
    expect((await fetch(`${server.base}/healthz`)).status).toBe(200);
  });
});
