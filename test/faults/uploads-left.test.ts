import { mkdir, mkdtemp, readdir, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type TestCardbox, tempCardbox } from '../helpers/cardbox.ts';

/** Issue 15: uploads are streamed to temp files in the data folder; one cut off by a crash must not stay. */
let t: TestCardbox | undefined;

afterAll(async () => {
  await t?.cleanup();
});

describe('temp files of uploads a crash cut off', () => {
  it('are removed when the server starts again', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cardbox-uploads-'));
    await mkdir(join(dir, 'uploads'));
    const left = join(dir, 'uploads', 'cut-off.part');
    await writeFile(left, new Uint8Array(1024));
    const hourAgo = new Date(Date.now() - 3_600_000);
    await utimes(left, hourAgo, hourAgo);
    t = await tempCardbox({ dir });
    const deadline = Date.now() + 5_000;
    while ((await readdir(join(dir, 'uploads'))).length > 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 25));
    expect(await readdir(join(dir, 'uploads'))).toEqual([]);
  });
});
