import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readdir, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import sharp from 'sharp';
import { sealDraft } from '../cases/drafts.ts';
import { receiveCase } from '../cases/intake.ts';
import { mergeReading, type ReadFields } from '../cases/reading.ts';
import type { Settings } from '../config/settings.ts';
import type { Cardbox } from '../context.ts';
import { checkPhoto, MAX_PIXELS, PhotoError } from '../reading/photo.ts';
import type { CardResult, PhotoReading } from '../reading/pipeline.ts';
import type { CardReading, PhotoCard, PhotoRecord } from '../store/records.ts';
import { type PhotoReader, readHere, readInWorker, readingContext } from './photo-reader.ts';

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
  await cardbox.digitize.addBatch({ id, createdAt: cardbox.now().toISOString(), photoIds: [] });
  return id;
}

/**
 * Stores one uploaded photo and queues its job. A file that is not a usable photo is still recorded, as
 * failed with a reason. The same file again returns the existing record (`duplicate`); if that job had
 * failed, it is queued again (the file is checked once more first).
 */
export async function submitPhoto(
  cardbox: Cardbox,
  batch: string,
  file: string,
  bytes: Uint8Array,
): Promise<{ photo: PhotoRecord; duplicate: boolean }> {
  const name = basename(file) || 'photo';
  if (bytes.byteLength > MAX_PHOTO_BYTES)
    return { photo: await tooLarge(cardbox, batch, name), duplicate: false };
  const { path, hash } = await cardbox.files.putByHash('photos', bytes, extension(name));
  return registerPhoto(cardbox, batch, name, hash, path, bytes);
}

/** A photo the upload streamed to a temp file on this machine (`stagePhoto`), hashed on the way. */
export interface StagedPhoto {
  /** Absolute path of the temp file, under `<DATA_DIR>/uploads`. */
  temp: string;
  hash: string;
  size: number;
}

/** Where uploads are written while they arrive, on this machine's disk whatever the file storage; a file left
 * there by a crash is never part of a job. */
function uploadsFolder(cardbox: Cardbox): string {
  return join(cardbox.settings.DATA_DIR, 'uploads');
}

/** Drops a staged upload that will not be stored. */
export async function discardStaged(staged: StagedPhoto): Promise<void> {
  await rm(staged.temp, { force: true });
}

/**
 * Writes an arriving file to a temp file in the data folder, hashing it on the way, never holding more than
 * a chunk in memory. Past `MAX_PHOTO_BYTES` it stops writing, drains the rest and answers `tooLarge`.
 */
export async function stagePhoto(
  cardbox: Cardbox,
  stream: Readable,
): Promise<StagedPhoto | { tooLarge: true; size: number }> {
  const full = join(uploadsFolder(cardbox), `${randomUUID()}.part`);
  await mkdir(dirname(full), { recursive: true, mode: 0o700 });
  const hash = createHash('sha256');
  let size = 0;
  let over = false;
  const out = await open(full, 'w', 0o600);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.byteLength;
      if (over) continue;
      if (size > MAX_PHOTO_BYTES) {
        over = true;
        continue;
      }
      hash.update(chunk);
      await out.write(chunk);
    }
    if (!over) await out.sync();
  } catch (error) {
    await out.close().catch(() => {});
    await rm(full, { force: true });
    throw error;
  }
  await out.close();
  if (over) {
    await rm(full, { force: true });
    return { tooLarge: true, size };
  }
  return { temp: full, hash: hash.digest('hex'), size };
}

/**
 * Removes the temp files of uploads that a stopped (or killed) server was still receiving: no job refers to
 * them. Only files older than `before` (the start), so an upload arriving meanwhile is left alone.
 */
export async function clearStaleUploads(cardbox: Cardbox, before = Date.now()): Promise<number> {
  const folder = uploadsFolder(cardbox);
  const names = await readdir(folder).catch(() => [] as string[]);
  let removed = 0;
  for (const name of names) {
    const full = join(folder, name);
    const info = await stat(full).catch(() => undefined);
    if (!info?.isFile() || info.mtimeMs >= before) continue;
    await rm(full, { force: true }).then(
      () => removed++,
      () => {},
    );
  }
  return removed;
}

