import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { issueSerials } from '../../src/cards/registry.ts';
import { readSettings } from '../../src/config/settings.ts';
import { type Deployment, openDeployment } from '../../src/deployment.ts';
import { digitizeQueue, newBatch, submitPhoto } from '../../src/jobs/digitize.ts';
import { PgInstitutionRepository } from '../../src/repositories/pg/institutions.ts';
import { freshDatabase, postgresFor } from '../helpers/postgres.ts';
import { Random } from '../synth/random.ts';
import { makeScene } from '../synth/scene.ts';

/**
 * Issue 18: box photos queued in the database and read by `cardbox worker` processes. A worker killed in the
 * middle of a photo loses nothing and doubles nothing: its job is taken back after the timeout and read by
 * another worker, and every card is one case with each photo once.
 */
const until = async (what: string, check: () => Promise<boolean>, ms = 90_000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
};

function worker(env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['src/cli/bin.js', 'worker'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr?.on('data', (chunk) => process.stderr.write(`[worker ${child.pid}] ${chunk}`));
  child.stdout?.on('data', (chunk) => process.stderr.write(`[worker ${child.pid}] ${chunk}`));
  return child;
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));

describe.runIf(postgresFor('reading workers'))('reading workers on the shared queue', () => {
  it('reads every photo of two libraries once, also when a worker is killed mid-photo', {
    timeout: 240_000,
  }, async () => {
    const database = await freshDatabase();
    const dir = await mkdtemp(join(tmpdir(), 'cardbox-workers-'));
    const env = {
      DATABASE_URL: database.url,
      CARDBOX_KEY: 'e'.repeat(64),
      DATA_DIR: dir,
      PUBLIC_BASE_URL: 'http://office.test',
      CARDBOX_JOB_TIMEOUT_SECONDS: '20',
    };
    await new PgInstitutionRepository(database.pool).add({
      id: 'a',
      name: '서초구립도서관',
      baseUrl: 'http://seocho.test',
      profile: null,
    });
    let deployment: Deployment | undefined;
    const children: ChildProcess[] = [];
    try {
      deployment = await openDeployment(readSettings(env));
      const expected: string[] = [];
      const photoIds: string[] = [];
      for (const [i, site] of deployment.sites.entries()) {
        const { cardbox } = site;
        const { serials } = await issueSerials(
          cardbox.registry,
          { type: 'green', count: 4, origin: 'print', createdBy: 'setup', format: 'pdf' },
          new Date(),
        );
        const batch = await newBatch(cardbox);
        for (const half of [0, 1]) {
          const chosen = serials.slice(half * 2, half * 2 + 2);
          const scene = await makeScene(cardbox.layout, cardbox.profile, new Random(90 + i * 2 + half), {
            width: 2000,
            height: 1500,
            cards: 2,
            tilt: 0.1,
            serials: chosen.map((serial) => ({ serial, type: 'green' as const })),
          });
          const { photo } = await submitPhoto(cardbox, batch, `box-${half}.jpg`, scene.jpeg);
          photoIds.push(`${site.id}/${photo.id}`);
          expected.push(...chosen.map((serial) => `${site.id}/${serial}`));
        }
        // The app hands the queued photos to the shared queue; it reads none itself (no worker started here).
        await digitizeQueue(cardbox).drain();
      }
      const photoStates = async () => {
        const states: string[] = [];
        for (const site of deployment!.sites)
          for (const photo of await site.cardbox.digitize.photos()) states.push(photo.status);
        return states;
      };
      expect(await photoStates()).toEqual(['queued', 'queued', 'queued', 'queued']);

      // The first worker is killed while it reads its first photo.
      const first = worker(env);
      children.push(first);
      await until('a photo being read', async () => {
        const { rows } = await database.pool.query(
          "SELECT count(*)::int AS n FROM pgboss.job WHERE state = 'active'",
        );
        return rows[0].n > 0;
      });
      first.kill('SIGKILL');
      await exited(first);
      expect((await photoStates()).filter((s) => s === 'done').length).toBeLessThan(4);

      // Two more workers take the rest, the killed one's photo among them once its time is up.
      const others = [worker(env), worker(env)];
      children.push(...others);
      await until('every photo read', async () => !(await photoStates()).includes('queued'), 150_000);
      expect(await photoStates()).toEqual(['done', 'done', 'done', 'done']);

      const found: string[] = [];
      for (const site of deployment.sites) {
        for (const record of await site.cardbox.cases.list()) {
          found.push(`${site.id}/${record.serial}`);
          const ids = record.reading?.photoIds ?? [];
          expect(new Set(ids).size, `${record.serial}: each photo once`).toBe(ids.length);
        }
      }
      expect(found.sort()).toEqual(expected.sort());
      expect(photoIds).toHaveLength(4);
      for (const child of others) child.kill('SIGTERM');
      await Promise.all(others.map(exited));
    } finally {
      for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
      await deployment?.close();
      await database.drop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
