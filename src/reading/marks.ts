import type { Box, Layout } from '../profile/card-layout.ts';
import type { GreyImage } from './homography.ts';
import { type BoxFeatures, decideBox } from './mark-model.ts';
import { PX_PER_MM } from './template.ts';

/**
 * Checkboxes (issue 19): each box is compared with the blank card at this photo's own paper level and noise.
 * "Empty" only when the inside of the box is as blank as the template at the noise measured around it; a box
 * with ink is judged by the shape of that ink (a separate model of cancellation: a dense scribble over the box
 * and its border, a strike-through, a tangle kept inside the box), and a box whose reading is unsure is left
 * undecided (null) for staff. The decision and its calibration are in `mark-model.ts`.
 */
export interface BoxReading {
  id: string;
  value: boolean | null;
  /** Calibrated: about the share of boxes of this confidence that are read right (docs/reading.md). */
  confidence: number;
  /** Share of the box's inside that is inked. */
  inside: number;
  /** Share of the paper around the box that is inked. */
  around: number;
  /** Everything the decision looked at. */
  features: BoxFeatures;
}

export function readCheckboxes(card: GreyImage, template: GreyImage, layout: Layout): BoxReading[] {
  return layout.checkboxes.map((box) => {
    const { features, patch } = boxMeasures(card, template, box);
    const { value, confidence } = decideBox(features, patch);
    return { id: box.id, value, confidence, inside: features.inside, around: features.around, features };
  });
}

/** A pixel counts as printed on the blank card when the template is this dark there. */
const PRINTED = 200;
/** Side of the squares the ink's darkness is averaged over (mm): about a 1 mm dot's inside. */
const WINDOW_MM = 0.75;
/** The surround looked at for cancellation: up to 1.3 mm out (the next box of a column is 1.4 mm away). */
const AROUND_MM = 1.3;

/**
 * What is measured of one box on the upright card (PX_PER_MM), where the blank template is white:
 * darkness is (paper − grey) / paper, the paper level and its noise taken from the blank paper around the box.
 */
export function boxFeatures(card: GreyImage, template: GreyImage, box: Box): BoxFeatures {
  return boxMeasures(card, template, box).features;
}

/**
 * The darkness around the box on a PATCH_CELLS × PATCH_CELLS grid centred on the box, PATCH_MM across (the box
 * and 1.4 mm round it), each cell the mean darkness of its paper (where the blank card prints nothing), after
 * the outline's spill is taken off; a cell all print is 0. Row by row, top first. Then the box itself, finer,
 * on INNER_CELLS × INNER_CELLS (0.2 mm cells: a tangle's gaps between strokes, a marker's solid stroke).
 */
export const PATCH_CELLS = 20;
export const PATCH_MM = 6.2;
export const INNER_CELLS = 16;

