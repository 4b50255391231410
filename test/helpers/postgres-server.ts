import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';
import { freePort } from './processes.ts';

const run = promisify(execFile);

/** Where the test run finds PostgreSQL: a server's address, or why there is none. */
export type PostgresForTests = { url: string } | { missing: string };

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: PostgresForTests;
  }
}

/** Debian's server programs (package postgresql): /usr/lib/postgresql/<version>/bin. */
function serverBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const bin = join(root, version, 'bin');
    if (existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl'))) return bin;
  }
  return undefined;
}

/**
 * vitest's global setup: one real PostgreSQL server for the whole run, in a temporary folder on a loopback port
 * (initdb, pg_ctl), stopped and deleted at the end. Tests make their own database on it (`postgres.ts`).
 * `CARDBOX_TEST_DATABASE_URL` points the tests at a server of one's own instead.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const given = process.env.CARDBOX_TEST_DATABASE_URL;
  if (given) {
    project.provide('postgres', { url: given });
    return undefined;
  }
  const bin = serverBin();
  if (!bin) {
    project.provide('postgres', {
      missing:
        'PostgreSQL is not installed (apt-get install postgresql): /usr/lib/postgresql/*/bin/initdb not found',
    });
    return undefined;
  }
  const server = await startPostgres(bin, { fsync: false });
  project.provide('postgres', { url: server.url });
  return server.stop;
}

/**
 * A PostgreSQL server of its own in a temporary folder on a free loopback port, for tests and benchmarks.
 * `fsync: false` for tests (their durability against power loss does not matter, their speed does).
 */
export async function startPostgres(
  bin = serverBin(),
  options: { fsync: boolean; sharedBuffers?: string; statements?: boolean } = { fsync: true },
): Promise<{ url: string; stop: () => Promise<void> }> {
  if (!bin) throw new Error('PostgreSQL is not installed (apt-get install postgresql)');
  const dir = await mkdtemp(join(tmpdir(), 'cardbox-pg-'));
  // initdb refuses to run as root: the cluster then belongs to Debian's postgres user.
  const asRoot = process.getuid?.() === 0;
  const as = async (program: string, args: string[]) =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', join(bin, program), ...args])
      : run(join(bin, program), args);
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    await chown(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const data = join(dir, 'data');
  await as('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  const port = await freePort();
  const flags = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=${options.fsync ? 'on' : 'off'} -c max_connections=300${options.sharedBuffers ? ` -c shared_buffers=${options.sharedBuffers}` : ''}${options.statements ? ' -c shared_preload_libraries=pg_stat_statements' : ''}`;
  await as('pg_ctl', ['-D', data, '-o', flags, '-l', join(dir, 'server.log'), '-w', 'start']);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await as('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
}
