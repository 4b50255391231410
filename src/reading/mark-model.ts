import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The checkbox decision (issue 19). Hand-made rules (`decisionPath`) and a small logistic regression
 * (`TANGLE`) describe the shape of the ink; a small fitted network (`models/marks.json`, made by
 * test/mark-training/fit-net.ts) reads those, the measures of `marks.ts` and the darkness patch round the box,
 * and says how likely the box is ticked. Its bars and its calibration were set on the tuning recipes.
 */
export interface BoxFeatures {
  /** Paper level (grey) and its noise (σ, grey levels) measured on the blank paper around the box. */
  paper: number;
  noise: number;
  /** How dark the printed outline's blur makes the paper just outside it (the photo's blur, seen at the box). */
  spill: number;
  /** Darkness summed over the inside (mm² of full-contrast ink) and its noise at this photo's noise level. */
  mass: number;
  massNoise: number;
  /** The darkest 0.75 mm square inside the box (mean darkness) and the noise of such a mean here. */
  peak: number;
  windowNoise: number;
  /** Darkness of the strokes (90th percentile of what is clearly darker than the paper). */
  stroke: number;
  /** Inked shares: inside (0.5 mm in), around (0.45–2 mm out), far around (1.1–2 mm), each side around. */
  inside: number;
  around: number;
  far: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
  /** Strokes crossing a contour 0.6 mm outside the box, and that contour's inked share. */
  crossings: number;
  crossingCover: number;
  /** The same on a contour 0.55 mm inside the box. */
  innerRuns: number;
  innerCover: number;
  /** Mean count of strokes met along three lines across and three down the inside. */
  scanRuns: number;
  /** Length of the strokes inside the box (mm), from the length of the ink's edges. */
  strokeLength: number;
  /** Share of the ink inside that lies along the box's diagonals (a cross). */
  diagonal: number;
  /** Paper enclosed by ink inside the box: how many holes (0.05 mm² and more) and their area (mm²). */
  holes: number;
  holeArea: number;
  /** Pieces of ink inside the box (0.1 mm² and more). */
  components: number;
}

/** Which of the hand-made rules a box's ink meets first. */
export type DecisionPath =
  | 'blank'
  | 'blank-near'
  | 'faint'
  | 'circled'
  | 'ticked'
  | 'ticked-near'
  | 'dense'
  | 'scribbled'
  | 'struck'
  | 'scribbled-border'
  | 'ringed-partly'
  | 'crowded'
  | 'tangled'
  | 'blank-faint'
  | 'crossed';

/**
 * A tangle scribbled inside a box (cancelled) against a tick, a cross, a dot or a thick marker: a logistic
 * regression on these measures, fitted on the tuning split by test/mark-training/fit.ts (printed there, pasted
 * here). Denser ink than a tick leaves, not the even cover of a fill, its edge contour less inked.
 */
export const TANGLE_FEATURES: ((f: BoxFeatures) => number)[] = [
  (f) => f.inside,
  (f) => f.strokeLength,
  (f) => f.scanRuns,
  (f) => f.innerCover,
  (f) => f.innerRuns,
  (f) => f.peak,
  (f) => f.stroke,
  (f) => f.mass,
  (f) => f.inside * f.strokeLength,
  (f) => f.mass / Math.max(0.3, f.strokeLength),
  (f) => f.diagonal,
];
export const TANGLE = {
  bias: -7.393,
  weights: [
    7.0936, 0.104389, -2.45438, -5.96043, 0.166092, 1.32034, 0.067807, 1.31345, 1.59675, 0.759582, -4.32042,
  ],
};
/** Inside inked at least this much: an even fill, not weighed against a tangle. */
const EVEN_FILL_FROM = 0.975;
/** Above this the box is read as a tangle (cancelled); between the two it is left to staff. */
const TANGLE_FROM = 0.7;
const TANGLE_UNSURE_FROM = 0.35;

export function tangle(f: BoxFeatures): number {
  const z = TANGLE_FEATURES.reduce((s, g, j) => s + g(f) * TANGLE.weights[j]!, TANGLE.bias);
  return 1 / (1 + Math.exp(-z));
}

