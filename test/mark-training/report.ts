import { cardLayout } from '../../src/profile/card-layout.ts';
import { defaultProfile } from '../../src/profile/defaults.ts';
import { calibrationTable, evaluateMarks, styleTable, totals } from './evaluate.ts';
import { HELD_OUT_RECIPES, TUNE_RECIPES } from './mark-cards.ts';

/**
 * The checkbox figures of docs/reading.md: the tuning split and the held-out split, per mark style, and the
 * calibration of the box confidence. `npx tsx test/mark-training/report.ts` (about a minute on two cores).
 */
const layout = cardLayout(defaultProfile);
const tune = await evaluateMarks(layout, defaultProfile, TUNE_RECIPES);
const columns = [{ name: 'tuning split', e: tune }];
for (const recipe of HELD_OUT_RECIPES)
  columns.push({ name: recipe.name, e: await evaluateMarks(layout, defaultProfile, [recipe]) });
columns.push({ name: 'held out, all', e: await evaluateMarks(layout, defaultProfile, HELD_OUT_RECIPES) });
console.log(styleTable(columns).join('\n'));
console.log('');
console.log(calibrationTable(columns).join('\n'));
for (const { name, e } of columns) {
  const t = totals(e);
  console.log(
    `${name}: ${e.cards} cards, ${t.boxes} boxes; right ${((100 * t.right) / t.boxes).toFixed(2)}%, undecided ${((100 * t.undecided) / t.boxes).toFixed(2)}%, wrong and not flagged ${((100 * t.wrong) / t.boxes).toFixed(2)}% (${t.wrong}); decision ${(e.ms / e.cards).toFixed(2)} ms a card`,
  );
}