/** The features of one box and the darkness patch the fitted model (`mark-model.ts`) reads. */
export function boxMeasures(
  card: GreyImage,
  template: GreyImage,
  box: Box,
): { features: BoxFeatures; patch: Float32Array } {
  const k = PX_PER_MM;
  const w = card.width;
  const h = card.height;
  const px = (mm: number) => Math.round(mm * k);
  // The area looked at: the box and 2.5 mm to its sides, 1.6 mm above and below (the next row of boxes is 1.4
  // mm away; its own inside starts 0.5 mm further).
  const X0 = Math.max(0, px(box.x - 2.5));
  const Y0 = Math.max(0, px(box.y - 1.6));
  const X1 = Math.min(w, px(box.x + box.w + 2.5));
  const Y1 = Math.min(h, px(box.y + box.h + 1.6));
  const bw = X1 - X0;
  const bh = Y1 - Y0;
  const bx0 = box.x * k - X0;
  const by0 = box.y * k - Y0;
  const bx1 = (box.x + box.w) * k - X0;
  const by1 = (box.y + box.h) * k - Y0;
  const [sx, sy] = register(card, template, box);
  const white = new Uint8Array(bw * bh);
  const grey = new Float32Array(bw * bh);
  // Distance outside the box's edge (mm; negative inside), per pixel centre.
  const outside = new Float32Array(bw * bh);
  for (let y = 0; y < bh; y++)
    for (let x = 0; x < bw; x++) {
      const i = (y + Y0) * w + x + X0;
      const j = y * bw + x;
      const cxp = Math.min(w - 1, Math.max(0, x + X0 + sx));
      const cyp = Math.min(h - 1, Math.max(0, y + Y0 + sy));
      white[j] = template.data[i]! > PRINTED ? 1 : 0;
      grey[j] = card.data[cyp * w + cxp]!;
      const cx = x + 0.5;
      const cy = y + 0.5;
      const dx = Math.max(bx0 - cx, cx - bx1);
      const dy = Math.max(by0 - cy, cy - by1);
      outside[j] = (dx > 0 && dy > 0 ? Math.sqrt(dx * dx + dy * dy) : Math.max(dx, dy)) / k;
    }

  // Paper level and noise from the blank paper around the box (0.45 mm and more outside it): the paper is the
  // histogram's brightest mode, its noise the spread on the bright side of that mode (ink only darkens), so
  // ink covering even half of the surround changes neither.
  const ring: number[] = [];
  for (let j = 0; j < bw * bh; j++) if (white[j] && outside[j]! >= 0.45) ring.push(grey[j]!);
  const { mode: paperMode, spread: sigmaRaw } = brightMode(ring, 1);
  const sigma = Math.max(0.5, sigmaRaw);
  const paper = Math.max(40, paperMode);
  const dark = new Float32Array(bw * bh);
  for (let j = 0; j < bw * bh; j++) dark[j] = (paper - grey[j]!) / paper;
  // The blank box as this photo shows it: its printed outline blurred by the photo, so a blank box is a little
  // dark just inside its edges. The outline is symmetric, so what it spills outside (the median around the box
  // at each distance, a mark covering less than half of the surround changes nothing) is what it spills inside;
  // a corner gets both sides' share. That expected darkness is taken off the inside.
  const spill = spillProfile(dark, white, outside, k);
  for (let y = 0; y < bh; y++)
    for (let x = 0; x < bw; x++) {
      const j = y * bw + x;
      if (outside[j]! >= 0) {
        // Outside, the outline's spill at this distance is the profile itself.
        const r = Math.round(outside[j]! * k);
        if (r < spill.length) dark[j] = dark[j]! - spill[r]!;
        continue;
      }
      const cx = x + 0.5;
      const cy = y + 0.5;
      const ix = Math.min(cx - bx0, bx1 - cx);
      const iy = Math.min(cy - by0, by1 - cy);
      dark[j] =
        dark[j]! -
        (spill[Math.min(spill.length - 1, Math.round(ix))] ?? 0) -
        (spill[Math.min(spill.length - 1, Math.round(iy))] ?? 0);
    }

  const patch = new Float32Array(PATCH_CELLS ** 2 + INNER_CELLS ** 2);
  const mid = [(bx0 + bx1) / 2, (by0 + by1) / 2] as const;
  patch.set(darknessPatch(dark, white, bw, bh, ...mid, k, PATCH_CELLS, PATCH_MM));
  patch.set(darknessPatch(dark, white, bw, bh, ...mid, k, INNER_CELLS, box.w), PATCH_CELLS ** 2);

  // Window means of darkness (summed-area table over white pixels).
  const win = Math.max(2, Math.round(WINDOW_MM * k));
  const sum = new Float64Array((bw + 1) * (bh + 1));
  const cnt = new Float64Array((bw + 1) * (bh + 1));
  for (let y = 0; y < bh; y++)
    for (let x = 0; x < bw; x++) {
      const j = y * bw + x;
      const o = (y + 1) * (bw + 1) + x + 1;
      sum[o] = (white[j] ? dark[j]! : 0) + sum[o - 1]! + sum[o - bw - 1]! - sum[o - bw - 2]!;
      cnt[o] = white[j]! + cnt[o - 1]! + cnt[o - bw - 1]! - cnt[o - bw - 2]!;
    }
  const windowMean = (x: number, y: number): number | null => {
    const a = y * (bw + 1) + x;
    const b = (y + win) * (bw + 1) + x;
    const n = cnt[b + win]! - cnt[b]! - cnt[a + win]! + cnt[a]!;
    if (n < win * win * 0.8) return null;
    return (sum[b + win]! - sum[b]! - sum[a + win]! + sum[a]!) / n;
  };
  // Noise of a window mean: the same spread on windows of blank paper around the box.
  const ringWindows: number[] = [];
  const insideWindows: number[] = [];
  for (let y = 0; y + win <= bh; y += 2)
    for (let x = 0; x + win <= bw; x += 2) {
      const c = (y + win / 2) * bw + x + win / 2;
      const m = windowMean(x, y);
      if (m === null) continue;
      const out = outside[Math.min(bw * bh - 1, Math.floor(c))]!;
      if (out >= 0.45 + WINDOW_MM / 2) ringWindows.push(m);
      else if (out <= -0.4 - WINDOW_MM / 2) insideWindows.push(m);
    }
  // Darkness is ≥ 0 for ink, so the blank windows' spread is that of the negative side around their mode.
  const windowNoise = Math.max(
    0.002,
    brightMode(
      ringWindows.map((m) => -m * 1000),
      1,
    ).spread / 1000,
  );
  let peak = insideWindows.length ? Number.NEGATIVE_INFINITY : 0;
  for (const m of insideWindows) if (m > peak) peak = m;

  // Ink mass inside (mm² of ink as dark as the darkest stroke) and the ink's own darkness.
  let mass = 0;
  let insideAll = 0;
  // (The 90th percentile of darkness over 0.08 near the box, from a histogram of 0.005 steps.)
  const strokeHistogram = new Uint32Array(201);
  let strokeCount = 0;
  for (let j = 0; j < bw * bh; j++) {
    if (!white[j]) continue;
    const v = dark[j]!;
    if (outside[j]! <= -0.5) {
      mass += v;
      insideAll++;
    }
    if (v > 0.08 && outside[j]! < 2) {
      strokeHistogram[Math.min(200, Math.floor(v * 200))]!++;
      strokeCount++;
    }
  }
  let stroke = 0;
  if (strokeCount >= 6) {
    let seen = 0;
    for (let b = 0; b <= 200; b++) {
      seen += strokeHistogram[b]!;
      if (seen > strokeCount * 0.9) {
        stroke = (b + 0.5) / 200;
        break;
      }
    }
  }
  const sigmaDark = sigma / paper;
  const ink = Math.max(0.1, 6 * sigmaDark, 0.45 * stroke);

  // Inked shares: inside, around (0.45–2 mm out), each side of the surround, the band along the border.
  let insideInk = 0;
  let aroundInk = 0;
  let aroundAll = 0;
  const sideInk = [0, 0, 0, 0];
  const sideAll = [0, 0, 0, 0];
  let farInk = 0;
  let farAll = 0;
  for (let y = 0; y < bh; y++)
    for (let x = 0; x < bw; x++) {
      const j = y * bw + x;
      if (!white[j]) continue;
      const inked = dark[j]! > ink ? 1 : 0;
      const out = outside[j]!;
      if (out <= -0.5) insideInk += inked;
      else if (out >= 0.45 && out <= AROUND_MM) {
        aroundAll++;
        aroundInk += inked;
        const cx = x + 0.5;
        const cy = y + 0.5;
        const side =
          cx < bx0 && bx0 - cx >= Math.max(cy - by1, by0 - cy)
            ? 0
            : cx > bx1 && cx - bx1 >= Math.max(cy - by1, by0 - cy)
              ? 1
              : cy < by0
                ? 2
                : 3;
        sideAll[side]!++;
        sideInk[side]! += inked;
        if (out >= 0.9) {
          farAll++;
          farInk += inked;
        }
      }
    }
  const sides = sideInk.map((v, i) => v / Math.max(1, sideAll[i]!));

  // Strokes crossing a contour just outside the printed border (0.6 mm out), counted as runs of ink.
  const crossings = contourRuns(dark, white, bw, bh, bx0, by0, bx1, by1, 0.6 * k, ink);
  // Strokes met along lines across the inside (three across, three down, at a quarter, half and three quarters):
  // a tick or a dot meets one or two, a cross two, a fill one (all ink), a tangle of strokes more.
  let scanRuns = 0;
  let scans = 0;
  for (const t of [0.25, 0.5, 0.75]) {
    for (const across of [true, false]) {
      let runs = 0;
      let gap = 2;
      const len = Math.round(across ? bx1 - bx0 : by1 - by0);
      for (let u = Math.round(0.55 * k); u < len - 0.55 * k; u++) {
        const x = Math.floor(across ? bx0 + u : bx0 + t * (bx1 - bx0));
        const y = Math.floor(across ? by0 + t * (by1 - by0) : by0 + u);
        const j = y * bw + x;
        if (!white[j]) continue;
        if (dark[j]! > ink) {
          if (gap >= 2) runs++;
          gap = 0;
        } else gap++;
      }
      scanRuns += runs;
      scans++;
    }
  }
  // Length of the strokes inside (mm): half the length of the ink's edges (a stroke has two), edges against the
  // region's own border not counted. A tick is about 4 mm, a cross 5, a fill nearly none (it has no inner
  // edges), a tangle of strokes 10 and more.
  let edges = 0;
  // 1 ink, 0 paper, 2 not looked at (printed, or outside the inside).
  const state = new Uint8Array(bw * bh).fill(2);
  for (let j = 0; j < bw * bh; j++) if (white[j] && outside[j]! <= -0.3) state[j] = dark[j]! > ink ? 1 : 0;
  for (let y = 1; y < bh - 1; y++)
    for (let x = 1; x < bw - 1; x++) {
      const j = y * bw + x;
      if (state[j] !== 1) continue;
      if (state[j - 1] === 0) edges++;
      if (state[j + 1] === 0) edges++;
      if (state[j - bw] === 0) edges++;
      if (state[j + bw] === 0) edges++;
    }
  const strokeLength = edges / 2 / k;
  // Holes and pieces on a stricter bar (the strokes' own darkness, not their blurred fringe), so a loop's
  // paper is not closed up by the blur.
  const core = new Uint8Array(bw * bh).fill(2);
  const coreInk = Math.max(ink, 0.7 * stroke);
  for (let j = 0; j < bw * bh; j++) if (white[j] && outside[j]! <= -0.3) core[j] = dark[j]! > coreInk ? 1 : 0;
  const shape = inkShape(core, bw, bh, k);
  // Share of the ink inside lying along the box's diagonals (within 0.45 mm): a cross is drawn there.
  let diagonalInk = 0;
  let allInk = 0;
  const side = bx1 - bx0;
  for (let y = 0; y < bh; y++)
    for (let x = 0; x < bw; x++) {
      if (state[y * bw + x] !== 1) continue;
      const u = x + 0.5 - bx0;
      const v = y + 0.5 - by0;
      allInk++;
      if (Math.min(Math.abs(u - v), Math.abs(u + v - side)) / Math.SQRT2 <= 0.45 * k) diagonalInk++;
    }
  const diagonal = allInk ? diagonalInk / allInk : 0;
  // Strokes crossing a contour just inside the box (0.55 mm in).
  const inner = contourRuns(dark, white, bw, bh, bx0, by0, bx1, by1, -0.55 * k, ink);

  const features: BoxFeatures = {
    paper,
    noise: sigma,
    spill: Math.max(...spill),
    mass: mass / (k * k),
    massNoise: (sigmaDark * Math.sqrt(insideAll)) / (k * k),
    peak,
    windowNoise,
    stroke,
    inside: insideInk / Math.max(1, insideAll),
    around: aroundInk / Math.max(1, aroundAll),
    far: farInk / Math.max(1, farAll),
    left: sides[0]!,
    right: sides[1]!,
    top: sides[2]!,
    bottom: sides[3]!,
    crossings: crossings.runs,
    crossingCover: crossings.cover,
    innerRuns: inner.runs,
    innerCover: inner.cover,
    scanRuns: scanRuns / Math.max(1, scans),
    strokeLength,
    diagonal,
    holes: shape.holes,
    holeArea: shape.holeArea,
    components: shape.components,
  };
  return { features, patch };
}

