import { describe, expect, it } from 'vitest';
import { cardLayout } from '../../src/profile/card-layout.ts';
import { defaultProfile } from '../../src/profile/defaults.ts';
import { readCheckboxes } from '../../src/reading/marks.ts';
import { readPhoto } from '../../src/reading/pipeline.ts';
import { blankTemplate } from '../../src/reading/template.ts';
import { type MarkRecipe, markCard } from '../mark-training/mark-cards.ts';
import { ALL_MARK_STYLES, type MarkParams, type MarkStyle, markTicks } from '../synth/ink.ts';
import { Random } from '../synth/random.ts';
import { makeScene } from '../synth/scene.ts';

/**
 * Issue 19: checkboxes read from cards as the warp gives them (test/mark-training/mark-cards.ts), on seeds no
 * tuning decision looked at, over the photo range of the benchmark (a card 3.4–9 px/mm in the photo, blur 0.3–1.1
 * photo px); and one photo through the whole pipeline.
 */
const layout = cardLayout(defaultProfile);
const ids = layout.checkboxes.map((b) => b.id);
const RANGE: Pick<MarkRecipe, 'styles' | 'empty' | 'scale' | 'blur' | 'noise' | 'jpeg'> = {
  styles: [],
  empty: 0,
  scale: [3.4, 9],
  blur: [0.3, 1.1],
  noise: [1.5, 5],
  jpeg: [72, 92],
};

/** Boxes of the given styles laid round-robin over cards (every box marked), each read by readCheckboxes. */
async function readStyles(
  styles: MarkStyle[],
  perStyle: number,
  seed: number,
  params?: MarkParams,
  range = RANGE,
): Promise<Map<MarkStyle, (boolean | null)[]>> {
  const random = new Random(seed);
  const out = new Map<MarkStyle, (boolean | null)[]>(styles.map((s) => [s, []]));
  const queue = styles.flatMap((s) => Array.from({ length: perStyle }, () => s));
  while (queue.length) {
    const marks: Record<string, MarkStyle> = {};
    for (const id of ids) {
      const style = queue.shift();
      if (style) marks[id] = style;
    }
    const card = await markCard(layout, defaultProfile, random, range, { marks, params });
    const template = await blankTemplate(layout, defaultProfile, card.type);
    readCheckboxes(card.card, template, layout).forEach((r, i) => {
      const style = card.boxes[i]!.style;
      if (style) out.get(style)!.push(r.value);
    });
  }
  return out;
}

/**
 * Floors per style, set below what was measured on these seeds (MARKS_TEST_REPORT=1 prints it; a box is 0.042):
 * right at least `right`, wrong (and so not flagged) at most `wrong`, of 24 boxes each.
 */
const FLOORS: Record<MarkStyle, { right: number; wrong: number }> = {
  tick: { right: 0.95, wrong: 0.05 },
  'tick-long': { right: 0.95, wrong: 0.05 },
  cross: { right: 0.9, wrong: 0.05 },
  fill: { right: 0.9, wrong: 0.05 },
  'tick-small': { right: 0.9, wrong: 0.05 },
  dot: { right: 0.65, wrong: 0.15 },
  dab: { right: 0.9, wrong: 0.05 },
  'tick-light': { right: 0.9, wrong: 0.05 },
  'tick-marker': { right: 0.3, wrong: 0.1 },
  'tick-offcentre': { right: 0.9, wrong: 0.05 },
  'tick-smudged': { right: 0.9, wrong: 0.05 },
  circle: { right: 0.65, wrong: 0.05 },
  'check-hooked': { right: 0.9, wrong: 0.05 },
  scribble: { right: 0.9, wrong: 0.05 },
  'scribble-border': { right: 0.4, wrong: 0.25 },
  'scribble-inside': { right: 0.3, wrong: 0.15 },
  strike: { right: 0.9, wrong: 0.05 },
  'scribble-loops': { right: 0.9, wrong: 0.05 },
};

