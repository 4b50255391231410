import type { GreyImage } from './homography.ts';

/**
 * What a field's crop (print removed, paper at 255: `cleanCrop`) holds, decided against the blank card at this
 * crop's own noise instead of a fixed ink share (issue 19: a line under 0.4% of pixels darker than 150 used to
 * be skipped, and 93 of 974 written lines of the separate benchmark came back empty).
 *
 * - The paper's noise is measured on the crop itself: the spread of the pixels near the paper level.
 * - Ink is what is darker than the paper by well over that noise (never less than `MIN_CONTRAST` levels).
 * - Pieces of ink (8-connected) that enter the crop from its top edge and stay in its top third are a
 *   neighbour's (a descender of the line above, the bottom of a phone digit): rubbed out. Not at the bottom
 *   unless asked: a field's own letters sit near its rule there (a batchim, a descender), and nothing of the
 *   card's other fields reaches up into a message line or the e-mail line.
 * - Long thin horizontal pieces are what a slightly misplaced pose leaves of a printed rule: rubbed out.
 * - Specks smaller than `MIN_PIECE` pixels are noise.
 * Then `blank` only if no ink piece is left: the crop is indistinguishable from the blank card. `faint` when
 * what is left is little or low in contrast: read anyway, and flagged if nothing is read.
 */
export interface Segmented {
  image: GreyImage;
  blank: boolean;
  /** Ink was found, but little of it or faint: the reading is to be checked. */
  faint: boolean;
  /** Ink pixels kept, and the paper noise (grey levels) the decision was made at. */
  inkPixels: number;
  noise: number;
}

/** Ink must be darker than the paper by at least this many levels, and by `NOISE_FACTOR` × the noise. */
const MIN_CONTRAST = 40;
const NOISE_FACTOR = 7;
/** About 0.25 mm² at 8 px/mm: the least ink that says "written" (a pen dot is more). Smaller pieces (an i's
 * dot) are kept in the image, and under `MIN_SPECK` pixels dropped as noise. */
const MIN_PIECE = 16;
const MIN_SPECK = 4;
/** By default, a piece that comes within this many pixels of the top or bottom edge (0.9 mm: past the rule, widened in the template, that the cut takes in) and stays in that third
 * of the crop came from the band beside it (the cut may leave a row of paper between). */
const EDGE = 7;
/** Less ink than this (about 3 mm² at 8 px/mm: a syllable or two), or ink no darker than this, is faint. */
const FAINT_PIXELS = 200;
const FAINT_CONTRAST = 110;

export function segmentField(
  image: GreyImage,
  { above = true, below = false, edge = EDGE }: { above?: boolean; below?: boolean; edge?: number } = {},
): Segmented {
  const { width: w, height: h, data } = image;
  const noise = paperNoise(data);
  const bar = 255 - Math.max(MIN_CONTRAST, NOISE_FACTOR * noise);
  const ink = new Uint8Array(w * h);
  for (let i = 0; i < w * h; i++) if (data[i]! < bar) ink[i] = 1;
  const out = Uint8Array.from(data);
  const label = new Int32Array(w * h).fill(-1);
  const stack: number[] = [];
  let kept = 0;
  let darkest = 255;
  for (let start = 0; start < w * h; start++) {
    if (!ink[start] || label[start] !== -1) continue;
    const pixels: number[] = [];
    label[start] = start;
    stack.push(start);
    let x0 = w;
    let x1 = -1;
    let y0 = h;
    let y1 = -1;
    let min = 255;
    while (stack.length) {
      const p = stack.pop()!;
      pixels.push(p);
      const x = p % w;
      const y = (p - x) / w;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      if (data[p]! < min) min = data[p]!;
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          const yy = y + dy;
          if (xx < 0 || yy < 0 || xx >= w || yy >= h) continue;
          const q = yy * w + xx;
          if (ink[q] && label[q] === -1) {
            label[q] = start;
            stack.push(q);
          }
        }
    }
    const tall = y1 - y0 + 1;
    const fromAbove = above && y0 <= edge && y1 < h / 3;
    const fromBelow = below && y1 >= h - 1 - edge && y0 > (2 * h) / 3;
    const rule =
      tall <= 4 && x1 - x0 + 1 > Math.max(80, 12 * tall) && tall * (x1 - x0 + 1) < 2.5 * pixels.length;
    if (pixels.length < MIN_SPECK || fromAbove || fromBelow || rule) {
      // Rubbed out, with the grey halo round it (the pixels darker than the paper's noise next to it).
      for (const p of pixels) out[p] = 255;
      continue;
    }
    // A piece too small to be writing on its own (an i's dot, a speck) stays in the image but decides nothing.
    if (pixels.length < MIN_PIECE) continue;
    kept += pixels.length;
    if (min < darkest) darkest = min;
  }
  return {
    image: { data: out, width: w, height: h },
    blank: kept === 0,
    faint: kept > 0 && (kept < FAINT_PIXELS || 255 - darkest < FAINT_CONTRAST),
    inkPixels: kept,
    noise,
  };
}

/** The paper's noise: the RMS distance from 255 of the pixels within 40 levels of it (paper is at 255 after
 * `cleanCrop`, ink only darkens), at least 1. */
function paperNoise(data: Uint8Array): number {
  let s = 0;
  let n = 0;
  for (const v of data)
    if (v > 215) {
      s += (255 - v) ** 2;
      n++;
    }
  return Math.max(1, n ? Math.sqrt(s / n) : 1);
}
