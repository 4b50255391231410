import { writeFile } from 'node:fs/promises';
import { cardLayout } from '../../src/profile/card-layout.ts';
import { defaultProfile } from '../../src/profile/defaults.ts';
import { boxMeasures } from '../../src/reading/marks.ts';
import { blankTemplate } from '../../src/reading/template.ts';
import { type MarkRecipe, recipeCards, TRAIN_RECIPES, TUNE_RECIPES } from './mark-cards.ts';

/**
 * The features and darkness patch of every box of the tuning split, one JSON object a line, for fitting the box
 * model (test/mark-training/fit-net.ts):
 *
 *   npx tsx test/mark-training/dump-patches.ts train /tmp/marks-train.jsonl   (TRAIN_RECIPES: fitted on)
 *   npx tsx test/mark-training/dump-patches.ts tune /tmp/marks-tune-patches.jsonl   (TUNE_RECIPES: bars, calibration)
 *
 * Held-out recipes cannot be dumped: nothing fitted or chosen may look at them.
 */
const layout = cardLayout(defaultProfile);
const which = process.argv[2];
const recipes: MarkRecipe[] | undefined =
  which === 'train' ? TRAIN_RECIPES : which === 'tune' ? TUNE_RECIPES : undefined;
if (!recipes) throw new Error('dump-patches.ts train|tune OUT [FIRST_RECIPE LAST_RECIPE]');
// A part of the recipes only (index range, inclusive), to dump in pieces: the pieces concatenated are the whole.
const first = Number(process.argv[4] ?? 0);
const last = Number(process.argv[5] ?? recipes.length - 1);
const out: string[] = [];
const r3 = (v: number) => Math.round(v * 1000) / 1000;
for (const recipe of recipes.slice(first, last + 1))
  for await (const card of recipeCards(layout, defaultProfile, recipe)) {
    const template = await blankTemplate(layout, defaultProfile, card.type);
    layout.checkboxes.forEach((box, i) => {
      const { features, patch } = boxMeasures(card.card, template, box);
      const b = card.boxes[i]!;
      out.push(
        JSON.stringify({
          recipe: recipe.name,
          seed: recipe.seed,
          style: b.style ?? 'empty',
          ticked: b.ticked,
          scale: r3(card.scale),
          blur: r3(card.blur),
          features,
          patch: Array.from(patch, r3),
        }),
      );
    });
  }
await writeFile(process.argv[3] ?? `/tmp/marks-${which}.jsonl`, `${out.join('\n')}\n`);
