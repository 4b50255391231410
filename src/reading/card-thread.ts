import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Layout } from '../profile/card-layout.ts';
import type { GreyImage, Homography } from './homography.ts';
import { ThreadLifetime } from './thread-lifetime.ts';
import { type UprightCard, uprightCard } from './upright.ts';

/**
 * The cards of a photo made upright and their checkboxes read on two threads: this one and a helper thread
 * (`card-worker.ts`). That work is about 50 ms a card of plain JavaScript before any OCR starts, while the
 * other core waits (on this project's two shared vCPUs it took 303 → 236 ms for eight cards, not half: each
 * thread runs slower while both do). The photo's pixels and the blank templates go over as shared memory, not
 * copies; the helper's cards come back transferred.
 *
 * The helper is started at the first photo and used once it is ready (until then this thread does every
 * card); when it fails, this thread does its cards too, so a photo never depends on it.
 */
export interface CardJob {
  mmToPhoto: Homography;
  template: GreyImage;
}

export interface SharedGrey {
  buffer: SharedArrayBuffer;
  width: number;
  height: number;
}

export interface CardThreadRequest {
  id: number;
  photo: SharedGrey;
  layout: Layout;
  cards: { mmToPhoto: Homography; template: SharedGrey }[];
}

export type CardThreadAnswer =
  | { ready: true }
  | { id: number; cards: UprightCard[] }
  | { id: number; error: string };

/** After this long without a photo the helper is let go. */
const IDLE_MS = 60_000;

class CardThread {
  #ready = false;
  #next = 1;
  #thread = new ThreadLifetime<{ resolve: (cards: UprightCard[]) => void; reject: (e: Error) => void }>(
    IDLE_MS,
    () => {
      this.#ready = false;
    },
  );
  /** Each blank template's shared copy, made once. */
  #shared = new WeakMap<GreyImage, SharedGrey>();
  /** Cards the helper has read since the process started (tests check that it takes its share). */
  cardsRead = 0;

  /** Starts the helper if it is not running, so that it is ready by the time the cards are. */
  warm(): void {
    if (this.#thread.worker || availableParallelism() < 2) return;
    const worker = new Worker(new URL('./card-worker.js', import.meta.url), { execArgv: [] });
    worker.unref();
    worker.on('message', (answer: CardThreadAnswer) => this.#answer(worker, answer));
    worker.on('error', (error) => this.#thread.fail(worker, error));
    worker.on('exit', (code) =>
      this.#thread.fail(worker, new Error(`the card thread stopped (exit code ${code})`)),
    );
    this.#thread.worker = worker;
    this.#ready = false;
  }

  get ready(): boolean {
    return this.#ready;
  }

  read(photo: SharedGrey, jobs: CardJob[], layout: Layout): Promise<UprightCard[]> {
    const worker = this.#thread.worker;
    if (!worker || !this.#ready) return Promise.reject(new Error('the card thread is not ready'));
    this.#thread.busy(worker);
    const id = this.#next++;
    const request: CardThreadRequest = {
      id,
      photo,
      layout,
      cards: jobs.map((j) => ({ mmToPhoto: j.mmToPhoto, template: this.#sharedTemplate(j.template) })),
    };
    return new Promise((resolve, reject) => {
      this.#thread.pending.set(id, { resolve, reject });
      worker.postMessage(request);
    });
  }

  /** Stops the helper now (tests: a helper that dies mid-photo). */
  async stop(): Promise<void> {
    const worker = this.#thread.worker;
    if (worker) await worker.terminate();
  }

  #sharedTemplate(template: GreyImage): SharedGrey {
    let shared = this.#shared.get(template);
    if (!shared) {
      shared = sharedGrey(template);
      this.#shared.set(template, shared);
    }
    return shared;
  }

  #answer(worker: Worker, answer: CardThreadAnswer): void {
    if ('ready' in answer) {
      if (this.#thread.worker === worker) this.#ready = true;
      return;
    }
    const pending = this.#thread.pending.get(answer.id);
    if (!pending) return;
    this.#thread.pending.delete(answer.id);
    if ('error' in answer) pending.reject(new Error(`card thread: ${answer.error}`));
    else {
      this.cardsRead += answer.cards.length;
      pending.resolve(answer.cards);
    }
    this.#thread.rest();
  }
}

/** The helper thread of this process (tests look at it; readPhoto warms it). */
export const cardThread = new CardThread();

/** A grey image's pixels in shared memory. */
export function sharedGrey(image: GreyImage): SharedGrey {
  const buffer = new SharedArrayBuffer(image.data.byteLength);
  new Uint8Array(buffer).set(image.data);
  return { buffer, width: image.width, height: image.height };
}

export function greyOf(shared: SharedGrey): GreyImage {
  return { data: new Uint8Array(shared.buffer), width: shared.width, height: shared.height };
}

/**
 * Every card upright with its checkboxes read, in the order of `jobs`: the second half on the helper thread
 * when it is ready (`threads: 1` keeps all on this one), the first half here meanwhile. The same functions run
 * on both threads, so the result is the same either way.
 */
export async function uprightCards(
  photo: GreyImage,
  jobs: CardJob[],
  layout: Layout,
  threads: 1 | 2 = 2,
): Promise<UprightCard[]> {
  const here = (list: CardJob[]) => list.map((j) => uprightCard(photo, j.mmToPhoto, j.template, layout));
  if (threads === 1 || jobs.length < 2 || !cardThread.ready) return here(jobs);
  const split = Math.ceil(jobs.length / 2);
  const away = jobs.slice(split);
  const theirs = cardThread.read(sharedGrey(photo), away, layout).catch(() => null);
  const mine = here(jobs.slice(0, split));
  // A helper that failed leaves its cards to this thread: nothing depends on it.
  return [...mine, ...((await theirs) ?? here(away))];
}
