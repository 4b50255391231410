import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.ts';

const CHILD = join(import.meta.dirname, '../helpers/store-process.ts');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cardbox-lock-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The pid of a process that has exited: a lock holding it is stale. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

interface Racer {
  child: ChildProcess;
  ready: Promise<void>;
  result: Promise<{ opened: boolean; error?: string }>;
}

function startRacer(folder: string): Racer {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, folder], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  let ready!: () => void;
  let result!: (value: { opened: boolean; error?: string }) => void;
  const self: Racer = {
    child,
    ready: new Promise((resolve) => {
      ready = resolve;
    }),
    result: new Promise((resolve) => {
      result = resolve;
    }),
  };
  lines.on('line', (line) => {
    if (line === 'ready') ready();
    else if (line.startsWith('{')) result(JSON.parse(line) as { opened: boolean; error?: string });
  });
  child.on('exit', () => result({ opened: false, error: 'exited without an answer' }));
  return self;
}

async function race(count: number): Promise<{ opened: boolean; error?: string }[]> {
  const racers = Array.from({ length: count }, () => startRacer(dir));
  try {
    await Promise.all(racers.map((r) => r.ready));
    for (const r of racers) r.child.stdin!.write('go\n');
    return await Promise.all(racers.map((r) => r.result));
  } finally {
    const exits = racers.map((r) => new Promise((resolve) => r.child.once('exit', resolve)));
    for (const r of racers) r.child.stdin!.end();
    await Promise.all(exits);
  }
}

describe('the data folder lock', () => {
  it('lets exactly one of 20 processes started together take over a stale lock', async () => {
    await writeFile(join(dir, '.lock'), String(deadPid()));
    const results = await race(20);
    const opened = results.filter((r) => r.opened);
    expect(opened, JSON.stringify(results)).toHaveLength(1);
    for (const r of results.filter((r) => !r.opened))
      expect(r.error).toMatch(/in use by another Cardbox process/);
    // Once the owner has closed, the folder is free again, and no guard or temp file is left behind.
    const store = await openStore(dir);
    await store.close();
    expect((await readdir(dir)).filter((f) => f.startsWith('.lock'))).toEqual([]);
  }, 120_000);

  it('lets exactly one of 20 processes started together lock a fresh folder', async () => {
    const results = await race(20);
    expect(
      results.filter((r) => r.opened),
      JSON.stringify(results),
    ).toHaveLength(1);
  }, 120_000);

  it('refuses a second store on a folder this process holds, and frees it on close', async () => {
    const store = await openStore(dir);
    await expect(openStore(dir)).rejects.toThrow(/in use/);
    expect(JSON.parse(await readFile(join(dir, '.lock'), 'utf8'))).toMatchObject({ pid: process.pid });
    await store.close();
    const again = await openStore(dir);
    await again.close();
  });

  it('lets one of several stores opened at once in one process win', async () => {
    const tries = await Promise.allSettled(Array.from({ length: 5 }, () => openStore(dir)));
    const won = tries.filter((t) => t.status === 'fulfilled');
    expect(won).toHaveLength(1);
    await won[0]!.value.close();
  });

  it('takes over a stale lock whose taker died half-way (its guard left behind)', async () => {
    const stale = String(deadPid());
    await writeFile(join(dir, '.lock'), stale);
    // The guard a starter that died while taking the stale lock over left: named after the stale lock.
    const guard = `.lock.${createHash('sha256').update(stale).digest('hex').slice(0, 16)}.break`;
    await writeFile(join(dir, guard), JSON.stringify({ pid: deadPid(), nonce: 'x' }));
    const store = await openStore(dir);
    expect(JSON.parse(await readFile(join(dir, '.lock'), 'utf8'))).toMatchObject({ pid: process.pid });
    await store.close();
    expect((await readdir(dir)).filter((f) => f.startsWith('.lock'))).toEqual([]);
  });

  it('takes over a lock this pid left in an earlier life (a restarted container has the same pid)', async () => {
    await writeFile(join(dir, '.lock'), String(process.pid));
    const store = await openStore(dir);
    await store.close();
  });
});
