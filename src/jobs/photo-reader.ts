import { Worker } from 'node:worker_threads';
import { closestIssuedSerial } from '../cards/registry.ts';
import type { Cardbox } from '../context.ts';
import type { Profile } from '../profile/schema.ts';
import { PhotoError } from '../reading/photo.ts';
import { type PhotoReading, type ReadContext, readPhoto } from '../reading/pipeline.ts';
import { ThreadLifetime } from '../reading/thread-lifetime.ts';

/**
 * Reading a photo is seconds of CPU, much of it JavaScript (warps, mark searches, the module grid): on the
 * main thread that stalls every request meanwhile (`/healthz` took up to 1.1 s). The server's queue reads
 * photos on a worker thread instead (`read-worker.ts`); the CLI, with no requests to answer, reads in
 * its own thread. Both go through the same reader, `readPhoto` of src/reading/pipeline.ts.
 */
export type PhotoReader = (cardbox: Cardbox, bytes: Uint8Array) => Promise<PhotoReading>;

/** What the reader needs of Cardbox: the layout, the profile, and the registry of issued serials (to identify
 * a card by its printed serial when its code cannot be decoded). */
export async function readingContext(cardbox: Cardbox): Promise<ReadContext> {
  const issued = await cardbox.registry.issuedSerials();
  return { ...cardbox, issuedSerial: (printed) => closestIssuedSerial(issued, printed) };
}

/** Reads on the calling thread. */
export const readHere: PhotoReader = async (cardbox, bytes) =>
  readPhoto(await readingContext(cardbox), bytes);

/** Bytes for the answer to the worker's one question (an issued serial is 13 characters). */
export const ANSWER_BYTES = 56;

export interface ReadJob {
  id: number;
  bytes: Uint8Array;
  profile: Profile;
  askIssued: boolean;
}

export type WorkerMessage =
  | { job: number; ask: string }
  | { job: number; reading: PhotoReading }
  | {
      job: number;
      photoError: { code: string; message: string; korean: string; status: PhotoError['status'] };
    }
  | { job: number; error: { message: string; stack: string } };

/** After this long without a photo the worker (and the OCR models it loaded) is let go. */
const IDLE_MS = 60_000;

/**
 * One worker thread for every Cardbox of the process, started at the first photo and stopped after a
 * minute idle; it never keeps the process alive on its own. A worker that dies fails the photos it held
 * (as internal errors, which staff can read again) and the next photo starts a new one.
 */
class ReadWorker {
  #signal = new SharedArrayBuffer(8 + ANSWER_BYTES);
  #thread = new ThreadLifetime<{
    issued: Iterable<string>;
    resolve: (r: PhotoReading) => void;
    reject: (e: Error) => void;
  }>(IDLE_MS);
  #next = 1;

  async read(cardbox: Cardbox, bytes: Uint8Array): Promise<PhotoReading> {
    const issued = await cardbox.registry.issuedSerials();
    const worker = this.#start();
    this.#thread.busy(worker);
    const id = this.#next++;
    return new Promise<PhotoReading>((resolve, reject) => {
      this.#thread.pending.set(id, { issued, resolve, reject });
      const copy = new Uint8Array(bytes);
      const job: ReadJob = { id, bytes: copy, profile: cardbox.profile, askIssued: true };
      worker.postMessage(job, [copy.buffer]);
    });
  }

  #start(): Worker {
    if (this.#thread.worker) return this.#thread.worker;
    const worker = new Worker(new URL('./read-worker.js', import.meta.url), {
      // The main thread's loader flags are not inherited; the entry registers tsx itself.
      execArgv: [],
      workerData: { signal: this.#signal },
    });
    worker.on('message', (message: WorkerMessage) => this.#answer(message));
    worker.on('error', (error) => this.#thread.fail(worker, error));
    worker.on('exit', (code) =>
      this.#thread.fail(worker, new Error(`the reading worker stopped (exit code ${code})`)),
    );
    this.#thread.worker = worker;
    return worker;
  }

  #answer(message: WorkerMessage): void {
    const job = this.#thread.pending.get(message.job);
    if ('ask' in message) {
      const serial = job ? closestIssuedSerial(job.issued, message.ask) : undefined;
      const state = new Int32Array(this.#signal, 0, 2);
      const bytes = new TextEncoder().encode(serial ?? '').subarray(0, ANSWER_BYTES);
      new Uint8Array(this.#signal, 8, ANSWER_BYTES).set(bytes);
      Atomics.store(state, 1, bytes.byteLength);
      Atomics.store(state, 0, 1);
      Atomics.notify(state, 0);
      return;
    }
    if (!job) return;
    this.#thread.pending.delete(message.job);
    if ('reading' in message) job.resolve(asBuffers(message.reading));
    else if ('photoError' in message) {
      const e = message.photoError;
      job.reject(new PhotoError(e.code, e.message, e.korean, e.status));
    } else {
      const error = new Error(`reading worker: ${message.error.message}`);
      error.stack = message.error.stack;
      job.reject(error);
    }
    this.#thread.rest();
  }
}

const shared = new ReadWorker();

/** Reads on the shared worker thread. */
export const readInWorker: PhotoReader = (cardbox, bytes) => shared.read(cardbox, bytes);

/** Structured clone hands Buffers over as plain Uint8Arrays: the reading's images made Buffers again. */
function asBuffers(reading: PhotoReading): PhotoReading {
  const buffer = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength);
  for (const card of reading.cards) {
    card.image = buffer(card.image);
    for (const field of Object.values(card.fields)) field.crop = buffer(field.crop);
  }
  for (const found of reading.unidentified) found.image = buffer(found.image);
  return reading;
}
