import { Readable, Transform } from 'node:stream';
import busboy from 'busboy';
import { Hono } from 'hono';
import { audit } from '../audit/log.ts';
import { requireRole, type StaffEnv } from '../auth/index.ts';
import { checkSerial } from '../cards/serial.ts';
import { receiveCase } from '../cases/intake.ts';
import type { Cardbox } from '../context.ts';
import { UserError } from '../errors.ts';
import {
  digitizeQueue,
  discardStaged,
  isStorageError,
  MAX_PHOTO_BYTES,
  newBatch,
  RETRYABLE_CODES,
  type StagedPhoto,
  stagePhoto,
  submitStagedPhoto,
  tooLarge,
} from '../jobs/digitize.ts';
import { MAX_PIXELS } from '../reading/photo.ts';
import { BatchPage, type BatchView, batchCounts, DigitizePage } from '../views/digitize.tsx';
import { overlaySvg } from '../views/digitize-overlay.ts';
import { cleanText, formBody, jsonBody } from '../web/clean-text.ts';

/** At most this many bytes in one upload request (many photos at once); each photo at most MAX_PHOTO_BYTES. */
export const MAX_UPLOAD_BYTES = 400 * 1024 * 1024;

/** At most this many photos in one upload; more are left out of it. */
export const MAX_PHOTOS_PER_UPLOAD = 200;

const STORAGE_FULL =
  '데이터 폴더에 저장하지 못했습니다(디스크가 가득 찼거나 쓸 수 없습니다). 관리자에게 알려 주세요.';

const UPLOAD_TOO_LARGE = `한 번에 ${MAX_UPLOAD_BYTES / 2 ** 20}MB까지 올릴 수 있습니다. 나누어 올려 주세요. (Upload too large)`;

/** An upload past `MAX_UPLOAD_BYTES`, found while it streams. */
class UploadTooLarge extends Error {}

interface Upload {
  file: string;
  staged: StagedPhoto | { tooLarge: true; size: number };
}

/**
 * The photos of a multipart upload, each streamed to a temp file in the data folder as it arrives (busboy):
 * memory holds a chunk at a time, whatever the upload's size. A file over `MAX_PHOTO_BYTES` is cut off and
 * drained, and comes back as `tooLarge`; the photos after it are read as usual. Throws on a body that is not
 * multipart, or a write the data folder refuses (every temp file of the upload then removed).
 */
async function streamPhotos(cardbox: Cardbox, request: Request): Promise<Upload[]> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^multipart\/form-data/i.test(type) || !request.body) throw new Error('not a multipart upload');
  const parser = busboy({
    headers: { 'content-type': type },
    // Browsers send file names as UTF-8 (busboy's default, latin1, turned 사진.jpg into mojibake).
    defParamCharset: 'utf8',
    limits: { files: MAX_PHOTOS_PER_UPLOAD, fileSize: MAX_PHOTO_BYTES + 1, fields: 20, fieldSize: 4096 },
  });
  const staging: Promise<Upload>[] = [];
  parser.on('file', (field, stream, info) => {
    if (field !== 'photos' && field !== 'photo') {
      stream.resume();
      return;
    }
    const file = cleanText(info.filename ?? '') || 'photo';
    staging.push(stagePhoto(cardbox, stream).then((staged) => ({ file, staged })));
  });
  const source = Readable.fromWeb(request.body as import('node:stream/web').ReadableStream<Uint8Array>);
  // The request's size counted as it streams (a chunked upload has no Content-Length to check first).
  let received = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.byteLength;
      done(received > MAX_UPLOAD_BYTES ? new UploadTooLarge() : null, chunk);
    },
  });
  const parsed = new Promise<void>((resolve, reject) => {
    parser.on('close', resolve);
    parser.on('error', reject);
    counter.on('error', reject);
    source.on('error', reject);
  });
  source.pipe(counter).pipe(parser);
  let failure: unknown;
  await parsed.catch((error: unknown) => {
    failure = error;
    // Too large: the rest is read and dropped, so that the client gets its answer; else the request is over.
    if (error instanceof UploadTooLarge) {
      source.unpipe();
      source.resume();
    } else source.destroy();
    // Ends the file being received too (its stream errors), so its staging settles and its temp file goes.
    parser.destroy(error as Error);
  });
  const settled = await Promise.allSettled(staging);
  const uploads = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  failure ??= settled.find((s) => s.status === 'rejected')?.reason;
  if (failure !== undefined) {
    for (const upload of uploads)
      if (!('tooLarge' in upload.staged)) await discardStaged(upload.staged).catch(() => {});
    throw failure;
  }
  return uploads;
}

function wantsJson(accept: string | undefined): boolean {
  return (accept ?? '').includes('application/json');
}