/** Stores a staged photo under its hash (the temp file renamed, or dropped if the same bytes are stored) and
 * queues its job, as `submitPhoto` does. */
export async function submitStagedPhoto(
  cardbox: Cardbox,
  batch: string,
  file: string,
  staged: StagedPhoto,
): Promise<{ photo: PhotoRecord; duplicate: boolean }> {
  const { files } = cardbox;
  const name = basename(file) || 'photo';
  const path = `photos/${staged.hash.slice(0, 2)}/${staged.hash}${extension(name)}`;
  try {
    if (await files.exists(path)) await discardStaged(staged);
    else await files.adopt(path, staged.temp);
  } catch (error) {
    await discardStaged(staged).catch(() => {});
    throw error;
  }
  return registerPhoto(cardbox, batch, name, staged.hash, path, await files.read(path));
}

/** Records a file over `MAX_PHOTO_BYTES` in the batch as failed with its reason (none of it is kept). */
export async function tooLarge(cardbox: Cardbox, batch: string, name: string): Promise<PhotoRecord> {
  const error = new PhotoError(
    'too-large',
    `the file is over ${MAX_PHOTO_BYTES / 2 ** 20} MiB, the most accepted for one photo`,
    `파일이 너무 큽니다. 한 장에 ${MAX_PHOTO_BYTES / 2 ** 20}MB까지 올릴 수 있습니다.`,
    413,
  );
  const record = failedRecord(cardbox, batch, basename(name) || 'photo', '', '', error);
  await cardbox.digitize.addPhoto(record);
  return record;
}

