import type { Worker } from 'node:worker_threads';

/**
 * The lifetime of a worker thread that answers requests: it keeps the process alive only while a request is
 * pending, is let go after `idleMs` with none, and when it dies its pending requests fail (the next request
 * starts a new thread). Shared by the photo-reading worker (`src/jobs/photo-reader.ts`) and the card helper
 * (`card-thread.ts`).
 */
export class ThreadLifetime<Pending extends { reject: (error: Error) => void }> {
  worker: Worker | undefined;
  readonly pending = new Map<number, Pending>();
  #idle: NodeJS.Timeout | undefined;

  constructor(
    readonly idleMs: number,
    /** Called whenever the thread is let go or lost. */
    readonly onGone: () => void = () => {},
  ) {}

  /** A request goes to the thread: it keeps the process alive until every request is answered. */
  busy(worker: Worker): void {
    clearTimeout(this.#idle);
    worker.ref();
  }

  /** After an answer: with nothing pending the thread no longer keeps the process alive, and goes after a
   * while. */
  rest(): void {
    const worker = this.worker;
    if (!worker || this.pending.size > 0) return;
    worker.unref();
    clearTimeout(this.#idle);
    this.#idle = setTimeout(() => {
      if (this.worker === worker && this.pending.size === 0) {
        this.#gone();
        void worker.terminate();
      }
    }, this.idleMs);
    this.#idle.unref();
  }

  /** The thread died (an error, or it exited): its pending requests fail. */
  fail(worker: Worker, error: Error): void {
    if (this.worker !== worker) return;
    this.#gone();
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(error);
  }

  #gone(): void {
    this.worker = undefined;
    this.onGone();
  }
}
