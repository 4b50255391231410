import { cardLayout } from '../../src/profile/card-layout.ts';
import { defaultProfile } from '../../src/profile/defaults.ts';
import { readPhoto } from '../../src/reading/pipeline.ts';
import { BENCH_SEED, benchScenes } from '../synth/bench-set.ts';
import { emptyScores, scorePhoto, summary } from '../synth/score.ts';

/**
 * The checkboxes of whole benchmark photos through the real pipeline (fields not read, so no OCR): the main
 * set's first N photos (INGEST seed) or another seed:
 * `npx tsx test/mark-training/pipeline-check.ts PHOTOS [SEED] [CARDS_PER_PHOTO] [TILT] [FROM_PHOTO]`.
 */
const layout = cardLayout(defaultProfile);
const photos = Number(process.argv[2] ?? 4);
const seed = Number(process.argv[3] ?? BENCH_SEED);
const cardsPerPhoto = process.argv[4] ? Number(process.argv[4]) : undefined;
const tilt = Number(process.argv[5] ?? 0.5);
/** Only photos from this one on (1-based). */
const from = Number(process.argv[6] ?? 1);
let index = 0;
const noFields = async () => ({
  message: { text: '', confidence: 1, crop: new Uint8Array() },
  phone: { text: '', confidence: 1, crop: new Uint8Array() },
  email: { text: '', confidence: 1, crop: new Uint8Array() },
});
const scores = emptyScores();
const undecidedBy: Record<string, number> = {};
for await (const scene of benchScenes(layout, defaultProfile, photos, { seed, cardsPerPhoto, tilt })) {
  if (++index < from) continue;
  const reading = await readPhoto(
    { layout, profile: defaultProfile, readFields: noFields as never },
    scene.jpeg,
  );
  scorePhoto(scene.cards, reading, scores);
  for (const t of scene.cards) {
    const card = reading.cards.find((c) => c.serial === t.serial);
    if (!card) continue;
    for (const id of Object.keys(t.checks))
      if (card.checks[id] !== t.checks[id]) {
        const key = `${t.marks[id] ?? 'empty'}→${card.checks[id]} (${card.checkConfidence[id]})`;
        undecidedBy[key] = (undecidedBy[key] ?? 0) + 1;
      }
  }
}
const s = summary(scores);
console.log(
  `seed ${seed}, ${photos} photos, ${scores.boxes} boxes: right ${(100 * s.checkboxAccuracy).toFixed(2)}%, undecided ${(100 * s.checkboxUndecided).toFixed(2)}%, wrong and not flagged ${(100 * s.checkboxWrongUnflagged).toFixed(2)}%`,
);
console.log(undecidedBy);