async function registerPhoto(
  cardbox: Cardbox,
  batch: string,
  name: string,
  hash: string,
  path: string,
  bytes: Uint8Array,
): Promise<{ photo: PhotoRecord; duplicate: boolean }> {
  const existing = await cardbox.digitize.photo(hash);
  if (existing) {
    await linkToBatch(cardbox, batch, hash);
    if (existing.status === 'failed') return { photo: await requeue(cardbox, hash, bytes), duplicate: true };
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
  if (!(await cardbox.digitize.addPhoto(record))) {
    // The same file arrived twice at once: the other upload stored it first.
    await linkToBatch(cardbox, batch, hash);
    return { photo: (await photoOf(cardbox, hash)) ?? record, duplicate: true };
  }
  return { photo: (await photoOf(cardbox, hash)) ?? record, duplicate: false };
}

/** The photo's record as it is now (a failed write reloads the table, so an older reference may be stale). */
function photoOf(cardbox: Cardbox, id: string): Promise<PhotoRecord | undefined> {
  return cardbox.digitize.photo(id);
}

/**
 * Queues a failed photo's job again, its file checked once more (from `bytes`, or read from the data folder):
 * still not a usable photo, it stays failed with the new reason. Resolves once that is on disk.
 */
export async function requeue(cardbox: Cardbox, id: string, bytes?: Uint8Array): Promise<PhotoRecord> {
  const photo = await photoOf(cardbox, id);
  if (!photo) throw new Error(`no photo ${id}`);
  if (photo.status !== 'failed') return photo;
  let problem: PhotoError | undefined;
  let info: { width: number; height: number } | undefined;
  try {
    info = await checkPhoto(bytes ?? (await cardbox.files.read(photo.path)));
  } catch (error) {
    if (!(error instanceof PhotoError)) throw error;
    problem = error;
  }
  await cardbox.digitize.updatePhoto(id, (p) => {
    if (problem) {
      p.error = { code: problem.code, message: problem.message, korean: problem.korean };
      return;
    }
    p.status = 'queued';
    delete p.error;
    if (info) {
      p.width = info.width;
      p.height = info.height;
    }
  });
  return (await photoOf(cardbox, id))!;
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
  await cardbox.digitize.link(batch, photoId);
}

function extension(name: string): string {
  const match = /\.(jpe?g|png|webp|heic|heif)$/i.exec(name);
  return match ? `.${match[1]!.toLowerCase()}` : '.bin';
}

export { readingContext };

/**
 * Runs one photo's job: read it, store each card, record the result. A photo that cannot be read is recorded
 * as failed with its reason; anything else that goes wrong (the data folder refusing a write, say) is thrown
 * for the queue to deal with. `read` is the reader: on this thread unless given another.
 */
export async function runPhoto(
  cardbox: Cardbox,
  photoId: string,
  read: PhotoReader = readHere,
): Promise<PhotoRecord> {
  const photo = await photoOf(cardbox, photoId);
  if (!photo) throw new Error(`no photo ${photoId}`);
  if (photo.status !== 'queued') return photo;
  const bytes = await cardbox.files.read(photo.path);
  // Every change below finds the record afresh: a failed write reloads the table from disk.
  const change = (apply: (p: PhotoRecord) => void) => cardbox.digitize.updatePhoto(photoId, apply);
  let reading: PhotoReading;
  try {
    reading = await read(cardbox, bytes);
  } catch (error) {
    if (!(error instanceof PhotoError)) throw error;
    await change((p) => {
      p.status = 'failed';
      p.error = { code: error.code, message: error.message, korean: error.korean };
    });
    return (await photoOf(cardbox, photoId))!;
  }
  const cards: PhotoCard[] = [];
  for (const card of reading.cards) cards.push(await storeCard(cardbox, photoId, card));
  const unidentified: NonNullable<PhotoRecord['unidentified']> = [];
  for (const [index, found] of reading.unidentified.entries()) {
    const id = `${photoId.slice(0, 16)}-${index}`;
    const image = await cardbox.files.putByHash('cards', found.image, '.jpg');
    const corners = found.corners.map((p) => [...p]);
    unidentified.push({ id, corners });
    await cardbox.digitize.addUnidentified({
      id,
      photoId,
      corners,
      image: image.path,
      foundAt: cardbox.now().toISOString(),
    });
  }
  if (cards.length === 0 && unidentified.length === 0) {
    await change((p) => {
      p.status = 'failed';
      p.width = reading.width;
      p.height = reading.height;
      p.error = {
        code: 'no-card',
        message:
          'no card found in this photo: photograph the cards flat, whole, and close enough to fill the frame',
        korean:
          '사진에서 카드를 찾지 못했습니다. 카드가 잘리지 않게, 화면을 채우도록 가까이에서 찍어 주세요.',
      };
    });
    return (await photoOf(cardbox, photoId))!;
  }
  const preview = await sharp(bytes, { limitInputPixels: MAX_PIXELS })
    .rotate()
    .resize(1600, 1600, { fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: 80 })
    .toBuffer();
  const previewPath = await cardbox.files.putByHash('previews', preview, '.jpg');
  await change((p) => {
    p.status = 'done';
    p.processedAt = cardbox.now().toISOString();
    p.width = reading.width;
    p.height = reading.height;
    p.preview = previewPath.path;
    p.cards = cards;
    p.unidentified = unidentified;
    delete p.error;
  });
  return (await photoOf(cardbox, photoId))!;
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
  const needsReview = [...card.needsReview];
  if (!(await cardbox.registry.find(card.serial))) needsReview.push('serial-not-registered');
  const fields: CardReading['fields'] = {};
  for (const [name, field] of Object.entries(card.fields)) {
    const crop = field.crop.byteLength
      ? (await cardbox.files.putByHash('crops', field.crop, '.png')).path
      : undefined;
    fields[name] = sealDraft(cardbox.sealer, name, {
      text: field.text,
      confidence: Number(field.confidence.toFixed(2)),
      ...(crop ? { crop } : {}),
    });
  }
  const image = await cardbox.files.putByHash('cards', card.image, '.jpg');
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

/** What the system answers when the data folder refuses a write (disk or quota full, read-only, a file or
 * folder in the way, out of file handles). A missing file (ENOENT) is not among them: that is a fault. */
const REFUSED_WRITES = new Set([
  'ENOSPC',
  'EDQUOT',
  'EROFS',
  'EIO',
  'EACCES',
  'EPERM',
  'ENOTDIR',
  'EISDIR',
  'EEXIST',
  'EMFILE',
  'ENFILE',
  'EBUSY',
]);

/** A write to the data folder refused by the system (see REFUSED_WRITES): an fs error with one of those codes. */
export function isStorageError(error: unknown): error is NodeJS.ErrnoException {
  const e = error as NodeJS.ErrnoException | undefined;
  return typeof e?.syscall === 'string' && REFUSED_WRITES.has(e.code ?? '');
}

/** Why a photo failed when the data folder refused a write; it is read again by itself later. */
const STORAGE_FAILED = {
  code: 'storage',
  message:
    'the data folder refused a write (disk full or not writable); the photo is read again by itself once it can be stored',
  korean:
    '데이터 폴더에 저장하지 못했습니다(디스크가 가득 찼거나 쓸 수 없습니다). 공간이 생기면 자동으로 다시 읽습니다. 계속되면 관리자에게 알려 주세요.',
};
/** Shown for a photo whose failure could not even be recorded: it is still queued, and waits. */
const STORAGE_WAITING = {
  code: 'storage-waiting',
  message: 'the data folder refuses writes (disk full or not writable); the photo waits and is tried again',
  korean:
    '데이터 폴더에 저장하지 못해 기다리는 중입니다(디스크가 가득 찼거나 쓸 수 없습니다). 공간이 생기면 자동으로 다시 읽습니다.',
};
/** Failures of Cardbox's own, not of the file: worth reading again ("다시 읽기"). */
export const RETRYABLE_CODES: readonly string[] = ['internal', 'storage'];

const INTERNAL_FAILED = {
  code: 'internal',
  message: 'processing failed; see the server log',
  korean: '처리 중 문제가 생겼습니다. "다시 읽기"를 누르거나 같은 사진을 다시 올려 주세요.',
};

export interface QueueOptions {
  /** The reader: a worker thread for the server (the default), this thread for the CLI. */
  read?: PhotoReader;
  /** First wait before photos stopped by a refused write are tried again; doubled up to four times that. */
  retryMs?: number;
}

/** The queue's options from the settings: `CARDBOX_DIGITIZE_RETRY_SECONDS` and `CARDBOX_READ_WORKER`. */
export function queueOptions(settings: Settings): QueueOptions {
  return {
    retryMs: settings.CARDBOX_DIGITIZE_RETRY_SECONDS * 1000,
    read: settings.CARDBOX_READ_WORKER === 'on' ? readInWorker : readHere,
  };
}

/**
 * Runs queued photo jobs one at a time, in upload order. `resume()` picks up whatever a killed process left
 * queued; `enqueue` wakes the runner for new uploads. It never throws and never stops the process: a job that
 * fails is recorded as failed with its reason; when the data folder refuses writes (disk full) the photo is
 * marked failed if that can be written, else left queued and set aside, and either way tried again later.
 */
export class DigitizeQueue {
  readonly #cardbox: Cardbox;
  readonly #read: PhotoReader;
  readonly #retryMs: number;
  #running: Promise<void> | undefined;
  #stopped = false;
  /** Photos still queued because not even their failure could be written: shown as waiting until they are
   * read or their failure is recorded, and skipped (`#setAside`) until the next retry. */
  readonly #waiting = new Set<string>();
  readonly #setAside = new Set<string>();
  #retry: NodeJS.Timeout | undefined;
  #retries = 0;

  constructor(cardbox: Cardbox, options: QueueOptions = {}) {
    this.#cardbox = cardbox;
    this.#read = options.read ?? readInWorker;
    this.#retryMs = options.retryMs ?? 60_000;
  }

  /** Starts (or continues) working through every queued photo; resolves when none is left. Never rejects. */
  drain(): Promise<void> {
    if (this.#cardbox.readingJobs) return this.#dispatch(this.#cardbox.readingJobs);
    this.#running ??= this.#loop()
      .catch((error: unknown) => {
        console.error(
          'digitize: the queue stopped on an unexpected error; it resumes at the next photo:',
          error,
        );
        this.#scheduleRetry();
      })
      .finally(() => {
        this.#running = undefined;
      });
    return this.#running;
  }

  /** On PostgreSQL: every queued photo handed to the shared queue, which any worker reads from (once each). */
  async #dispatch(jobs: NonNullable<Cardbox['readingJobs']>): Promise<void> {
    try {
      for (const photo of await this.#cardbox.digitize.photos({ status: 'queued' }))
        await jobs.enqueue(photo.id);
    } catch (error) {
      console.error('digitize: could not hand photos to the reading queue; they stay queued:', error);
      this.#scheduleRetry();
    }
  }

  /** Why a queued photo is waiting (its failure could not be written), for staff; none if it is not. */
  waiting(photoId: string): typeof STORAGE_WAITING | undefined {
    return this.#waiting.has(photoId) ? STORAGE_WAITING : undefined;
  }

  /**
   * "다시 읽기": a failed photo queued again, or a waiting one tried now. `done` if it was read already,
   * `gone` if nothing of it was kept (a file refused as too large). May throw a storage error.
   */
  async readAgain(photoId: string): Promise<'queued' | 'done' | 'gone' | 'failed'> {
    const photo = await photoOf(this.#cardbox, photoId);
    if (photo?.status === 'done') return 'done';
    if (!photo?.path || !(await this.#cardbox.files.exists(photo.path))) return 'gone';
    this.#setAside.delete(photoId);
    const record = await requeue(this.#cardbox, photoId);
    void this.drain();
    return record.status === 'queued' ? 'queued' : 'failed';
  }

  async #loop(): Promise<void> {
    while (!this.#stopped) {
      const next = (await this.#cardbox.digitize.photos({ status: 'queued' })).find(
        (p) => !this.#setAside.has(p.id),
      );
      if (!next) return;
      const id = next.id;
      try {
        await runPhoto(this.#cardbox, id, this.#read);
        this.#waiting.delete(id);
        if ((await photoOf(this.#cardbox, id))?.status === 'done') this.#retries = 0;
      } catch (error) {
        await this.#failed(id, error);
      }
    }
  }

  async #failed(id: string, error: unknown): Promise<void> {
    const storage = isStorageError(error);
    console.error(
      `digitize: photo ${id.slice(0, 12)} failed${storage ? ` (the data folder refused a write: ${error.code})` : ''}:`,
      error,
    );
    try {
      await this.#cardbox.digitize.updatePhoto(id, (photo) => {
        photo.status = 'failed';
        photo.error = { ...(storage ? STORAGE_FAILED : INTERNAL_FAILED) };
      });
      this.#waiting.delete(id);
    } catch (markError) {
      console.error(
        `digitize: could not record that photo ${id.slice(0, 12)} failed; it stays queued and is tried again later:`,
        markError,
      );
      this.#waiting.add(id);
      this.#setAside.add(id);
    }
    if (storage || this.#setAside.has(id)) this.#scheduleRetry();
  }

  /** Photos stopped by a refused write are tried again after a while (longer each round, up to 4×). */
  #scheduleRetry(): void {
    if (this.#retry || this.#stopped) return;
    const delay = this.#retryMs * 2 ** Math.min(this.#retries, 2);
    this.#retries++;
    this.#retry = setTimeout(() => {
      this.#retry = undefined;
      void this.#retryStorageFailures();
    }, delay);
    // A CLI run does not wait for it.
    this.#retry.unref();
  }

  async #retryStorageFailures(): Promise<void> {
    this.#setAside.clear();
    const stopped = { status: 'failed', errorCodes: [STORAGE_FAILED.code] } as const;
    if ((await this.#cardbox.digitize.photos(stopped)).length) {
      try {
        await this.#cardbox.digitize.updatePhotos(stopped, (photo) => {
          photo.status = 'queued';
          delete photo.error;
        });
      } catch (error) {
        console.error('digitize: the data folder still refuses writes; trying again later:', error);
        this.#scheduleRetry();
        return;
      }
    }
    void this.drain();
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#retry);
    this.#retry = undefined;
  }
}

const queues = new WeakMap<Cardbox, DigitizeQueue>();

/** The one queue of a Cardbox (server and CLI alike); its options the first time, from the settings. */
export function digitizeQueue(cardbox: Cardbox, options?: QueueOptions): DigitizeQueue {
  let queue = queues.get(cardbox);
  if (!queue) {
    queue = new DigitizeQueue(cardbox, options ?? queueOptions(cardbox.settings));
    queues.set(cardbox, queue);
  }
  return queue;
}
