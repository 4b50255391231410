import { mkdir, mkdtemp, rm, rmdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardLayout } from '../../src/profile/card-layout.ts';
import { defaultProfile } from '../../src/profile/defaults.ts';
import { Random } from '../synth/random.ts';
import { makeScene } from '../synth/scene.ts';
import { postMultipart, type RealServer, startServer } from './real-server.ts';

/**
 * Issue 15, faults: a full disk while digitizing killed the server (the crops could not be written, then the
 * queue's own "mark failed" write threw with nothing to catch it). The tests run as root, whom file modes do
 * not stop, so the data folder refuses writes the way it would for anyone: a file where the crops folder
 * should be (every crop write fails, ENOTDIR) and a folder where the digitize table's temp file goes (every
 * write of `digitize.json` fails, EISDIR). The real server in a child process, a real photo.
 */
let work: string;
let data: string;
let server: RealServer;
let cookie: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'cardbox-disk-'));
  data = join(work, 'data');
  server = await startServer(data, { CARDBOX_DIGITIZE_RETRY_SECONDS: '0.5' });
  cookie = await server.login();
});

afterAll(async () => {
  await server?.stop();
  await rm(work, { recursive: true, force: true });
});

interface BatchJson {
  done: number;
  total: number;
  cards: number;
  photos: { id: string; status: string; error?: string; code?: string }[];
}

async function batch(id: string): Promise<BatchJson> {
  const response = await fetch(`${server.base}/staff/digitize/batches/${id}.json`, { headers: { cookie } });
  expect(response.status).toBe(200);
  return (await response.json()) as BatchJson;
}

async function waitFor(id: string, done: (b: BatchJson) => boolean, what: string): Promise<BatchJson> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (server.child.exitCode !== null || server.child.signalCode !== null)
      throw new Error(
        `the server died (${server.child.exitCode ?? server.child.signalCode}):\n${server.log()}`,
      );
    const state = await batch(id);
    if (done(state)) return state;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(state)}\n${server.log()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The photo waits: queued, with the reason why. (A write that is about to fail shows its change for a
 * moment before it is undone, so "failed" alone is not yet the state.) */
const isWaiting = (b: BatchJson) => b.photos[0]?.status === 'queued' && Boolean(b.photos[0]?.error);

describe('digitizing on a data folder that refuses writes', () => {
  it('keeps the server up, shows the photo failed with a reason, and reads it once writes work again', async () => {
    const layout = cardLayout(defaultProfile);
    // One card: every attempt reads the whole photo again, and the test makes several.
    const scene = await makeScene(layout, defaultProfile, new Random(1501), {
      width: 1600,
      height: 1200,
      cards: 1,
    });
    await writeFile(join(data, 'crops'), 'not a folder');
    const answer = await postMultipart(`${server.base}/staff/digitize/photos`, cookie, [
      {
        name: 'photos',
        file: 'box.jpg',
        type: 'image/jpeg',
        size: scene.jpeg.byteLength,
        chunk: () => scene.jpeg,
      },
    ]);
    expect(answer.status).toBe(202);
    const { batch: id } = JSON.parse(answer.body) as { batch: string };
    // The photo is on disk and queued; now the table that would record its failure refuses writes too.
    await mkdir(join(data, '.digitize.json.tmp'));

    // Nothing can be written: the photo stays queued, and says why it waits.
    const waiting = await waitFor(id, isWaiting, 'a reason while nothing can be written');
    expect(waiting.photos[0]!.status).toBe('queued');
    expect(waiting.photos[0]!.error).toMatch(/저장하지 못해 기다리는 중/);
    expect((await fetch(`${server.base}/healthz`)).status).toBe(200);

    // Restarted with the folder still refusing writes, the server comes up and the photo waits again.
    await server.stop();
    server = await startServer(data, { CARDBOX_DIGITIZE_RETRY_SECONDS: '0.5' });
    cookie = await server.login();
    const again = await waitFor(id, isWaiting, 'a reason after the restart');
    expect(again.photos[0]!.status).toBe('queued');
    expect(again.photos[0]!.error).toMatch(/저장하지 못해 기다리는 중/);

    // The table can be written again, the crops not yet: the photo is marked failed, with the reason.
    await rmdir(join(data, '.digitize.json.tmp'));
    const failed = await waitFor(id, (b) => b.photos[0]?.status === 'failed', 'marked failed');
    expect(failed.photos[0]).toMatchObject({ code: 'storage' });
    expect(failed.photos[0]!.error).toMatch(/저장하지 못했습니다.*다시 읽습니다/);
    expect((await fetch(`${server.base}/healthz`)).status).toBe(200);

    // Space again: the queue retries by itself and the photo is read.
    await rm(join(data, 'crops'));
    const read = await waitFor(id, (b) => b.photos[0]?.status === 'done', 'read after the disk recovered');
    expect(read).toMatchObject({ done: 1, total: 1, cards: 1 });
    expect(server.child.exitCode).toBeNull();
    expect(server.log()).toMatch(/digitize: photo [0-9a-f]{12}/);
  }, 180_000); // a real server reading real photos around a refused write: half a minute alone, more in a busy suite
});
