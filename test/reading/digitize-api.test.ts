import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digitizeQueue } from '../../src/jobs/digitize.ts';
import { type TestCardbox, tempCardbox } from '../helpers/cardbox.ts';
import { asStaff, loginAs } from '../helpers/staff.ts';
import { Random } from '../synth/random.ts';
import { makeScene, type Scene } from '../synth/scene.ts';
import { seededSerial } from '../synth/serials.ts';
import { heicHeader, pngBomb } from './bad-files.ts';

let t: TestCardbox;
let cookie: string;
let first: Scene;
let second: Scene;

beforeAll(async () => {
  t = await tempCardbox();
  ({ cookie } = await loginAs(t, 'staff'));
  const random = new Random(31);
  const serials = [0, 1, 2].map(() => ({ serial: seededSerial(random, 'green'), type: 'green' as const }));
  first = await makeScene(t.cardbox.layout, t.cardbox.profile, random, {
    width: 2400,
    height: 1800,
    cards: 2,
    serials,
  });
  // The second photo shows the second card again, beside a new one.
  second = await makeScene(t.cardbox.layout, t.cardbox.profile, random, {
    width: 2400,
    height: 1800,
    cards: 2,
    serials: serials.slice(1),
  });
});

afterAll(async () => {
  await t.cleanup();
});

function upload(files: [string, Uint8Array, string][]): Promise<Response> {
  const form = new FormData();
  for (const [name, bytes, type] of files)
    form.append('photos', new File([new Uint8Array(bytes)], name, { type }));
  return asStaff(t, cookie, '/staff/digitize/photos', {
    method: 'POST',
    body: form,
    headers: { accept: 'application/json' },
  });
}

/** An unidentified find in the store, as the reader leaves one. */
function addUnidentified(id: string, photoId: string, image: string) {
  return t.cardbox.store.digitize.update((d) => {
    d.unidentified.push({
      id,
      photoId,
      corners: [
        [0, 0],
        [1, 0],
        [1, 1],
        [0, 1],
      ],
      image,
      foundAt: new Date().toISOString(),
    });
  });
}