/**
 * Holes (paper enclosed by ink on every side, 0.05 mm² and more) and pieces of ink (0.1 mm² and more) inside the
 * box, on `state` (1 ink, 0 paper, 2 not looked at): a tangle of loops encloses paper, a tick or a fill does not.
 */
function inkShape(
  state: Uint8Array,
  bw: number,
  bh: number,
  k: number,
): { holes: number; holeArea: number; components: number } {
  const seen = new Uint8Array(state.length);
  const stack: number[] = [];
  let holes = 0;
  let holeArea = 0;
  let components = 0;
  for (let start = 0; start < state.length; start++) {
    const kind = state[start]!;
    if (kind === 2 || seen[start]) continue;
    seen[start] = 1;
    stack.push(start);
    let area = 0;
    let open = false;
    while (stack.length) {
      const j = stack.pop()!;
      area++;
      const x = j % bw;
      const y = (j - x) / bw;
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          if (!dx && !dy) continue;
          // Ink joins across corners, paper only side by side (so a diagonal stroke closes a hole).
          if (kind === 0 && dx && dy) continue;
          const nx = x + dx;
          const ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= bw || ny >= bh) {
            open = true;
            continue;
          }
          const n = ny * bw + nx;
          const s = state[n]!;
          if (s === 2) {
            if (kind === 0) open = true;
            continue;
          }
          if (s !== kind || seen[n]) continue;
          seen[n] = 1;
          stack.push(n);
        }
    }
    if (kind === 1 && area >= 0.1 * k * k) components++;
    if (kind === 0 && !open && area >= 0.05 * k * k) {
      holes++;
      holeArea += area / (k * k);
    }
  }
  return { holes, holeArea, components };
}

