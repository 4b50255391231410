/**
 * The phone digit classifier on real handwritten digits it never saw: MNIST TEST images composed into the
 * phone boxes of synthetic card photos, read by the real pipeline (`test/synth/real-digits.ts`).
 *   nice -n 19 npx tsx test/digit-training/evaluate.ts [--photos 25] [--seed 1] [--fonts]
 * 25 photos of 8 cards are 200 phone numbers (1,600 digits). Also times the classifier alone on the crops.
 * `--fonts`: the digits written in the benchmark's handwriting fonts instead, scored the same way.
 */
import { cardLayout } from '../../src/profile/card-layout.ts';
import { defaultProfile } from '../../src/profile/defaults.ts';
import { readDigitBoxes } from '../../src/reading/digits.ts';
import { phoneBoxImages, readFields } from '../../src/reading/fields.ts';
import type { GreyImage } from '../../src/reading/homography.ts';
import { closeOcr } from '../../src/reading/ocr.ts';
import { readPhoto } from '../../src/reading/pipeline.ts';
import {
  calibrationRows,
  emptyRealDigitScores,
  realDigitScenes,
  scoreRealDigits,
} from '../synth/real-digits.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const photos = option('photos', 25);
const seed = option('seed', 1);
const fonts = args.includes('--fonts');
const layout = cardLayout(defaultProfile);
const phone = layout.fields.find((f) => f.id === 'phone');
if (phone?.kind !== 'digits') throw new Error('no phone field');
const crops: GreyImage[][] = [];
const context = {
  layout,
  profile: defaultProfile,
  readFields: (async (card, template, l) => {
    crops.push(phoneBoxImages(card, template, phone.boxes));
    return readFields(card, template, l);
  }) satisfies typeof readFields,
};
const s = emptyRealDigitScores();
for await (const scene of realDigitScenes(layout, defaultProfile, { seed, photos, fonts })) {
  const reading = await readPhoto(context, scene.jpeg);
  scoreRealDigits(scene, reading, s);
  process.stdout.write('.');
}
console.log();
await closeOcr();
// The classifier alone, card by card (eight boxes a call, as the reader calls it), after a warm-up.
await readDigitBoxes(crops[0]!);
const started = performance.now();
for (const boxes of crops) await readDigitBoxes(boxes);
const perCard = (performance.now() - started) / crops.length;

const pct = (a: number, b: number) => `${((a / Math.max(1, b)) * 100).toFixed(1)}%`;
console.log(
  `seed ${seed}, ${photos} photos, ${s.phones} phone numbers, ${s.digits} digits (${fonts ? 'handwriting fonts' : 'MNIST test split'})`,
);
console.log(`phone numbers exactly right: ${s.phonesExact}/${s.phones} = ${pct(s.phonesExact, s.phones)}`);
console.log(
  `phone numbers flagged for review: ${s.phonesFlagged} (${pct(s.phonesFlagged, s.phones)}); wrong and not flagged: ${s.phonesWrongUnflagged}`,
);
console.log(
  `digit error: ${s.digitsWrong}/${s.digits} = ${pct(s.digitsWrong, s.digits)}; flagged ${s.digitsFlagged} (${pct(s.digitsFlagged, s.digits)}); wrong and sure: ${s.digitsWrongSure} (${pct(s.digitsWrongSure, s.digits)})`,
);
console.log(`classifier alone: ${perCard.toFixed(2)} ms a card (8 boxes, ${crops.length} cards)`);
console.log('| confidence | digits | mean confidence | measured error |');
console.log('| --- | --- | --- | --- |');
for (const row of calibrationRows(s)) console.log(row);
