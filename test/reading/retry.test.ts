import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digitizeQueue } from '../../src/jobs/digitize.ts';
import { type TestCardbox, tempCardbox } from '../helpers/cardbox.ts';
import { asStaff, loginAs } from '../helpers/staff.ts';
import { Random } from '../synth/random.ts';
import { makeScene, type Scene } from '../synth/scene.ts';

/**
 * Issue 15: a photo whose job failed inside Cardbox (not because of the file) could never be read again:
 * uploading the same file returned the old failed record. Staff now get "다시 읽기" on the batch page, and the
 * same file uploaded again re-runs a failed job. The failure is a real one: a file where the crops folder
 * should be, so storing the cards' crops fails (the tests run as root, whom file modes do not stop).
 */
let t: TestCardbox;
let cookie: string;
let scenes: Scene[];

beforeAll(async () => {
  t = await tempCardbox();
  ({ cookie } = await loginAs(t, 'staff'));
  const random = new Random(1502);
  scenes = [];
  for (let i = 0; i < 2; i++)
    scenes.push(
      await makeScene(t.cardbox.layout, t.cardbox.profile, random, { width: 1800, height: 1350, cards: 1 }),
    );
});

afterAll(async () => {
  await t.cleanup();
});

function upload(files: [string, Uint8Array][]): Promise<Response> {
  const form = new FormData();
  for (const [name, bytes] of files)
    form.append('photos', new File([new Uint8Array(bytes)], name, { type: 'image/jpeg' }));
  return asStaff(t, cookie, '/staff/digitize/photos', {
    method: 'POST',
    body: form,
    headers: { accept: 'application/json' },
  });
}

const photo = (file: string) => t.cardbox.store.digitize.data.photos.find((p) => p.file === file)!;

describe('reading a failed photo again', () => {
  let batch: string;

  it('records two photos as failed when their crops cannot be stored', async () => {
    await writeFile(join(t.dir, 'crops'), 'not a folder');
    const first = await upload([
      ['one.jpg', scenes[0]!.jpeg],
      ['two.jpg', scenes[1]!.jpeg],
    ]);
    expect(first.status).toBe(202);
    ({ batch } = (await first.json()) as { batch: string });
    await digitizeQueue(t.cardbox).drain();
    expect(photo('one.jpg').status).toBe('failed');
    expect(photo('two.jpg').status).toBe('failed');
    // The disk is fixed from here on.
    await rm(join(t.dir, 'crops'));
  });

  it('re-runs a failed job when the same file is uploaded again, instead of answering the old failure', async () => {
    const again = await upload([['one.jpg', scenes[0]!.jpeg]]);
    expect(again.status).toBe(202);
    const body = (await again.json()) as { photos: { status: string; duplicate: boolean; error?: string }[] };
    expect(body.photos[0]).toMatchObject({ status: 'queued', duplicate: true });
    expect(body.photos[0]!.error).toBeUndefined();
    await digitizeQueue(t.cardbox).drain();
    expect(photo('one.jpg').status).toBe('done');
    expect(photo('one.jpg').error).toBeUndefined();
    expect(photo('one.jpg').cards).toHaveLength(1);
  });

  it('offers "다시 읽기" on the batch page and the digitize page, and re-runs the photo from it', async () => {
    const page = await (
      await asStaff(t, cookie, `/staff/digitize/batches/${batch}`, { headers: { accept: 'text/html' } })
    ).text();
    expect(page).toContain(`action="/staff/digitize/photos/${photo('two.jpg').id}/retry"`);
    expect(page).toContain('다시 읽기');
    // The digitize page lists it too, for staff who left the batch page.
    const start = await (
      await asStaff(t, cookie, '/staff/digitize', { headers: { accept: 'text/html' } })
    ).text();
    expect(start).toContain('읽지 못한 사진 (1장)');
    expect(start).toContain(`action="/staff/digitize/photos/${photo('two.jpg').id}/retry"`);

    // A form post from the batch page, back to the batch page.
    const retried = await asStaff(t, cookie, `/staff/digitize/photos/${photo('two.jpg').id}/retry`, {
      method: 'POST',
      headers: { accept: 'text/html' },
    });
    expect(retried.status).toBe(303);
    expect(retried.headers.get('location')).toBe(`/staff/digitize/batches/${batch}`);
    await digitizeQueue(t.cardbox).drain();
    expect(photo('two.jpg').status).toBe('done');
    expect(photo('two.jpg').cards).toHaveLength(1);
    expect(t.cardbox.store.cases.data.cases).toHaveLength(2);
    const after = await (
      await asStaff(t, cookie, '/staff/digitize', { headers: { accept: 'text/html' } })
    ).text();
    expect(after).not.toContain('읽지 못한 사진');

    // A photo read already has nothing to retry.
    const done = await asStaff(t, cookie, `/staff/digitize/photos/${photo('two.jpg').id}/retry`, {
      method: 'POST',
      headers: { accept: 'application/json' },
    });
    expect(done.status).toBe(409);
    expect(((await done.json()) as { error: string }).error).toMatch(/이미 읽은 사진/);
  });
});