describe('checkboxes against the blank card at the photo’s own noise (issue 19)', () => {
  it('reads each mark style on fresh seeds at least as well as measured', { timeout: 120_000 }, async () => {
    const read = await readStyles(ALL_MARK_STYLES, 24, 77_001);
    const failures: string[] = [];
    for (const style of ALL_MARK_STYLES) {
      const values = read.get(style)!;
      const truth = markTicks(style);
      const right = values.filter((v) => v === truth).length / values.length;
      const wrong = values.filter((v) => v !== null && v !== truth).length / values.length;
      const floor = FLOORS[style];
      if (process.env.MARKS_TEST_REPORT)
        console.log(`${style}: right ${right.toFixed(3)}, wrong ${wrong.toFixed(3)}`);
      if (right < floor.right || wrong > floor.wrong)
        failures.push(
          `${style}: right ${right.toFixed(2)} (floor ${floor.right}), wrong ${wrong.toFixed(2)} (at most ${floor.wrong})`,
        );
    }
    expect(failures).toEqual([]);
  });

  it('never reads a 1 mm dot as an empty box: it is ticked or left to staff', {
    timeout: 60_000,
  }, async () => {
    const read = await readStyles(['dot'], 60, 77_002, { dot: 1 }, { ...RANGE, scale: [2.9, 9] });
    const values = read.get('dot')!;
    expect(values).toHaveLength(60);
    expect(values.filter((v) => v === false)).toEqual([]);
    // And mostly read, not only flagged.
    expect(values.filter((v) => v === true).length).toBeGreaterThanOrEqual(40);
  });

  it('never reads a box scribbled out well beyond it as ticked, nor a struck-through one', {
    timeout: 60_000,
  }, async () => {
    const read = await readStyles(['scribble', 'strike', 'scribble-loops'], 30, 77_003);
    for (const style of ['scribble', 'strike', 'scribble-loops'] as const) {
      const values = read.get(style)!;
      expect(
        values.filter((v) => v === true),
        style,
      ).toEqual([]);
    }
  });

  it('reads empty boxes as empty, whatever the neighbours carry', { timeout: 60_000 }, async () => {
    const random = new Random(77_004);
    let empty = 0;
    let wrong = 0;
    let undecided = 0;
    for (let c = 0; c < 16; c++) {
      const card = await markCard(layout, defaultProfile, random, {
        ...RANGE,
        styles: ALL_MARK_STYLES,
        empty: 0.5,
      });
      const template = await blankTemplate(layout, defaultProfile, card.type);
      readCheckboxes(card.card, template, layout).forEach((r, i) => {
        if (card.boxes[i]!.style) return;
        empty++;
        if (r.value === true) wrong++;
        if (r.value === null) undecided++;
      });
    }
    expect(empty).toBeGreaterThan(80);
    expect(wrong).toBe(0);
    expect(undecided / empty).toBeLessThanOrEqual(0.05);
  });

  it('through the whole pipeline: a dot, a light tick, a circled box, a struck-through and a scribbled-out box', {
    timeout: 60_000,
  }, async () => {
    const marks: Record<string, MarkStyle> = {
      'area.general': 'dot',
      'area.children': 'strike',
      'area.digital': 'tick-light',
      'area.facility': 'circle',
      'satisfaction.2': 'scribble-border',
      'satisfaction.4': 'tick',
      'reply.wanted': 'dab',
    };
    const scene = await makeScene(layout, defaultProfile, new Random(77_005), {
      width: 2000,
      height: 1500,
      cards: 1,
      tornStubs: 0,
      colouredStock: 0,
      fill: { marks },
    });
    const reading = await readPhoto({ layout, profile: defaultProfile }, scene.jpeg);
    expect(reading.cards).toHaveLength(1);
    const card = reading.cards[0]!;
    for (const id of ids) {
      const style = marks[id];
      const truth = style ? markTicks(style) : false;
      // Right or left to staff, never wrong; and flagged whenever undecided.
      expect([truth, null], `${id} (${style ?? 'empty'})`).toContain(card.checks[id]);
      if (card.checks[id] === null) expect(card.needsReview).toContain('checkbox-undecided');
    }
    // The plain tick and the empty boxes are read, not left to staff.
    expect(card.checks['satisfaction.4']).toBe(true);
    expect(ids.filter((id) => !marks[id]).every((id) => card.checks[id] === false)).toBe(true);
  });
});
