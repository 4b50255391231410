import { writeFile } from 'node:fs/promises';
import { cardLayout } from '../../src/profile/card-layout.ts';
import { defaultProfile } from '../../src/profile/defaults.ts';
import { decisionPath, tangle } from '../../src/reading/mark-model.ts';
import { readCheckboxes } from '../../src/reading/marks.ts';
import { blankTemplate } from '../../src/reading/template.ts';
import { HELD_OUT_RECIPES, type MarkRecipe, recipeCards, TUNE_RECIPES } from './mark-cards.ts';

/**
 * The features of every box of a recipe's cards, one JSON object a line (style, truth, features), for studying
 * and fitting the decision: `npx tsx test/mark-training/dump.ts tune > /tmp/tune.jsonl`. Only the tuning split is
 * ever used to choose anything.
 */
const layout = cardLayout(defaultProfile);
const which = process.argv[2] ?? 'tune';
const count = Number(process.argv[3]) || undefined;
const recipes: MarkRecipe[] =
  which === 'tune' ? TUNE_RECIPES : which === 'tune-small' ? [TUNE_RECIPES[1]!] : HELD_OUT_RECIPES;
const out: string[] = [];
for (const recipe of recipes)
  for await (const card of recipeCards(layout, defaultProfile, recipe, count)) {
    const template = await blankTemplate(layout, defaultProfile, card.type);
    const readings = readCheckboxes(card.card, template, layout);
    readings.forEach((r, i) => {
      const b = card.boxes[i]!;
      out.push(
        JSON.stringify({
          recipe: recipe.name,
          style: b.style ?? 'empty',
          ticked: b.ticked,
          scale: card.scale,
          blur: card.blur,
          value: r.value,
          confidence: r.confidence,
          path: decisionPath(r.features),
          tangle: tangle(r.features),
          ...r.features,
        }),
      );
    });
  }
await writeFile(process.argv[4] ?? `/tmp/marks-${which}.jsonl`, `${out.join('\n')}\n`);
