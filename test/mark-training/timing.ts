import { cardLayout } from '../../src/profile/card-layout.ts';
import { defaultProfile } from '../../src/profile/defaults.ts';
import { readCheckboxes } from '../../src/reading/marks.ts';
import { blankTemplate } from '../../src/reading/template.ts';
import { recipeCards, TUNE_RECIPE } from './mark-cards.ts';

/** The box decision's own cost: ms per card (15 boxes), over 20 cards read 10 times each. */
const layout = cardLayout(defaultProfile);
const cards = [];
for await (const card of recipeCards(layout, defaultProfile, TUNE_RECIPE, 20)) cards.push(card);
const templates = {
  green: await blankTemplate(layout, defaultProfile, 'green'),
  yellow: await blankTemplate(layout, defaultProfile, 'yellow'),
};
for (const c of cards) readCheckboxes(c.card, templates[c.type], layout);
const started = performance.now();
for (let r = 0; r < 10; r++) for (const c of cards) readCheckboxes(c.card, templates[c.type], layout);
console.log(`${((performance.now() - started) / (10 * cards.length)).toFixed(2)} ms per card`);