function darknessPatch(
  dark: Float32Array,
  white: Uint8Array,
  bw: number,
  bh: number,
  cx: number,
  cy: number,
  k: number,
  n: number,
  mm: number,
): Float32Array {
  const cell = (mm / n) * k;
  const x0 = cx - (n / 2) * cell;
  const y0 = cy - (n / 2) * cell;
  const sum = new Float32Array(n * n);
  const count = new Uint16Array(n * n);
  const ya = Math.max(0, Math.floor(y0));
  const yb = Math.min(bh, Math.ceil(y0 + n * cell));
  const xa = Math.max(0, Math.floor(x0));
  const xb = Math.min(bw, Math.ceil(x0 + n * cell));
  for (let y = ya; y < yb; y++) {
    const r = Math.floor((y + 0.5 - y0) / cell);
    if (r < 0 || r >= n) continue;
    for (let x = xa; x < xb; x++) {
      const c = Math.floor((x + 0.5 - x0) / cell);
      if (c < 0 || c >= n) continue;
      const j = y * bw + x;
      if (!white[j]) continue;
      sum[r * n + c]! += Math.max(-0.2, Math.min(1.2, dark[j]!));
      count[r * n + c]!++;
    }
  }
  for (let i = 0; i < n * n; i++) sum[i] = count[i]! ? sum[i]! / count[i]! : 0;
  return sum;
}

