import { startSweeps } from '../cases/sweep.ts';
import type { Cardbox } from '../context.ts';
import { clearStaleUploads, digitizeQueue } from './digitize.ts';

/** Photos a stopped process left queued are read now; uploads it was still receiving are dropped. */
export function resumeDigitizing(cardbox: Cardbox): void {
  void digitizeQueue(cardbox).drain();
  void clearStaleUploads(cardbox);
}

/**
 * Everything a server does besides answering requests: the digitize queue and the casework sweep every
 * `CARDBOX_SWEEP_SECONDS`. Started once, by `server.ts`; building the app starts nothing.
 */
export function startBackgroundWork(cardbox: Cardbox): { stop: () => Promise<void> } {
  resumeDigitizing(cardbox);
  const stopSweeps = startSweeps(cardbox, cardbox.settings.CARDBOX_SWEEP_SECONDS * 1000);
  return {
    stop: async () => {
      digitizeQueue(cardbox).stop();
      await stopSweeps();
    },
  };
}
