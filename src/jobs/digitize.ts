import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import sharp from 'sharp';
import { closestIssuedSerial, findSerial } from '../cards/registry.ts';
import { sealDraft } from '../cases/drafts.ts';
import { receiveCase } from '../cases/intake.ts';
import { mergeReading, type ReadFields } from '../cases/reading.ts';
import type { Cardbox } from '../context.ts';
import { checkPhoto, MAX_PIXELS, PhotoError } from '../reading/photo.ts';
import { type CardResult, type ReadContext, readPhoto } from '../reading/pipeline.ts';
import type { CardReading, PhotoCard, PhotoRecord } from '../store/records.ts';

/**
 * Box digitizing as persisted jobs. A photo is written to the data folder (by its hash) before anything
 * else; its record in `digitize.json` is the job. Running a job reads the photo and stores every card as a
 * case; it is safe to run again after a crash (cases are keyed by serial, unidentified cards by photo and
 * position), so on restart every queued photo is simply run.
 */

/** The largest photo file accepted, in bytes (a 50-megapixel JPEG is well under this). */
export const MAX_PHOTO_BYTES = 40 * 1024 * 1024;

export async function newBatch(cardbox: Cardbox): Promise<string> {
  const id = randomUUID();
  await cardbox.store.digitize.update((d) => {
    d.batches.push({ id, createdAt: cardbox.now().toISOString(), photoIds: [] });
  });
  return id;
}

/**
 * Stores one uploaded photo and queues its job. A file that is not a usable photo is still recorded, as
 * failed with a reason. The same file again returns the existing record (`duplicate`).
 */
export async function submitPhoto(
  cardbox: Cardbox,
  batch: string,
  file: string,
  bytes: Uint8Array,
): Promise<{ photo: PhotoRecord; duplicate: boolean }> {
  const { store } = cardbox;
  const name = basename(file) || 'photo';
  if (bytes.byteLength > MAX_PHOTO_BYTES) {
    const error = new PhotoError(
      'too-large',
      `the file is ${(bytes.byteLength / 2 ** 20).toFixed(0)} MiB; at most ${MAX_PHOTO_BYTES / 2 ** 20} MiB are accepted`,
      `파일이 너무 큽니다. 한 장에 ${MAX_PHOTO_BYTES / 2 ** 20}MB까지 올릴 수 있습니다.`,
      413,
    );
    return { photo: failedRecord(cardbox, batch, name, '', '', error), duplicate: false };
  }
  const { path, hash } = await store.files.putByHash('photos', bytes, extension(name));
  const existing = store.digitize.data.photos.find((p) => p.id === hash);
  if (existing) {
    await linkToBatch(cardbox, batch, hash);
    return { photo: existing, duplicate: true };
  }
  let record: PhotoRecord;
  try {
    const info = await checkPhoto(bytes);
    record = {
      id: hash,
      file: name,
      path,
      batch,
      uploadedAt: cardbox.now().toISOString(),
      status: 'queued',
      width: info.width,
      height: info.height,
    };
  } catch (error) {
    if (!(error instanceof PhotoError)) throw error;
    record = failedRecord(cardbox, batch, name, hash, path, error);
  }
  await store.digitize.update((d) => {
    d.photos.push(record);
    d.batches.find((b) => b.id === batch)?.photoIds.push(hash);
  });
  return { photo: record, duplicate: false };
}

function failedRecord(
  cardbox: Cardbox,
  batch: string,
  file: string,
  id: string,
  path: string,
  error: PhotoError,
): PhotoRecord {
  return {
    id: id || `rejected-${randomUUID()}`,
    file,
    path,
    batch,
    uploadedAt: cardbox.now().toISOString(),
    status: 'failed',
    error: { code: error.code, message: error.message, korean: error.korean },
  };
}

async function linkToBatch(cardbox: Cardbox, batch: string, photoId: string): Promise<void> {
  await cardbox.store.digitize.update((d) => {
    const b = d.batches.find((x) => x.id === batch);
    if (b && !b.photoIds.includes(photoId)) b.photoIds.push(photoId);
  });
}

function extension(name: string): string {
  const match = /\.(jpe?g|png|webp|heic|heif)$/i.exec(name);
  return match ? `.${match[1]!.toLowerCase()}` : '.bin';
}

/** What the reader needs of Cardbox: the layout, the profile, and the registry of issued serials (to identify
 * a card by its printed serial when its code cannot be decoded). */
export function readingContext(cardbox: Cardbox): ReadContext {
  return { ...cardbox, issuedSerial: (printed) => closestIssuedSerial(cardbox.store, printed) };
}