/** Darkness outside the box by distance from its edge (px), the median around the box; at most SPILL_MAX. */
function spillProfile(dark: Float32Array, white: Uint8Array, outside: Float32Array, k: number): number[] {
  const bins: number[][] = Array.from({ length: Math.round(1.5 * k) + 1 }, () => []);
  for (let j = 0; j < dark.length; j++) {
    if (!white[j]) continue;
    const r = Math.round(outside[j]! * k);
    if (r >= 0 && r < bins.length) bins[r]!.push(dark[j]!);
  }
  const profile = bins.map((values) => {
    if (values.length < 8) return 0;
    values.sort((a, b) => a - b);
    return Math.min(SPILL_MAX, Math.max(0, values[Math.floor(values.length / 2)]!));
  });
  // Nearer than the first distance measured (under the widened print), as dark as the nearest measured.
  const first = profile.findIndex((_, r) => bins[r]!.length >= 8);
  for (let r = 0; r < first; r++) profile[r] = profile[first]!;
  // Further out the spill only falls: a mark's ink further out is not the outline's.
  for (let r = 1; r < profile.length; r++) profile[r] = Math.min(profile[r]!, profile[r - 1]!);
  return profile;
}
const SPILL_MAX = 0.2;

/**
 * The bright mode of a set of grey values (a histogram of 1-level bins, lightly smoothed: the highest peak among
 * the brighter half) and the RMS distance from it of the values above it (a half-normal: its σ).
 */
function brightMode(values: number[], bin: number): { mode: number; spread: number } {
  if (!values.length) return { mode: 255, spread: 0 };
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const bins = Math.max(1, Math.ceil((hi - lo) / bin) + 1);
  const histogram = new Float64Array(bins);
  for (const v of values) histogram[Math.floor((v - lo) / bin)]! += 1;
  let best = bins - 1;
  let bestCount = -1;
  let median = hi;
  for (let b = 0, seen = 0; b < bins; b++) {
    seen += histogram[b]!;
    if (seen > values.length / 2) {
      median = lo + b * bin;
      break;
    }
  }
  for (let b = 0; b < bins; b++) {
    if (lo + b * bin < median - 4 * bin) continue;
    const c = (histogram[b - 1] ?? 0) + 2 * histogram[b]! + (histogram[b + 1] ?? 0);
    if (c > bestCount) {
      bestCount = c;
      best = b;
    }
  }
  const mode = lo + (best + 0.5) * bin;
  let s = 0;
  let n = 0;
  for (const v of values)
    if (v >= mode) {
      s += (v - mode) ** 2;
      n++;
    }
  return { mode, spread: n ? Math.sqrt(s / n) : 0 };
}