/** Staff digitizing the card box: upload photos, follow the batch, see each photo's cards, type missing serials. */
export function digitizeRoutes(cardbox: Cardbox): Hono<StaffEnv> {
  const app = new Hono<StaffEnv>();
  const { files } = cardbox;
  const queue = digitizeQueue(cardbox);
  app.use('*', requireRole(cardbox, 'admin', 'staff'));

  const batchView = async (id: string): Promise<BatchView> => {
    const batch = await cardbox.digitize.batch(id);
    if (!batch) throw new UserError('그런 묶음이 없습니다. (No such batch)', 404);
    const stored = new Map((await cardbox.digitize.photos({ ids: batch.photoIds })).map((p) => [p.id, p]));
    const photos = batch.photoIds.map((pid) => stored.get(pid)).filter((p) => p !== undefined);
    const waiting: Record<string, string> = {};
    for (const photo of photos) {
      const reason = photo.status === 'queued' ? queue.waiting(photo.id) : undefined;
      if (reason) waiting[photo.id] = reason.korean;
    }
    return { id, photos, waiting };
  };
  const photoById = async (id: string) => {
    const photo = await cardbox.digitize.photo(id);
    if (!photo) throw new UserError('그런 사진이 없습니다. (No such photo)', 404);
    return photo;
  };
  // Photos that failed for a reason of Cardbox's own (not the file's), newest first: worth "다시 읽기".
  const retryable = async () =>
    (await cardbox.digitize.photos({ status: 'failed', errorCodes: RETRYABLE_CODES }))
      .filter((p) => p.path)
      .slice(-20)
      .reverse();
  const openUnidentified = () => cardbox.digitize.unidentified({ open: true });
  const page = async (user: StaffEnv['Variables']['staff'], error?: string) => (
    <DigitizePage
      cardbox={cardbox}
      user={user}
      maxPhotoMb={MAX_PHOTO_BYTES / 2 ** 20}
      maxPixelsMp={MAX_PIXELS / 1e6}
      unidentified={await openUnidentified()}
      failed={await retryable()}
      error={error}
    />
  );

  app.get('/', async (c) => c.html(await page(c.var.staff)));

  // Not hono's bodyLimit: without a Content-Length it reads the whole body into memory first.
  app.post('/photos', async (c) => {
    const json = wantsJson(c.req.header('accept'));
    const tooLargeAnswer = async () =>
      json
        ? c.json({ error: UPLOAD_TOO_LARGE }, 413)
        : c.html(await page(c.var.staff, UPLOAD_TOO_LARGE), 413);
    if (Number(c.req.header('content-length') ?? 0) > MAX_UPLOAD_BYTES) return tooLargeAnswer();
    let uploads: Upload[];
    try {
      uploads = await streamPhotos(cardbox, c.req.raw);
    } catch (error) {
      if (error instanceof UploadTooLarge) return tooLargeAnswer();
      if (isStorageError(error)) {
        console.error('digitize: an upload could not be written to the data folder:', error);
        const message = `${STORAGE_FULL} (The data folder refused the upload: ${error.code})`;
        if (json) return c.json({ error: message }, 507);
        return c.html(await page(c.var.staff, STORAGE_FULL), 507);
      }
      throw new UserError('사진을 multipart/form-data로 보내 주세요. (Expected a multipart upload)', 400);
    }
    if (uploads.length === 0) {
      if (json) return c.json({ error: '사진을 하나 이상 골라 주세요. (No photo in the upload)' }, 400);
      return c.html(await page(c.var.staff, '사진을 하나 이상 골라 주세요.'), 400);
    }
    const batch = await newBatch(cardbox);
    const photos: {
      id: string;
      file: string;
      status: string;
      duplicate: boolean;
      error?: string;
      errorEn?: string;
      code?: string;
    }[] = [];
    for (const [i, upload] of uploads.entries()) {
      let result: Awaited<ReturnType<typeof submitStagedPhoto>>;
      try {
        result =
          'tooLarge' in upload.staged
            ? { photo: await tooLarge(cardbox, batch, upload.file), duplicate: false }
            : await submitStagedPhoto(cardbox, batch, upload.file, upload.staged);
      } catch (error) {
        // The rest of the upload is dropped too: nothing half-stored stays behind.
        for (const rest of uploads.slice(i + 1))
          if (!('tooLarge' in rest.staged)) await discardStaged(rest.staged).catch(() => {});
        throw error;
      }
      const { photo, duplicate } = result;
      photos.push({
        id: photo.id,
        file: photo.file,
        status: photo.status,
        duplicate,
        ...(photo.error
          ? { error: photo.error.korean, errorEn: photo.error.message, code: photo.error.code }
          : {}),
      });
    }
    void queue.drain();
    const accepted = photos.filter((p) => !p.error);
    if (!json) return c.redirect(`/staff/digitize/batches/${batch}`, 303);
    if (accepted.length === 0) {
      const code = photos[0]!.code;
      const status = code === 'too-large' ? 413 : code === 'empty' ? 400 : 415;
      return c.json({ batch, photos, error: photos.map((p) => `${p.file}: ${p.error}`).join(' / ') }, status);
    }
    return c.json({ batch, photos }, 202);
  });

  app.post('/photos/:id/retry', async (c) => {
    const photo = await photoById(c.req.param('id'));
    const json = wantsJson(c.req.header('accept'));
    const answer = async (status: 409 | 422 | 507, message: string) =>
      json ? c.json({ error: message }, status) : c.html(await page(c.var.staff, message), status);
    let outcome: Awaited<ReturnType<typeof queue.readAgain>>;
    try {
      outcome = await queue.readAgain(photo.id);
    } catch (error) {
      if (!isStorageError(error)) throw error;
      return answer(507, STORAGE_FULL);
    }
    if (outcome === 'done') return answer(409, '이미 읽은 사진입니다. (This photo has been read already)');
    if (outcome === 'gone')
      return answer(409, '보관하지 않은 파일이라 다시 읽을 수 없습니다. 사진을 다시 올려 주세요. (Not kept)');
    const record = await photoById(photo.id);
    if (outcome === 'failed') return answer(422, record.error?.korean ?? '사진을 읽을 수 없습니다.');
    if (json) return c.json({ id: record.id, status: record.status }, 202);
    return c.redirect(`/staff/digitize/batches/${record.batch}`, 303);
  });

  app.get('/batches/:id{[0-9a-f-]+\\.json}', async (c) => {
    const view = await batchView(c.req.param('id').replace(/\.json$/, ''));
    return c.json({
      batch: view.id,
      ...batchCounts(view),
      photos: view.photos.map((p) => ({
        id: p.id,
        file: p.file,
        status: p.status,
        error: p.error?.korean ?? view.waiting[p.id],
        code: p.error?.code ?? (view.waiting[p.id] ? 'storage-waiting' : undefined),
        ...(p.status === 'failed' && p.path ? { readAgain: `/staff/digitize/photos/${p.id}/retry` } : {}),
        cards: p.cards ?? [],
        unidentified: p.unidentified ?? [],
      })),
    });
  });

  app.get('/batches/:id', async (c) =>
    c.html(<BatchPage cardbox={cardbox} user={c.var.staff} batch={await batchView(c.req.param('id'))} />),
  );

  app.get('/photos/:id/preview.jpg', async (c) => {
    const photo = await photoById(c.req.param('id'));
    if (!photo.preview) throw new UserError('아직 처리 중입니다. (Not processed yet)', 404);
    return c.body(new Uint8Array(await files.read(photo.preview)), 200, {
      'Content-Type': 'image/jpeg',
    });
  });

  app.get('/photos/:id/overlay.svg', async (c) => {
    const photo = await photoById(c.req.param('id'));
    if (!photo.preview || !photo.width || !photo.height)
      throw new UserError('아직 처리 중입니다. (Not processed yet)', 404);
    const jpeg = (await files.read(photo.preview)).toString('base64');
    const svg = overlaySvg(photo, jpeg);
    return c.body(svg, 200, { 'Content-Type': 'image/svg+xml' });
  });

  app.get('/unidentified/:id/image.jpg', async (c) => {
    const found = await cardbox.digitize.unidentifiedCard(c.req.param('id'));
    if (!found) throw new UserError('그런 카드가 없습니다. (No such card)', 404);
    return c.body(new Uint8Array(await files.read(found.image)), 200, { 'Content-Type': 'image/jpeg' });
  });

  app.post('/unidentified/:id/dismiss', async (c) => {
    const found = (await openUnidentified()).find((u) => u.id === c.req.param('id'));
    if (!found) throw new UserError('그런 카드가 없습니다. (No such card)', 404);
    await cardbox.digitize.updateUnidentified(found.id, (card) => {
      card.dismissedAt = cardbox.now().toISOString();
      card.dismissedBy = c.var.staff.username;
    });
    await files.remove(found.image);
    await audit(cardbox, { by: c.var.staff.username, action: 'unidentified.dismissed', detail: found.id });
    if ((c.req.header('accept') ?? '').includes('application/json')) return c.json({ dismissed: found.id });
    return c.redirect('/staff/digitize', 303);
  });

  app.post('/unidentified/:id/serial', async (c) => {
    const found = (await openUnidentified()).find((u) => u.id === c.req.param('id'));
    if (!found) throw new UserError('그런 카드가 없습니다. (No such card)', 404);
    const json = (c.req.header('content-type') ?? '').includes('application/json');
    const input = json ? ((await jsonBody(c)) as { serial?: unknown }) : await formBody(c);
    const checked = checkSerial(String(input.serial ?? ''));
    if (!checked.ok) {
      const message = `일련번호가 맞지 않습니다: ${checked.reason}`;
      if (json) return c.json({ error: message }, 400);
      return c.html(await page(c.var.staff, message), 400);
    }
    const { record, created } = await receiveCase(cardbox, {
      serial: checked.serial,
      type: checked.type,
      channel: 'cardbox',
      areas: [],
      satisfaction: null,
      message: '',
      replyWanted: false,
      consent: false,
      reading: {
        photoIds: [found.photoId],
        image: found.image,
        checks: {},
        fields: {},
        needsReview: ['serial-typed-by-staff', 'unread-card'],
        score: 0,
        digitizedAt: found.foundAt,
      },
    });
    await cardbox.digitize.updateUnidentified(found.id, (card) => {
      card.caseId = record.id;
    });
    if (json) return c.json({ caseId: record.id, serial: checked.serial, created }, created ? 201 : 200);
    return c.redirect('/staff/digitize', 303);
  });
  return app;
}
