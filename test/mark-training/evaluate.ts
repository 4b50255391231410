import type { Layout } from '../../src/profile/card-layout.ts';
import type { Profile } from '../../src/profile/schema.ts';
import { readCheckboxes } from '../../src/reading/marks.ts';
import { blankTemplate } from '../../src/reading/template.ts';
import { ALL_MARK_STYLES, HELD_OUT_STYLES } from '../synth/ink.ts';
import { type MarkRecipe, recipeCards } from './mark-cards.ts';

/** Boxes of one style (or 'empty'): read right, left undecided, read wrong (and so not flagged). */
export interface StyleCounts {
  boxes: number;
  right: number;
  undecided: number;
  wrong: number;
  /** Of the wrong: read ticked though not ticked. */
  falseTicked: number;
}

export interface MarkEvaluation {
  byStyle: Record<string, StyleCounts>;
  /** Decided boxes by confidence bin: how many, mean confidence, how many wrong. */
  bins: { from: number; to: number; boxes: number; confidence: number; wrong: number }[];
  cards: number;
  ms: number;
}

const BIN_EDGES = [0, 0.85, 0.95, 0.99, 0.999, 1.0001];

/** Reads every card of the recipes with the real box decision and counts the outcome per mark style. */
export async function evaluateMarks(
  layout: Layout,
  profile: Profile,
  recipes: MarkRecipe[],
  count?: (recipe: MarkRecipe) => number,
): Promise<MarkEvaluation> {
  const byStyle: Record<string, StyleCounts> = {};
  const bins = BIN_EDGES.slice(0, -1).map((from, i) => ({
    from,
    to: BIN_EDGES[i + 1]!,
    boxes: 0,
    confidence: 0,
    wrong: 0,
  }));
  let cards = 0;
  let ms = 0;
  for (const recipe of recipes)
    for await (const card of recipeCards(layout, profile, recipe, count?.(recipe))) {
      cards++;
      const template = await blankTemplate(layout, profile, card.type);
      const started = performance.now();
      const readings = readCheckboxes(card.card, template, layout);
      ms += performance.now() - started;
      readings.forEach((r, i) => {
        const truth = card.boxes[i]!;
        const key = truth.style ?? 'empty';
        byStyle[key] ??= { boxes: 0, right: 0, undecided: 0, wrong: 0, falseTicked: 0 };
        const c = byStyle[key]!;
        c.boxes++;
        if (r.value === null) c.undecided++;
        else if (r.value === truth.ticked) c.right++;
        else {
          c.wrong++;
          if (r.value) c.falseTicked++;
        }
        if (r.value !== null) {
          const bin = bins.find((b) => r.confidence >= b.from && r.confidence < b.to)!;
          bin.boxes++;
          bin.confidence += r.confidence;
          if (r.value !== truth.ticked) bin.wrong++;
        }
      });
    }
  return { byStyle, bins, cards, ms };
}

export function totals(e: MarkEvaluation): StyleCounts {
  const t: StyleCounts = { boxes: 0, right: 0, undecided: 0, wrong: 0, falseTicked: 0 };
  for (const c of Object.values(e.byStyle)) {
    t.boxes += c.boxes;
    t.right += c.right;
    t.undecided += c.undecided;
    t.wrong += c.wrong;
    t.falseTicked += c.falseTicked;
  }
  return t;
}

const pct = (v: number, n: number) => (n ? `${((100 * v) / n).toFixed(1)}%` : '—');

/** Markdown: the confusion per mark style of one or more evaluations side by side. */
export function styleTable(columns: { name: string; e: MarkEvaluation }[]): string[] {
  const styles = ['empty', ...ALL_MARK_STYLES];
  const lines = [
    `| mark style | counts as | ${columns.map((c) => `${c.name}: boxes, right / undecided / wrong`).join(' | ')} |`,
    `| --- | --- | ${columns.map(() => '---').join(' | ')} |`,
  ];
  for (const style of styles) {
    const cells = columns.map(({ e }) => {
      const c = e.byStyle[style];
      if (!c) return '—';
      return `${c.boxes}: ${pct(c.right, c.boxes)} / ${pct(c.undecided, c.boxes)} / ${pct(c.wrong, c.boxes)}`;
    });
    if (cells.every((c) => c === '—')) continue;
    const counts =
      style === 'empty'
        ? 'not ticked'
        : ['scribble', 'scribble-border', 'scribble-inside', 'strike', 'scribble-loops'].includes(style)
          ? 'not ticked (cancelled)'
          : 'ticked';
    const held = HELD_OUT_STYLES.includes(style as never) ? ' (held-out style)' : '';
    lines.push(`| ${style}${held} | ${counts} | ${cells.join(' | ')} |`);
  }
  const all = columns.map(({ e }) => {
    const t = totals(e);
    return `**${t.boxes}: ${pct(t.right, t.boxes)} / ${pct(t.undecided, t.boxes)} / ${pct(t.wrong, t.boxes)}**`;
  });
  lines.push(`| all boxes | | ${all.join(' | ')} |`);
  return lines;
}

/** Markdown: confidence bin → measured error, of decided boxes. */
export function calibrationTable(columns: { name: string; e: MarkEvaluation }[]): string[] {
  const lines = [
    `| confidence | ${columns.map((c) => `${c.name}: boxes, mean confidence, measured error`).join(' | ')} |`,
    `| --- | ${columns.map(() => '---').join(' | ')} |`,
  ];
  BIN_EDGES.slice(0, -1).forEach((from, i) => {
    const to = Math.min(1, BIN_EDGES[i + 1]!);
    const cells = columns.map(({ e }) => {
      const b = e.bins[i]!;
      return b.boxes
        ? `${b.boxes}, ${(b.confidence / b.boxes).toFixed(3)}, ${pct(b.wrong, b.boxes)} (${b.wrong})`
        : '—';
    });
    lines.push(`| ${from.toFixed(3)}–${to.toFixed(3)} | ${cells.join(' | ')} |`);
  });
  return lines;
}