/** Runs one photo's job: read it, store each card, record the result. Never throws for a bad photo. */
export async function runPhoto(cardbox: Cardbox, photoId: string): Promise<PhotoRecord> {
  const { store } = cardbox;
  const photo = store.digitize.data.photos.find((p) => p.id === photoId);
  if (!photo) throw new Error(`no photo ${photoId}`);
  if (photo.status !== 'queued') return photo;
  const bytes = await store.files.read(photo.path);
  let reading: Awaited<ReturnType<typeof readPhoto>>;
  try {
    reading = await readPhoto(readingContext(cardbox), bytes);
  } catch (error) {
    if (!(error instanceof PhotoError)) throw error;
    await store.digitize.update(() => {
      photo.status = 'failed';
      photo.error = { code: error.code, message: error.message, korean: error.korean };
    });
    return photo;
  }
  const cards: PhotoCard[] = [];
  for (const card of reading.cards) cards.push(await storeCard(cardbox, photo.id, card));
  const unidentified: NonNullable<PhotoRecord['unidentified']> = [];
  for (const [index, found] of reading.unidentified.entries()) {
    const id = `${photo.id.slice(0, 16)}-${index}`;
    const image = await store.files.putByHash('cards', found.image, '.jpg');
    const corners = found.corners.map((p) => [...p]);
    unidentified.push({ id, corners });
    await store.digitize.update((d) => {
      if (d.unidentified.some((u) => u.id === id)) return;
      d.unidentified.push({
        id,
        photoId: photo.id,
        corners,
        image: image.path,
        foundAt: cardbox.now().toISOString(),
      });
    });
  }
  if (cards.length === 0 && unidentified.length === 0) {
    await store.digitize.update(() => {
      photo.status = 'failed';
      photo.width = reading.width;
      photo.height = reading.height;
      photo.error = {
        code: 'no-card',
        message:
          'no card found in this photo: photograph the cards flat, whole, and close enough to fill the frame',
        korean:
          '사진에서 카드를 찾지 못했습니다. 카드가 잘리지 않게, 화면을 채우도록 가까이에서 찍어 주세요.',
      };
    });
    return photo;
  }
  const preview = await sharp(bytes, { limitInputPixels: MAX_PIXELS })
    .rotate()
    .resize(1600, 1600, { fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: 80 })
    .toBuffer();
  const previewPath = await store.files.putByHash('previews', preview, '.jpg');
  await store.digitize.update(() => {
    photo.status = 'done';
    photo.processedAt = cardbox.now().toISOString();
    photo.width = reading.width;
    photo.height = reading.height;
    photo.preview = previewPath.path;
    photo.cards = cards;
    photo.unidentified = unidentified;
  });
  return photo;
}

/** What a card's checkboxes and fields say, in the case's terms. */
export function readFieldsOf(card: Pick<CardResult, 'checks' | 'fields'>): ReadFields {
  const areas = Object.entries(card.checks)
    .filter(([id, v]) => id.startsWith('area.') && v === true)
    .map(([id]) => id.slice('area.'.length));
  const satisfied = Object.entries(card.checks).filter(
    ([id, v]) => id.startsWith('satisfaction.') && v === true,
  );
  const consent = card.checks['consent.privacy'] === true;
  const phone = card.fields.phone.text;
  const email = card.fields.email.text;
  return {
    areas,
    satisfaction: satisfied.length === 1 ? Number(satisfied[0]![0].split('.')[1]) : null,
    message: card.fields.message.text,
    replyWanted: card.checks['reply.wanted'] === true,
    consent,
    contact: phone || email ? { ...(phone ? { phone } : {}), ...(email ? { email } : {}) } : null,
  };
}

async function storeCard(cardbox: Cardbox, photoId: string, card: CardResult): Promise<PhotoCard> {
  const { store } = cardbox;
  const needsReview = [...card.needsReview];
  if (!findSerial(store, card.serial)) needsReview.push('serial-not-registered');
  const fields: CardReading['fields'] = {};
  for (const [name, field] of Object.entries(card.fields)) {
    const crop = field.crop.byteLength
      ? (await store.files.putByHash('crops', field.crop, '.png')).path
      : undefined;
    fields[name] = sealDraft(store, name, {
      text: field.text,
      confidence: Number(field.confidence.toFixed(2)),
      ...(crop ? { crop } : {}),
    });
  }
  const image = await store.files.putByHash('cards', card.image, '.jpg');
  const now = cardbox.now();
  const reading: CardReading = {
    photoIds: [photoId],
    image: image.path,
    checks: card.checks,
    checkConfidence: card.checkConfidence,
    fields,
    needsReview,
    score: card.score,
    digitizedAt: now.toISOString(),
  };
  const read = readFieldsOf(card);
  const { record, created } = await receiveCase(cardbox, {
    serial: card.serial,
    type: card.type,
    channel: 'cardbox',
    receivedAt: now,
    ...read,
    reading,
  });
  if (!created) await mergeReading(cardbox, record.id, reading, read);
  return {
    serial: card.serial,
    type: card.type,
    caseId: record.id,
    checks: card.checks,
    fields: Object.fromEntries(
      Object.entries(fields).map(([k, f]) => [k, { text: f.text, confidence: f.confidence }]),
    ),
    needsReview,
    corners: card.corners.map((p) => [...p]),
  };
}

/**
 * Runs queued photo jobs one at a time, in upload order. `resume()` picks up whatever a killed process left
 * queued; `enqueue` wakes the runner for new uploads.
 */
export class DigitizeQueue {
  readonly #cardbox: Cardbox;
  #running: Promise<void> | undefined;
  #stopped = false;

  constructor(cardbox: Cardbox) {
    this.#cardbox = cardbox;
  }

  /** Starts (or continues) working through every queued photo; resolves when none is left. */
  drain(): Promise<void> {
    this.#running ??= this.#loop().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async #loop(): Promise<void> {
    while (!this.#stopped) {
      const next = this.#cardbox.store.digitize.data.photos.find((p) => p.status === 'queued');
      if (!next) return;
      try {
        await runPhoto(this.#cardbox, next.id);
      } catch (error) {
        console.error(`digitize: photo ${next.id.slice(0, 12)} failed:`, error);
        await this.#cardbox.store.digitize.update(() => {
          next.status = 'failed';
          next.error = {
            code: 'internal',
            message: 'processing failed; see the server log',
            korean: '처리 중 문제가 생겼습니다. 다시 올려 주세요.',
          };
        });
      }
    }
  }

  stop(): void {
    this.#stopped = true;
  }
}

const queues = new WeakMap<Cardbox, DigitizeQueue>();

/** The one queue of a Cardbox (server and CLI alike). */
export function digitizeQueue(cardbox: Cardbox): DigitizeQueue {
  let queue = queues.get(cardbox);
  if (!queue) {
    queue = new DigitizeQueue(cardbox);
    queues.set(cardbox, queue);
  }
  return queue;
}
