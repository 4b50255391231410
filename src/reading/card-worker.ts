import { parentPort } from 'node:worker_threads';
import { type CardThreadAnswer, type CardThreadRequest, greyOf } from './card-thread.ts';
import { uprightCard } from './upright.ts';

/** The card helper thread (`card-thread.ts`): makes cards upright and reads their checkboxes. */
const port = parentPort;
if (!port) throw new Error('card-worker.ts runs as a worker thread (see card-thread.ts)');

port.on('message', (request: CardThreadRequest) => {
  try {
    const photo = greyOf(request.photo);
    const cards = request.cards.map((c) =>
      uprightCard(photo, c.mmToPhoto, greyOf(c.template), request.layout),
    );
    const answer: CardThreadAnswer = { id: request.id, cards };
    port.postMessage(
      answer,
      cards.map((c) => c.card.data.buffer as ArrayBuffer),
    );
  } catch (error) {
    port.postMessage({
      id: request.id,
      error: String((error as Error)?.stack ?? error),
    } satisfies CardThreadAnswer);
  }
});
port.postMessage({ ready: true } satisfies CardThreadAnswer);
