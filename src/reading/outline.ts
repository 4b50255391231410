import { bilinearAt, type GreyImage, type Point } from './homography.ts';

/**
 * A card's outline found on an eighth-size image, made precise on the full photo. Its corners there are a
 * quantised hull, easily a centimetre off for a small, far card, and that is too far for its corner marks
 * to be found from it. Each side's edge (paper inside, darker table outside) is looked for across the side
 * at a dozen places, a line fitted through what was found (the worst points left out), and the corners put
 * where adjacent lines cross. A side whose edge cannot be seen (another card beside it, a table as light as
 * the paper) keeps its place; so does the whole outline if the new one is not a plausible move of the old.
 */
const PLACES = 14;
/** Inside and outside windows of the step measured across the edge, in pixels. */
const WINDOW = 4;
/** Grey levels: a weaker step is not a card's edge. */
const MIN_STEP = 20;
/** Pixels: how far the points found along a side may lie from their line (RMS). */
const MAX_SPREAD = 2;

type Line = { point: Point; direction: Point };

export function refineOutline(photo: GreyImage, corners: Point[]): Point[] {
  // A wide first pass (a far card's hull can be a fifth of its width off), then a close one from there.
  const sides = corners.map((p, i) => {
    const q = corners[(i + 1) % 4]!;
    return Math.hypot(q[0] - p[0], q[1] - p[1]);
  });
  const reach = Math.max(8, Math.min(...sides) * 0.22);
  return onePass(photo, onePass(photo, corners, reach), reach / 3);
}

function onePass(photo: GreyImage, corners: Point[], reach: number): Point[] {
  const cx = corners.reduce((s, p) => s + p[0], 0) / 4;
  const cy = corners.reduce((s, p) => s + p[1], 0) / 4;
  let seen = false;
  const lines: Line[] = corners.map((a, i) => {
    const b = corners[(i + 1) % 4]!;
    const fallback: Line = { point: a, direction: unit([b[0] - a[0], b[1] - a[1]]) };
    const d = fallback.direction;
    // The normal that points away from the card's centre.
    let n: Point = [d[1], -d[0]];
    const mid: Point = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
    if ((mid[0] - cx) * n[0] + (mid[1] - cy) * n[1] < 0) n = [-n[0], -n[1]];
    const found: Point[] = [];
    for (let k = 0; k < PLACES; k++) {
      const t = 0.1 + (0.8 * k) / (PLACES - 1);
      const at: Point = [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
      const s = edgeAcross(photo, at, n, reach);
      if (s !== null) found.push([at[0] + n[0] * s, at[1] + n[1] * s]);
    }
    const line = fitLine(found);
    if (line) seen = true;
    return line ?? fallback;
  });
  if (!seen) return corners;
  const refined = lines.map((line, i) => cross(lines[(i + 3) % 4]!, line));
  if (refined.some((p) => !p)) return corners;
  const moved = (refined as Point[]).every(
    (p, i) => Math.hypot(p[0] - corners[i]![0], p[1] - corners[i]![1]) < reach * 2.5,
  );
  return moved ? (refined as Point[]) : corners;
}

/** Where along `n` from `at` (within ±reach) the outermost strong bright-to-dark step lies, or null. */
function edgeAcross(photo: GreyImage, at: Point, n: Point, reach: number): number | null {
  const from = -Math.ceil(reach) - WINDOW;
  const to = Math.ceil(reach) + 2 * WINDOW;
  const profile: number[] = [];
  for (let s = from; s <= to; s++) {
    const v = bilinearAt(photo, at[0] + n[0] * s, at[1] + n[1] * s);
    if (v === null) return null;
    profile.push(v);
  }
  const steps: { s: number; step: number }[] = [];
  for (let i = WINDOW; i < profile.length - 2 * WINDOW; i++) {
    let inside = 0;
    for (let k = 1; k <= WINDOW; k++) inside += profile[i - k]!;
    // Past a card's edge the table goes on; past a printed rule or a letter the paper comes back: the
    // brightest point just outside counts, not the mean.
    let outside = 0;
    for (let k = 2; k <= 2 * WINDOW; k++) outside = Math.max(outside, profile[i + k]!);
    steps.push({ s: from + i, step: inside / WINDOW - outside });
  }
  const strongest = Math.max(...steps.map((x) => x.step));
  if (strongest < MIN_STEP) return null;
  // Print near the edge (a border rule) makes a step of its own: the card's edge is the outermost strong one.
  const strong = steps.filter((x) => x.step >= strongest * 0.7);
  let best = strong[strong.length - 1]!;
  for (const x of steps) if (x.s >= best.s - 2 && x.s <= best.s + 2 && x.step > best.step) best = x;
  return best.s;
}

/** Least-squares line through the points, refitted once without the worst third; null with too few, or when
 * even the best two thirds do not lie on a line (what was found is print, not an edge). */
function fitLine(points: Point[]): Line | null {
  if (points.length < 5) return null;
  const distance = (line: Line, p: Point) =>
    Math.abs((p[0] - line.point[0]) * line.direction[1] - (p[1] - line.point[1]) * line.direction[0]);
  const first = totalLeastSquares(points);
  const kept = [...points]
    .sort((p, q) => distance(first, p) - distance(first, q))
    .slice(0, Math.ceil(points.length * 0.67));
  const line = totalLeastSquares(kept);
  const spread = Math.sqrt(kept.reduce((s, p) => s + distance(line, p) ** 2, 0) / kept.length);
  return spread < MAX_SPREAD ? line : null;
}

function totalLeastSquares(points: Point[]): Line {
  const mx = points.reduce((s, p) => s + p[0], 0) / points.length;
  const my = points.reduce((s, p) => s + p[1], 0) / points.length;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (const [x, y] of points) {
    sxx += (x - mx) ** 2;
    sxy += (x - mx) * (y - my);
    syy += (y - my) ** 2;
  }
  const angle = 0.5 * Math.atan2(2 * sxy, sxx - syy);
  return { point: [mx, my], direction: [Math.cos(angle), Math.sin(angle)] };
}

function cross(a: Line, b: Line): Point | null {
  const det = a.direction[0] * b.direction[1] - a.direction[1] * b.direction[0];
  if (Math.abs(det) < 0.2) return null;
  const dx = b.point[0] - a.point[0];
  const dy = b.point[1] - a.point[1];
  const t = (dx * b.direction[1] - dy * b.direction[0]) / det;
  return [a.point[0] + a.direction[0] * t, a.point[1] + a.direction[1] * t];
}

function unit([x, y]: Point): Point {
  const length = Math.hypot(x, y) || 1;
  return [x / length, y / length];
}
