import { writeFileSync } from 'node:fs';
import { cardLayout } from '../../src/profile/card-layout.ts';
import { defaultProfile } from '../../src/profile/defaults.ts';
import { closeOcr } from '../../src/reading/ocr.ts';
import { readPhoto } from '../../src/reading/pipeline.ts';
import { type FieldRecord, type FieldSplit, fieldRecords, fieldScenes } from '../synth/field-sets.ts';
import { fieldTables, fittedTable } from './tables.ts';

/**
 * `npx tsx test/field-training/calibrate.ts tuning [photos]` reads the tuning split of the field generator
 * (test/synth/field-sets.ts) through `readPhoto` and prints `FIELD_CALIBRATION` for src/reading/calibration.ts:
 * per field, per raw-confidence bin, the error measured there. `held-out` measures the same bins on the
 * held-out split (never used to fit anything) and prints the tables of docs/reading.md. Records go to
 * /tmp/cardbox-fields-<split>.json.
 */
const split = (process.argv[2] ?? 'tuning') as FieldSplit;
const photos = Number(process.argv[3] ?? 6);
const layout = cardLayout(defaultProfile);
const records: FieldRecord[] = [];
for await (const scene of fieldScenes(layout, defaultProfile, split, photos)) {
  const reading = await readPhoto({ layout, profile: defaultProfile }, scene.jpeg);
  records.push(...fieldRecords(scene, reading.cards));
  process.stderr.write('.');
}
await closeOcr();
writeFileSync(`/tmp/cardbox-fields-${split}.json`, JSON.stringify(records));
console.log(split === 'tuning' ? fittedTable(records) : fieldTables(records).join('\n'));
