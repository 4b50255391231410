import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { digitizeQueue } from '../../src/jobs/digitize.ts';
import { cardLayout } from '../../src/profile/card-layout.ts';
import { defaultProfile } from '../../src/profile/defaults.ts';
import type { CasesFile, DigitizeFile } from '../../src/store/records.ts';
import { tempCardbox } from '../helpers/cardbox.ts';
import { Random } from '../synth/random.ts';
import { makeScene } from '../synth/scene.ts';

const BIN = join(import.meta.dirname, '../../src/cli/bin.js');
const dirs: string[] = [];

afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

function cli(
  args: string[],
  dataDir: string,
): { child: ChildProcess; done: Promise<{ code: number | null; out: string }> } {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, DATA_DIR: dataDir, PUBLIC_BASE_URL: 'http://cards.test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (chunk) => {
    out += chunk;
  });
  child.stderr!.resume();
  const done = new Promise<{ code: number | null; out: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, out })),
  );
  return { child, done };
}

async function readJson<T>(file: string): Promise<T | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch {
    return null;
  }
}

describe('a batch killed in the middle', () => {
  it('completes on restart with no card missing and none doubled', async () => {
    const work = await mkdtemp(join(tmpdir(), 'cardbox-resume-'));
    const dataDir = join(work, 'data');
    dirs.push(work);
    const layout = cardLayout(defaultProfile);
    const random = new Random(41);
    const files: string[] = [];
    const serials = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const scene = await makeScene(layout, defaultProfile, random, { width: 1800, height: 1350, cards: 2 });
      for (const card of scene.cards) serials.add(card.serial);
      const file = join(work, `scene-${i}.jpg`);
      await writeFile(file, scene.jpeg);
      files.push(file);
    }

    // Kill the CLI (SIGKILL: no clean-up at all) once it has finished some photos but not all.
    const first = cli(['ingest', ...files, '--json'], dataDir);
    const killedAt = await new Promise<number>((resolve, reject) => {
      const timer = setInterval(async () => {
        const state = await readJson<DigitizeFile>(join(dataDir, 'digitize.json'));
        const done = state?.photos.filter((p) => p.status === 'done').length ?? 0;
        if (done >= 1) {
          clearInterval(timer);
          first.child.kill('SIGKILL');
          resolve(done);
        }
      }, 25);
      first.done.then(() => {
        clearInterval(timer);
        reject(new Error('the CLI finished before it could be killed'));
      });
    });
    await first.done;
    expect(killedAt).toBeLessThan(files.length);
    const interrupted = await readJson<DigitizeFile>(join(dataDir, 'digitize.json'));
    // Every photo was stored and queued before the first was read.
    expect(interrupted!.photos).toHaveLength(files.length);
    expect(interrupted!.photos.some((p) => p.status === 'queued')).toBe(true);

    // Restarted as a server would be: the queue resumes by itself.
    const t = await tempCardbox({ dir: dataDir });
    await digitizeQueue(t.cardbox).drain();
    expect(t.cardbox.store.digitize.data.photos.every((p) => p.status === 'done')).toBe(true);
    await t.cardbox.store.close();

    // And the same command run again reports every card, reading nothing twice.
    const again = cli(['ingest', ...files, '--json'], dataDir);
    const { code, out } = await again.done;
    expect(code).toBe(0);
    const reported = (JSON.parse(out) as { photos: { cards: { serial: string }[] }[] }).photos.flatMap((p) =>
      p.cards.map((c) => c.serial),
    );
    expect(new Set(reported)).toEqual(serials);

    const cases = (await readJson<CasesFile>(join(dataDir, 'cases.json')))!.cases;
    expect(cases.map((c) => c.serial).sort()).toEqual([...serials].sort());
  }, 180_000); // two real CLI runs reading four photos: half a minute alone, more in a busy suite
});