describe('staff digitize page and API', () => {
  it('needs a staff login', async () => {
    const response = await t.app.request('/staff/digitize/photos', {
      method: 'POST',
      headers: { accept: 'application/json' },
    });
    expect(response.status).toBe(401);
  });

  it('serves the phone page with camera capture', async () => {
    const response = await asStaff(t, cookie, '/staff/digitize', { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('상자 디지털화');
    expect(html).toContain('capture="environment"');
    expect(html).toContain('multiple');
    expect(html).toMatch(/<label for="photos">/);
  });

  it('takes many photos at once, reads them as a persisted job, and shows each with its cards', async () => {
    const response = await upload([
      ['one.jpg', first.jpeg, 'image/jpeg'],
      ['two.jpg', second.jpeg, 'image/jpeg'],
      ['bomb.png', pngBomb(), 'image/png'],
      ['phone.heic', heicHeader(), 'image/heic'],
    ]);
    expect(response.status).toBe(202);
    const body = (await response.json()) as {
      batch: string;
      photos: { file: string; status: string; error?: string }[];
    };
    expect(body.photos.map((p) => p.status)).toEqual(['queued', 'queued', 'failed', 'failed']);
    expect(body.photos[2]!.error).toMatch(/너무 큽니다/);
    expect(body.photos[3]!.error).toMatch(/HEIC/);
    // Accepted photos are on disk before the answer.
    for (const photo of t.cardbox.store.digitize.data.photos.filter((p) => p.status !== 'failed'))
      expect(await t.cardbox.store.files.exists(photo.path)).toBe(true);

    await digitizeQueue(t.cardbox).drain();
    const progress = await asStaff(t, cookie, `/staff/digitize/batches/${body.batch}.json`);
    const batch = (await progress.json()) as { total: number; done: number; cards: number };
    expect(batch).toMatchObject({ total: 4, done: 4, cards: 4 });

    // One case per card: the card seen in both photos is one case with both photos linked.
    const cases = t.cardbox.store.cases.data.cases;
    expect(cases).toHaveLength(3);
    const twice = cases.find((c) => c.serial === second.cards[0]!.serial)!;
    expect(twice.reading?.photoIds).toHaveLength(2);

    const page = await asStaff(t, cookie, `/staff/digitize/batches/${body.batch}`, {
      headers: { accept: 'text/html' },
    });
    const html = await page.text();
    expect(html).toContain('4장 찾음');
    expect(html).toContain('<progress');
    const photoId = t.cardbox.store.digitize.data.photos.find((p) => p.file === 'one.jpg')!.id;
    const overlay = await asStaff(t, cookie, `/staff/digitize/photos/${photoId}/overlay.svg`);
    expect(overlay.headers.get('content-type')).toContain('image/svg+xml');
    const svg = await overlay.text();
    expect(svg.match(/<polygon /g)).toHaveLength(2);
    expect(svg).toContain('data:image/jpeg;base64,');
  });

  it('names the cards too small in the photo for a good handwriting draft, and takes a closer photo instead', async () => {
    const random = new Random(31);
    const serials = [0, 1].map(() => ({ serial: seededSerial(random, 'yellow'), type: 'yellow' as const }));
    // About 2–4 px a millimetre: the codes read, the handwriting too small for a good draft.
    const far = await makeScene(t.cardbox.layout, t.cardbox.profile, random, {
      width: 1000,
      height: 750,
      cards: 2,
      tilt: 0,
      serials,
    });
    const close = await makeScene(t.cardbox.layout, t.cardbox.profile, random, {
      width: 2400,
      height: 1800,
      cards: 1,
      serials: serials.slice(0, 1),
    });
    const farBatch = (
      (await (await upload([['far.jpg', far.jpeg, 'image/jpeg']])).json()) as { batch: string }
    ).batch;
    await digitizeQueue(t.cardbox).drain();
    const caseOf = (serial: string) => t.cardbox.store.cases.data.cases.find((c) => c.serial === serial)!;
    for (const { serial } of serials) expect(caseOf(serial).reading?.needsReview).toContain('small-in-photo');
    const html = await (
      await asStaff(t, cookie, `/staff/digitize/batches/${farBatch}`, { headers: { accept: 'text/html' } })
    ).text();
    expect(html).toContain('작게 찍혀 손글씨 초안이 부정확할 수 있는 카드 2장');

    await upload([['close.jpg', close.jpeg, 'image/jpeg']]);
    await digitizeQueue(t.cardbox).drain();
    const retaken = caseOf(serials[0]!.serial);
    expect(retaken.reading?.photoIds).toHaveLength(2);
    expect(retaken.reading?.needsReview).not.toContain('small-in-photo');
    const page = await asStaff(t, cookie, `/staff/cases/${retaken.id}`, { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toContain('사진 속 카드가 작아');
    const other = await asStaff(t, cookie, `/staff/cases/${caseOf(serials[1]!.serial).id}`, {
      headers: { accept: 'text/html' },
    });
    expect(await other.text()).toContain('사진 속 카드가 작아 손글씨 초안이 부정확할 수 있습니다');
  });

  it('answers a batch of only bad files with a 4xx and a reason', async () => {
    const response = await upload([['phone.heic', heicHeader(), 'image/heic']]);
    expect(response.status).toBe(415);
    expect(((await response.json()) as { error: string }).error).toMatch(/HEIC/);
    const none = await upload([]);
    expect(none.status).toBe(400);
  });

  it('lets staff type the serial of a card whose code could not be read', async () => {
    const photo = t.cardbox.store.digitize.data.photos.find((p) => p.file === 'one.jpg')!;
    const card = t.cardbox.store.cases.data.cases[0]!;
    await addUnidentified('u-test', photo.id, card.reading!.image!);
    const page = await (
      await asStaff(t, cookie, '/staff/digitize', { headers: { accept: 'text/html' } })
    ).text();
    expect(page).toContain('/staff/digitize/unidentified/u-test/image.jpg');
    const wrong = await asStaff(t, cookie, '/staff/digitize/unidentified/u-test/serial', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ serial: 'G-0000-0000-1' }),
    });
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { error: string }).error).toMatch(/일련번호/);
    const serial = seededSerial(new Random(99), 'yellow');
    const right = await asStaff(t, cookie, '/staff/digitize/unidentified/u-test/serial', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ serial: serial.toLowerCase() }),
    });
    expect(right.status).toBe(201);
    const created = t.cardbox.store.cases.data.cases.find((c) => c.serial === serial)!;
    expect(created).toMatchObject({ channel: 'cardbox', status: 'received', type: 'yellow' });
    expect(t.cardbox.store.digitize.data.unidentified[0]!.caseId).toBe(created.id);
  });

  it('lets staff take something that is not a card off the list, and deletes its image', async () => {
    const photo = t.cardbox.store.digitize.data.photos.find((p) => p.file === 'one.jpg')!;
    const image = await t.cardbox.store.files.putByHash('cards', Buffer.from('not a card'), '.jpg');
    await addUnidentified('u-flyer', photo.id, image.path);
    const before = await (
      await asStaff(t, cookie, '/staff/digitize', { headers: { accept: 'text/html' } })
    ).text();
    expect(before).toContain('/staff/digitize/unidentified/u-flyer/dismiss');
    const dismissed = await asStaff(t, cookie, '/staff/digitize/unidentified/u-flyer/dismiss', {
      method: 'POST',
      headers: { accept: 'application/json' },
    });
    expect(dismissed.status).toBe(200);
    const after = await (
      await asStaff(t, cookie, '/staff/digitize', { headers: { accept: 'text/html' } })
    ).text();
    expect(after).not.toContain('u-flyer');
    expect(await t.cardbox.store.files.read(image.path).catch(() => null)).toBeNull();
    expect(t.cardbox.store.audit.data.entries.at(-1)).toMatchObject({
      action: 'unidentified.dismissed',
      detail: 'u-flyer',
    });
    // Neither dismissed twice nor given a serial afterwards.
    const again = await asStaff(t, cookie, '/staff/digitize/unidentified/u-flyer/dismiss', {
      method: 'POST',
      headers: { accept: 'application/json' },
    });
    expect(again.status).toBe(404);
  });
});
