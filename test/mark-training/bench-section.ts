import type { Layout } from '../../src/profile/card-layout.ts';
import type { Profile } from '../../src/profile/schema.ts';
import { markNet } from '../../src/reading/mark-model.ts';
import { calibrationTable, evaluateMarks, styleTable, totals } from './evaluate.ts';
import { HELD_OUT_RECIPES } from './mark-cards.ts';

/**
 * The checkbox part of `npm run bench -- ingest` (issue 19): every mark style on the held-out recipes (other
 * seeds than the tuning split, two styles and two photo ranges never tuned on), read from warp-level cards by
 * the real box decision; the confusion per style and the calibration of the box confidence.
 */
export async function checkboxBenchSection(layout: Layout, profile: Profile): Promise<string[]> {
  const columns = [];
  for (const recipe of HELD_OUT_RECIPES)
    columns.push({ name: recipe.name, e: await evaluateMarks(layout, profile, [recipe]) });
  const all = await evaluateMarks(layout, profile, HELD_OUT_RECIPES);
  const t = totals(all);
  const pct = (v: number) => `${((100 * v) / t.boxes).toFixed(2)}%`;
  return [
    `**Checkboxes by mark style** (issue 19): ${all.cards} cards of the held-out recipes of \`test/mark-training/mark-cards.ts\` (seeds and two mark styles, \`check-hooked\` and \`scribble-loops\`, that no tuning decision looked at; a range smaller and more blurred, and one noisier and more compressed, than the benchmark photos), each card rendered as a phone photo shows it (stock, light, noise, blur, JPEG) and warped upright with a pose a little off, then read by \`readCheckboxes\`. Right / undecided (null, flagged \`checkbox-undecided\`) / wrong (and so not flagged):`,
    '',
    ...styleTable(columns),
    '',
    `All held-out boxes: ${t.boxes}; right ${pct(t.right)}, undecided ${pct(t.undecided)}, wrong and not flagged ${pct(t.wrong)} (${t.wrong}; ${t.falseTicked} of them read ticked). Decision ${(all.ms / all.cards).toFixed(2)} ms a card (15 boxes).`,
    '',
    `Calibration of the box confidence on the held-out recipes (decided boxes; the fitted model reads a box ticked from P(ticked) ${markNet().tickFrom}, not ticked up to ${markNet().emptyUpTo}, undecided between; the confidence is the share read right on the tuning recipes at that probability):`,
    '',
    ...calibrationTable([{ name: 'held out, all', e: all }]),
    '',
  ];
}