/**
 * The box's printed outline found on the card near where the pose puts it (±3 px, 0.4 mm): the shift under which
 * the card is darkest where the blank card prints the outline. A pose a little off then moves no printed line
 * into the box's inside.
 */
function register(card: GreyImage, template: GreyImage, box: Box): [number, number] {
  const k = PX_PER_MM;
  // The pixels the printed outline (0.3 mm wide, centred on the box's edge) covers, where the blank card agrees.
  const outline: number[] = [];
  const ex0 = box.x * k;
  const ey0 = box.y * k;
  const ex1 = (box.x + box.w) * k;
  const ey1 = (box.y + box.h) * k;
  const near = (c: number, e: number) => Math.abs(c - e) <= 1;
  for (let y = Math.floor(ey0 - 2); y <= Math.ceil(ey1 + 2); y++)
    for (let x = Math.floor(ex0 - 2); x <= Math.ceil(ex1 + 2); x++) {
      if (x < 4 || y < 4 || x >= card.width - 4 || y >= card.height - 4) continue;
      const cx = x + 0.5;
      const cy = y + 0.5;
      const onSide =
        ((near(cx, ex0) || near(cx, ex1)) && cy >= ey0 && cy <= ey1) ||
        ((near(cy, ey0) || near(cy, ey1)) && cx >= ex0 && cx <= ex1);
      if (onSide && template.data[y * template.width + x]! < 128) outline.push(y * card.width + x);
    }
  if (!outline.length) return [0, 0];
  let best: [number, number] = [0, 0];
  let bestSum = Number.POSITIVE_INFINITY;
  for (let dy = -3; dy <= 3; dy++)
    for (let dx = -3; dx <= 3; dx++) {
      let s = 0;
      const o = dy * card.width + dx;
      for (const i of outline) s += card.data[i + o]!;
      // A small preference for the pose as fitted, so flat paper does not move the box.
      s *= 1 + 0.002 * (dx * dx + dy * dy);
      if (s < bestSum) {
        bestSum = s;
        best = [dx, dy];
      }
    }
  return best;
}

/** Runs of ink along the rectangle `offset` px outside (negative: inside) the box's edge, and its inked share. */
function contourRuns(
  dark: Float32Array,
  white: Uint8Array,
  bw: number,
  bh: number,
  bx0: number,
  by0: number,
  bx1: number,
  by1: number,
  offset: number,
  ink: number,
): { runs: number; cover: number } {
  const x0 = bx0 - offset;
  const x1 = bx1 + offset;
  const y0 = by0 - offset;
  const y1 = by1 + offset;
  const points: [number, number][] = [];
  for (let x = x0; x < x1; x++) points.push([x, y0]);
  for (let y = y0; y < y1; y++) points.push([x1, y]);
  for (let x = x1; x > x0; x--) points.push([x, y1]);
  for (let y = y1; y > y0; y--) points.push([x0, y]);
  const states: number[] = [];
  let inked = 0;
  for (const [x, y] of points) {
    const xi = Math.floor(x);
    const yi = Math.floor(y);
    if (xi < 0 || yi < 0 || xi >= bw || yi >= bh) continue;
    const j = yi * bw + xi;
    if (!white[j]) continue;
    const v = dark[j]! > ink ? 1 : 0;
    states.push(v);
    inked += v;
  }
  if (!states.length) return { runs: 0, cover: 0 };
  let runs = 0;
  for (let i = 0; i < states.length; i++) {
    // A run starts where ink follows a gap of two or more blank samples (one blank sample is no gap).
    const here = states[i]!;
    const back1 = states[(i - 1 + states.length) % states.length]!;
    const back2 = states[(i - 2 + states.length) % states.length]!;
    if (here && !back1 && !back2) runs++;
  }
  if (runs === 0 && inked === states.length) runs = 1;
  return { runs, cover: inked / states.length };
}
