import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { MarkNet } from '../../src/reading/mark-model.ts';
import { readRows, setBars, WRONG_BUDGET } from './bars.ts';

/**
 * Sets the bars and the calibration of the shipped box model (src/reading/models/marks.json) again on the
 * tuning recipes, without fitting it again: what `fit-net.ts` does after fitting, on the same network, so a
 * full run of fit-net writes the same file.
 *
 *   npx tsx test/mark-training/dump-patches.ts tune /tmp/marks-tune-patches.jsonl
 *   npx tsx test/mark-training/set-bars.ts /tmp/marks-tune-patches.jsonl
 */
const file =
  process.env.OUT ?? fileURLToPath(new URL('../../src/reading/models/marks.json', import.meta.url));
const net = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../src/reading/models/marks.json', import.meta.url)), 'utf8'),
) as MarkNet;
const before = { tickFrom: net.tickFrom, emptyUpTo: net.emptyUpTo };
setBars(net, readRows(process.argv[2] ?? '/tmp/marks-tune-patches.jsonl'), WRONG_BUDGET);
console.log(
  `budget ${WRONG_BUDGET}: bars were ticked from ${before.tickFrom}, not ticked up to ${before.emptyUpTo}; now ${net.tickFrom}, ${net.emptyUpTo}`,
);
writeFileSync(file, `${JSON.stringify(net)}\n`);
console.log(`wrote ${file}`);