export function decisionPath(f: BoxFeatures): DecisionPath {
  // The noise of a blank window is measured on the paper around the box; a surround covered in ink gives no
  // measure, so its part is capped.
  // A blurred photo leaves more of the outline's spill unaccounted for: the bars rise with it.
  const emptyBelow = Math.max(0.06, Math.min(0.09, 10 * f.windowNoise), 0.4 * f.spill);
  const markFrom = Math.max(0.1, Math.min(0.13, 15 * f.windowNoise), 0.6 * f.spill);
  const sidesInked = [f.left, f.right, f.top, f.bottom].filter((v) => v >= 0.05).length;
  if (f.peak < emptyBelow) {
    // Nothing in the box: a ring drawn round it (on all sides, several strokes met) is a choice circled.
    if (f.crossingCover >= 0.2 && f.around >= 0.12) {
      if (sidesInked === 4 && Math.min(f.left, f.right) >= 0.08) return 'circled';
      // Ink above (or below) only, and heavy: the scribble of the box in the next row reaching over.
      if (
        Math.max(f.top, f.bottom) >= 0.5 &&
        Math.min(f.top, f.bottom) < 0.05 &&
        Math.max(f.left, f.right) < 0.25
      )
        return 'blank-near';
      // Nothing at the box's left and right: a ring round the box passes both, this is neighbours' ink.
      if (Math.max(f.left, f.right) < 0.02) return 'blank-near';
      // Ink on some sides only: a circle not closed, or a neighbour's scribble reaching over.
      return 'ringed-partly';
    }
    return f.peak < emptyBelow / 2 ? 'blank' : 'blank-near';
  }
  // Faint, and too little of it to be a mark (under 0.14 mm² of full-contrast ink, a 0.4 mm dot; the lightest
  // light-pen tick of the tuning split had 0.18): what the spill correction left of the outline.
  if (f.peak < markFrom) return f.mass < 0.14 ? 'blank-faint' : 'faint';
  // Ink in the box. Cancelled: a scribble well beyond it, a line struck across it, a dense scribble over its
  // border; a box densely inked but neither an even fill nor a tick is left to staff.
  if (f.around >= 0.3 && Math.max(f.left, f.right) >= 0.3) return 'scribbled';
  if (f.left >= 0.05 && f.right >= 0.04 && f.crossings >= 2)
    // A line across, unless the ink above or below says a neighbour's marks reach over this box.
    return Math.max(f.top, f.bottom) < 0.5 ? 'struck' : 'crowded';
  if (f.inside >= 0.7 && f.crossings >= 3) return 'scribbled-border';
  if (f.inside < EVEN_FILL_FROM) {
    const p = tangle(f);
    if (p >= TANGLE_FROM) return 'tangled';
    // Most of the ink (85%) along the diagonals: a cross (few tangles lie so).
    if (f.diagonal >= 0.85) return 'crossed';
    if (p >= TANGLE_UNSURE_FROM) return 'dense';
  }
  return f.peak < 2 * markFrom ? 'ticked-near' : 'ticked';
}

/** What each path of the hand-made rules reads on its own (the fitted model reads the path as one input). */
export const PATH_VALUE: Record<DecisionPath, boolean | null> = {
  blank: false,
  'blank-near': false,
  faint: null,
  circled: true,
  ticked: true,
  'ticked-near': true,
  dense: null,
  scribbled: false,
  struck: false,
  'scribbled-border': false,
  'ringed-partly': null,
  crowded: null,
  tangled: false,
  'blank-faint': false,
  crossed: true,
};

/** The confidence given to an undecided box. */
const UNDECIDED_CONFIDENCE = 0.25;

/** The measures the fitted box model reads besides the patch, in its input order. */
export const NET_FEATURES: (keyof BoxFeatures)[] = [
  'paper',
  'noise',
  'spill',
  'mass',
  'massNoise',
  'peak',
  'windowNoise',
  'stroke',
  'inside',
  'around',
  'far',
  'left',
  'right',
  'top',
  'bottom',
  'crossings',
  'crossingCover',
  'innerRuns',
  'innerCover',
  'scanRuns',
  'strokeLength',
  'diagonal',
  'holes',
  'holeArea',
  'components',
];
export const NET_PATHS: DecisionPath[] = [
  'blank',
  'blank-near',
  'faint',
  'circled',
  'ticked',
  'ticked-near',
  'dense',
  'scribbled',
  'struck',
  'scribbled-border',
  'ringed-partly',
  'crowded',
  'tangled',
  'blank-faint',
  'crossed',
];

/**
 * The fitted model's input, before its standardization: the measures, the tangle score, the hand-made rules'
 * path (one-hot), then the darkness patch (`marks.ts`, PATCH_CELLS² cells).
 */
export function netInput(f: BoxFeatures, patch: ArrayLike<number>): Float64Array {
  const path = decisionPath(f);
  const x = new Float64Array(NET_FEATURES.length + 1 + NET_PATHS.length + patch.length);
  let i = 0;
  for (const name of NET_FEATURES) x[i++] = f[name];
  x[i++] = tangle(f);
  for (const p of NET_PATHS) x[i++] = p === path ? 1 : 0;
  for (let j = 0; j < patch.length; j++) x[i++] = patch[j]!;
  return x;
}

