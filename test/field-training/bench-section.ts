import type { Layout } from '../../src/profile/card-layout.ts';
import type { Profile } from '../../src/profile/schema.ts';
import { readPhoto } from '../../src/reading/pipeline.ts';
import { type FieldRecord, fieldRecords, fieldScenes } from '../synth/field-sets.ts';
import { emptyScores, scorePhoto, summary } from '../synth/score.ts';
import { fieldTables } from './tables.ts';

const BOX_BINS = [0, 0.85, 0.95, 0.99, 0.999];

/**
 * The held-out part of the field generator (test/synth/field-sets.ts: seeds, an e-mail recipe and a photo
 * recipe that no tuning decision looked at) read by `readPhoto`: every field's figures and the calibration
 * tables of the message, phone, e-mail, checkbox and serial readings (issue 19).
 */
export async function fieldBenchSection(layout: Layout, profile: Profile, photos: number): Promise<string[]> {
  const records: FieldRecord[] = [];
  const scores = emptyScores();
  const boxes = BOX_BINS.map((from) => ({ from, boxes: 0, confidence: 0, wrong: 0 }));
  const serials = { code: { cards: 0, wrong: 0 }, print: { cards: 0, wrong: 0 } };
  for await (const scene of fieldScenes(layout, profile, 'held-out', photos)) {
    const reading = await readPhoto({ layout, profile }, scene.jpeg);
    scorePhoto(scene.cards, reading, scores);
    records.push(...fieldRecords(scene, reading.cards));
    for (const card of reading.cards) {
      const truth = scene.cards.find((c) => c.serial === card.serial);
      const source = card.needsReview.includes('serial-from-print') ? serials.print : serials.code;
      source.cards++;
      if (!truth) {
        source.wrong++;
        continue;
      }
      for (const [id, value] of Object.entries(card.checks)) {
        if (value === null) continue;
        const c = card.checkConfidence[id] ?? 0;
        let b = 0;
        while (b + 1 < BOX_BINS.length && c >= BOX_BINS[b + 1]!) b++;
        boxes[b]!.boxes++;
        boxes[b]!.confidence += c;
        if (value !== truth.checks[id]) boxes[b]!.wrong++;
      }
    }
  }
  const s = summary(scores);
  const pct = (v: number) => `${(v * 100).toFixed(2)}%`;
  return [
    `**The held-out part of our generator** (issue 19; \`test/synth/field-sets.ts\`, split \`held-out\`): ${scores.cards} cards in ${photos} photos of 8 (seeds from 19 301, never used to tune anything; e-mail addresses of the held-out recipe — other words, other domains, some on no list; tilt up to about 35°, blur σ 0.5–1.4 px, half on coloured stock; every card with a message, a phone number and an e-mail address; the benchmark's three handwriting fonts, as no other Korean handwriting font is available). Read by \`readPhoto\`:`,
    '',
    '| measure | reached |',
    '| --- | --- |',
    `| card recall, wrong serials | ${pct(s.recall)}, ${s.wrongSerials} |`,
    `| checkbox accuracy | ${pct(s.checkboxAccuracy)} (${scores.boxesRight}/${scores.boxes}; undecided ${pct(s.checkboxUndecided)}) |`,
    `| checkboxes wrong and not flagged | ${pct(s.checkboxWrongUnflagged)} (${scores.boxesWrongUnflagged}) |`,
    `| message CER | ${pct(s.messageCer)} |`,
    `| phone numbers exactly right | ${pct(s.phoneExact)} (${scores.phonesExact}/${scores.phones}) |`,
    `| e-mail exactly right | ${pct(s.emailExact)} (${scores.emailsExact}/${scores.emails}) |`,
    '',
    'Calibration on the held-out part: each field binned by the reader’s raw confidence; the confidence reported is one minus the error measured in that bin on the tuning split (`src/reading/calibration.ts`); a bin whose tuning error is over the field’s bar (message CER 12%, phone 10%, e-mail 20% not exact) is flagged.',
    '',
    ...fieldTables(records),
    '**checkboxes** (decided boxes; confidence is the box calibration of `mark-model.ts`):',
    '',
    '| confidence | boxes | mean confidence | measured error |',
    '| --- | --- | --- | --- |',
    ...boxes.map(
      (b, i) =>
        `| ${b.from}–${BOX_BINS[i + 1] ?? 1} | ${b.boxes} | ${b.boxes ? (b.confidence / b.boxes).toFixed(3) : '—'} | ${b.boxes ? `${((100 * b.wrong) / b.boxes).toFixed(1)}% (${b.wrong})` : '—'} |`,
    ),
    '',
    '**serials** (by how the card was identified; a serial from the print is always flagged `serial-from-print`):',
    '',
    '| identified by | cards | wrong |',
    '| --- | --- | --- |',
    `| its QR code (or its module grid) | ${serials.code.cards} | ${serials.code.wrong} |`,
    `| its printed serial | ${serials.print.cards} | ${serials.print.wrong} |`,
    '',
  ];
}
