import { getPriority, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { cardLayout, type Layout } from '../profile/card-layout.ts';
import type { Profile } from '../profile/schema.ts';
import { PhotoError } from '../reading/photo.ts';
import { readPhoto } from '../reading/pipeline.ts';
import { ANSWER_BYTES, type ReadJob, type WorkerMessage } from './photo-reader.ts';

/**
 * The reading worker thread: runs the reader (`readPhoto`) on photos sent by the main thread, so the main
 * thread's event loop stays free for requests while a photo is read. The one thing the reader asks of the
 * rest of Cardbox — which issued serial a printed serial stands for — is asked of the main thread, which
 * owns the registry: the question is posted and this thread waits on a shared buffer for the answer.
 */
const port = parentPort;
if (!port) throw new Error('read-worker.ts runs as a worker thread (see photo-reader.ts)');
// This thread (and the OCR threads it starts, which inherit it) yields the CPU to the main thread: on a busy
// machine requests are answered first and the photo is read a little later. (On Linux a nice value is per
// thread; elsewhere this may lower the whole process, which only makes reading slower.)
try {
  // Ten steps below the process (itself perhaps started with `nice`), at most the lowest, 19.
  setPriority(Math.min(19, getPriority() + 10));
} catch {
  // not permitted here: reading goes on at normal priority
}
const { signal } = workerData as { signal: SharedArrayBuffer };
const state = new Int32Array(signal, 0, 2);
const answer = new Uint8Array(signal, 8, ANSWER_BYTES);
const post = (message: WorkerMessage) => port.postMessage(message);

/** The issued serial `printed` stands for, answered by the main thread (undefined if none, or no answer). */
function askIssued(job: number, printed: string): string | undefined {
  Atomics.store(state, 0, 0);
  post({ job, ask: printed });
  if (Atomics.wait(state, 0, 0, 10_000) === 'timed-out') return undefined;
  const length = Atomics.load(state, 1);
  return length > 0 ? new TextDecoder().decode(answer.slice(0, length)) : undefined;
}

// The reader caches its card templates by layout: one layout per profile.
const layouts = new Map<string, Layout>();
function layoutOf(profile: Profile): Layout {
  const key = JSON.stringify(profile);
  let layout = layouts.get(key);
  if (!layout) {
    layout = cardLayout(profile);
    layouts.set(key, layout);
  }
  return layout;
}

port.on('message', async (job: ReadJob) => {
  try {
    const reading = await readPhoto(
      {
        layout: layoutOf(job.profile),
        profile: job.profile,
        ...(job.askIssued ? { issuedSerial: (printed: string) => askIssued(job.id, printed) } : {}),
      },
      job.bytes,
    );
    post({ job: job.id, reading });
  } catch (error) {
    if (error instanceof PhotoError) {
      post({
        job: job.id,
        photoError: { code: error.code, message: error.message, korean: error.korean, status: error.status },
      });
    } else {
      const e = error instanceof Error ? error : new Error(String(error));
      post({ job: job.id, error: { message: e.message, stack: e.stack ?? e.message } });
    }
  }
});