/** The classes the model tells apart. */
export const NET_CLASSES = ['empty', 'ticked', 'cancelled'] as const;

export interface MarkNet {
  format: 'cardbox-marks-1';
  /** Standardization of the input: (x − mean) / sd, clipped to ±CLIP. */
  mean: number[];
  sd: number[];
  /**
   * An ensemble: each member dense layers, ReLU between them, softmax after the last (w row-major [out][in]);
   * the members' probabilities are averaged.
   */
  members: { inputs: number; outputs: number; w: number[]; b: number[] }[][];
  /** P(ticked) at least `tickFrom`: ticked; at most `emptyUpTo`: not ticked; between: undecided. */
  tickFrom: number;
  emptyUpTo: number;
  /**
   * Calibration on the tuning recipes (never trained on): bins of the probability of the value read, with how
   * many boxes fell in each and how many of them were read right.
   */
  calibration: { from: number; to: number; right: number; boxes: number }[];
}

export const NET_CLIP = 6;

/** Class probabilities (empty, ticked, cancelled) of the model for one input. */
export function netProbabilities(net: MarkNet, input: Float64Array): number[] {
  const z = new Float64Array(input.length);
  for (let i = 0; i < input.length; i++) {
    const v = (input[i]! - net.mean[i]!) / net.sd[i]!;
    z[i] = v > NET_CLIP ? NET_CLIP : v < -NET_CLIP ? -NET_CLIP : v;
  }
  const mean = [0, 0, 0];
  for (const layers of net.members) {
    let a = z;
    // Plain loops over locals: the same sums in the same order as before, in half the time.
    for (let l = 0; l < layers.length; l++) {
      const { w, b, inputs, outputs } = layers[l]!;
      const hidden = l < layers.length - 1;
      const out = new Float64Array(outputs);
      for (let o = 0; o < outputs; o++) {
        let s = b[o]!;
        const row = o * inputs;
        for (let i = 0; i < inputs; i++) s += w[row + i]! * a[i]!;
        out[o] = hidden && s < 0 ? 0 : s;
      }
      a = out;
    }
    let max = Number.NEGATIVE_INFINITY;
    for (const v of a) if (v > max) max = v;
    const e = Array.from(a, (v) => Math.exp(v - max));
    const sum = e.reduce((s, v) => s + v, 0);
    e.forEach((v, c) => {
      mean[c]! += v / sum / net.members.length;
    });
  }
  return mean;
}

let loaded: MarkNet | undefined;
/** The shipped model, `models/marks.json` (made by test/mark-training/fit-net.ts). */
export function markNet(): MarkNet {
  if (!loaded) {
    const file = JSON.parse(
      readFileSync(fileURLToPath(new URL('./models/marks.json', import.meta.url)), 'utf8'),
    ) as MarkNet;
    if (file.format !== 'cardbox-marks-1') throw new Error('marks.json: unknown format');
    loaded = file;
  }
  return loaded;
}

/** The calibrated confidence of a value read with probability `p` (its bin's share right, add-one smoothed). */
export function calibrated(net: MarkNet, p: number): number {
  const bin = net.calibration.find((b) => p >= b.from && p < b.to) ?? net.calibration.at(-1)!;
  return (bin.right + 1) / (bin.boxes + 2);
}

/**
 * Where the hand-made ink test finds no clear mark (these paths), the model must be surer to read a tick: on
 * the tuning recipes such boxes read ticked are light-pen ticks, all but 2 of 16 at 0.999 and more, while an
 * empty box of a far card seen steeply (steep-twenty.test.ts: 3.2 px/mm along, 1.9 across) was read ticked at
 * 0.995. Set after the bars and the calibration of `marks.json`, which were measured without it.
 */
const UNINKED_PATHS: DecisionPath[] = ['blank', 'blank-near', 'blank-faint', 'faint'];
export const UNINKED_TICK_FROM = 0.999;

export function decideBox(
  f: BoxFeatures,
  patch: ArrayLike<number>,
  net: MarkNet = markNet(),
): { value: boolean | null; confidence: number; path: DecisionPath; ticked: number } {
  const path = decisionPath(f);
  const ticked = netProbabilities(net, netInput(f, patch))[1]!;
  const tickFrom = UNINKED_PATHS.includes(path) ? Math.max(net.tickFrom, UNINKED_TICK_FROM) : net.tickFrom;
  const value = ticked >= tickFrom ? true : ticked <= net.emptyUpTo ? false : null;
  if (value === null) return { value, confidence: UNDECIDED_CONFIDENCE, path, ticked };
  const confidence = calibrated(net, value ? ticked : 1 - ticked);
  return { value, confidence: Number(confidence.toFixed(4)), path, ticked };
}
