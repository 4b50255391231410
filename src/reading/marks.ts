import type { Box, Layout } from '../cards/layout.ts';
import type { GreyImage } from './homography.ts';
import { PX_PER_MM } from './template.ts';

/**
 * Checkboxes: ink inside the box (ticks, crosses, fills) against ink around it (a box scribbled over to
 * cancel it is covered well beyond its edges). Ink is what is clearly darker than the paper where the blank
 * card has no print. Readings near a threshold are left undecided (null) rather than guessed.
 */
export interface BoxReading {
  id: string;
  value: boolean | null;
  confidence: number;
  /** Share of the box's inside that is inked. */
  inside: number;
  /** Share of the paper around the box that is inked. */
  around: number;
}

const EMPTY_BELOW = 0.035;
const TICKED_FROM = 0.08;
const CLEAN_AROUND_BELOW = 0.1;
const SCRIBBLED_FROM = 0.16;

export function readCheckboxes(card: GreyImage, template: GreyImage, layout: Layout): BoxReading[] {
  return layout.checkboxes.map((box) => {
    const { inside, around } = measure(card, template, box);
    return { id: box.id, ...decide(inside, around), inside, around };
  });
}

function decide(inside: number, around: number): { value: boolean | null; confidence: number } {
  const margin = (value: number, from: number, to: number) =>
    Math.min(1, Math.abs(value - from) / Math.abs(to - from));
  // An empty box is not ticked, whatever ink a neighbour's scribble left around it.
  if (inside < EMPTY_BELOW)
    return {
      value: false,
      confidence: 0.5 + 0.5 * margin(inside, EMPTY_BELOW, 0) * (around < CLEAN_AROUND_BELOW ? 1 : 0.8),
    };
  if (around >= SCRIBBLED_FROM && inside >= TICKED_FROM)
    return { value: false, confidence: 0.5 + 0.5 * margin(around, SCRIBBLED_FROM, 0.35) };
  if (inside >= TICKED_FROM && around < CLEAN_AROUND_BELOW)
    return { value: true, confidence: 0.5 + 0.5 * margin(inside, TICKED_FROM, 0.25) };
  const closeness = Math.max(
    margin(inside, TICKED_FROM, EMPTY_BELOW),
    margin(around, SCRIBBLED_FROM, CLEAN_AROUND_BELOW),
  );
  return { value: null, confidence: 0.5 * (1 - closeness) };
}

function measure(card: GreyImage, template: GreyImage, box: Box): { inside: number; around: number } {
  const k = PX_PER_MM;
  const w = card.width;
  const region = (x0: number, y0: number, x1: number, y1: number) => ({
    x0: Math.max(0, Math.round(x0 * k)),
    y0: Math.max(0, Math.round(y0 * k)),
    x1: Math.min(w, Math.round(x1 * k)),
    y1: Math.min(card.height, Math.round(y1 * k)),
  });
  const outer = region(box.x - 2, box.y - 1.6, box.x + box.w + 2, box.y + box.h + 1.6);
  const paper = paperLevel(card, template, outer);
  const ink = paper * 0.62;
  const inner = region(box.x + 0.5, box.y + 0.5, box.x + box.w - 0.5, box.y + box.h - 0.5);
  const edge = region(box.x - 0.45, box.y - 0.45, box.x + box.w + 0.45, box.y + box.h + 0.45);
  let insideInk = 0;
  let insideAll = 0;
  let aroundInk = 0;
  let aroundAll = 0;
  for (let y = outer.y0; y < outer.y1; y++)
    for (let x = outer.x0; x < outer.x1; x++) {
      const i = y * w + x;
      const inked = card.data[i]! < ink;
      if (x >= inner.x0 && x < inner.x1 && y >= inner.y0 && y < inner.y1) {
        insideAll++;
        if (inked) insideInk++;
      } else if ((x < edge.x0 || x >= edge.x1 || y < edge.y0 || y >= edge.y1) && template.data[i]! > 200) {
        aroundAll++;
        if (inked) aroundInk++;
      }
    }
  return { inside: insideInk / Math.max(1, insideAll), around: aroundInk / Math.max(1, aroundAll) };
}

/** The paper's brightness near a box: a high percentile of the pixels where the blank card is white. */
function paperLevel(
  card: GreyImage,
  template: GreyImage,
  r: { x0: number; y0: number; x1: number; y1: number },
): number {
  const histogram = new Uint32Array(256);
  let count = 0;
  for (let y = r.y0; y < r.y1; y++)
    for (let x = r.x0; x < r.x1; x++) {
      const i = y * card.width + x;
      if (template.data[i]! > 200) {
        histogram[card.data[i]!]!++;
        count++;
      }
    }
  let seen = 0;
  for (let v = 255; v >= 0; v--) {
    seen += histogram[v]!;
    if (seen >= count * 0.15) return Math.max(v, 40);
  }
  return 255;
}
