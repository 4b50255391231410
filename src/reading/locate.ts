import type { Layout } from '../cards/layout.ts';
import type { FoundCode } from './codes.ts';
import {
  apply,
  canonicalToImage,
  fitAffine,
  fitHomography,
  type GreyImage,
  type Homography,
  invert,
  type Point,
  warpGrey,
} from './homography.ts';

/**
 * From a QR code to the card's exact position: the code's corners give a first pose (and the card's
 * orientation, since zxing orders them relative to the code); each of the four printed corner marks is then
 * searched for near where that pose puts it, and the card's homography is fitted to the marks found.
 */
export interface CardPose {
  serial: string;
  /** Card millimetres → photo pixels. */
  mmToPhoto: Homography;
  /** How many of the four corner marks were found (4 = precise pose). */
  marks: number;
  /** Which code the pose started from: the card's main code, the one on its stub, or (code read on a
   * second try) the corner marks alone. */
  from: 'main' | 'stub' | 'marks';
  codes: FoundCode[];
}

type CodeRole = 'main' | 'stub';

function codeSquare(layout: Layout, role: CodeRole): Point[] {
  const q = role === 'main' ? layout.qr : layout.stub.qr;
  return [
    [q.x, q.y],
    [q.x + q.size, q.y],
    [q.x + q.size, q.y + q.size],
    [q.x, q.y + q.size],
  ];
}

const SEARCH_PX_PER_MM = 5;

/**
 * Looks for the solid square corner mark near `centre` (mm): the card around it is warped upright and the
 * square with the most contrast against its one-millimetre surround wins. Returns the mark's centre in mm
 * (in the pose's frame) or null when nothing looks like a mark.
 */
function findMark(
  photo: GreyImage,
  pose: Homography,
  centre: Point,
  size: number,
  reach: number,
): { at: Point; contrast: number } | null {
  const k = SEARCH_PX_PER_MM;
  const half = reach + size / 2 + 1.2;
  const n = Math.round(2 * half * k);
  const x0 = centre[0] - half;
  const y0 = centre[1] - half;
  const patch = warpGrey(photo, canonicalToImage(pose, k, x0, y0), n, n, 255);
  const d = patch.data;
  // Integral image of darkness.
  const stride = n + 1;
  const sum = new Float64Array(stride * stride);
  for (let y = 0; y < n; y++) {
    let row = 0;
    for (let x = 0; x < n; x++) {
      row += 255 - d[y * n + x]!;
      sum[(y + 1) * stride + x + 1] = sum[y * stride + x + 1]! + row;
    }
  }
  const box = (x: number, y: number, w: number) =>
    sum[(y + w) * stride + x + w]! -
    sum[y * stride + x + w]! -
    sum[(y + w) * stride + x]! +
    sum[y * stride + x]!;
  const inner = Math.round(size * k);
  const ring = Math.round(1 * k);
  const outer = inner + 2 * ring;
  let best = -1;
  let bx = 0;
  let by = 0;
  for (let y = 0; y + outer <= n; y++)
    for (let x = 0; x + outer <= n; x++) {
      const dark = box(x + ring, y + ring, inner) / (inner * inner);
      const around = (box(x, y, outer) - box(x + ring, y + ring, inner)) / (outer * outer - inner * inner);
      const score = dark - around;
      if (score > best) {
        best = score;
        bx = x;
        by = y;
      }
    }
  const inside = box(bx + ring, by + ring, inner) / (inner * inner);
  const around = (box(bx, by, outer) - box(bx + ring, by + ring, inner)) / (outer * outer - inner * inner);
  // A mark is solid and dark, its surround is paper.
  if (best < 60 || around > inside * 0.5) return null;
  // Centroid of the dark pixels in the window: sub-pixel centre.
  const threshold = (inside + around) / 2;
  let mx = 0;
  let my = 0;
  let mass = 0;
  for (let y = by; y < by + outer; y++)
    for (let x = bx; x < bx + outer; x++) {
      const v = 255 - d[y * n + x]!;
      if (v < threshold) continue;
      mx += x + 0.5;
      my += y + 0.5;
      mass++;
    }
  if (!mass) return null;
  return { at: [x0 + mx / mass / k, y0 + my / mass / k], contrast: best };
}

/** Fits the card's pose from one code in a role; null when the corner marks do not confirm it. */
function poseFrom(
  photo: GreyImage,
  layout: Layout,
  code: FoundCode,
  role: CodeRole,
  stub?: FoundCode,
): CardPose | null {
  const square = codeSquare(layout, role);
  if (stub) {
    square.push(...codeSquare(layout, 'stub'));
    code = { ...code, corners: [...code.corners, ...stub.corners] };
  }
  let pose = fitHomography(square, code.corners);
  const codeCentre: Point = [
    square.reduce((s, p) => s + p[0], 0) / square.length,
    square.reduce((s, p) => s + p[1], 0) / square.length,
  ];
  const marks = layout.fiducials
    .map((f, index) => ({ f, index, distance: Math.hypot(f.x - codeCentre[0], f.y - codeCentre[1]) }))
    .sort((a, b) => a.distance - b.distance);
  const from: Point[] = [...square];
  const to: Point[] = [...code.corners];
  const found: { mm: Point; at: Point }[] = [];
  // A second round looks again for marks the first missed, from the pose the others have since given
  // (perspective included), a little wider.
  const missed = new Set<number>();
  for (const [round, list] of [
    [0, marks],
    [1, marks],
  ] as const) {
    for (const { f, distance } of list) {
      if (round === 1 && (!missed.has(f.x * 1000 + f.y) || found.length < 2)) continue;
      // The farther a mark is from what has been measured, the wider it is searched for.
      const reach = round ? 14 : Math.min(8, 2.5 + distance * 0.05);
      const hit = findMark(photo, pose, [f.x, f.y], f.size, reach);
      if (!hit) {
        missed.add(f.x * 1000 + f.y);
        continue;
      }
      const at = apply(pose, hit.at);
      found.push({ mm: [f.x, f.y], at });
      from.push([f.x, f.y]);
      to.push(at);
      // Until the marks span the card, perspective cannot be told from noise: extrapolate affinely.
      // Two codes at opposite ends of the card already pin the perspective down.
      pose = found.length >= 3 || stub || round === 1 ? fitHomography(from, to) : fitAffine(from, to);
    }
  }
  if (found.length < 2) return null;
  if (found.length === 4) {
    const byMarks = fitHomography(
      found.map((m) => m.mm),
      found.map((m) => m.at),
    );
    // The marks must agree with the code they were found from (a wrong square taken for a mark does not).
    const back = invert(byMarks);
    const error = Math.max(...code.corners.map((p, i) => distanceMm(apply(back, p), square[i]!)));
    if (error <= 2) pose = byMarks;
    else found.length = 2;
  }
  return { serial: code.serial!, mmToPhoto: pose, marks: found.length, from: role, codes: [] };
}

/**
 * One pose per card: codes of the same serial are grouped (a card and its attached stub carry the same
 * URL); the bigger code of a pair is the card's own. A lone code is tried as a card's code and as a stub's,
 * and a stub whose card is not around it (a torn-off stub on its own) gives no card.
 */
export function locateCards(photo: GreyImage, layout: Layout, codes: FoundCode[]): CardPose[] {
  const bySerial = new Map<string, FoundCode[]>();
  for (const code of codes) {
    if (!code.serial) continue;
    bySerial.set(code.serial, [...(bySerial.get(code.serial) ?? []), code]);
  }
  const poses: CardPose[] = [];
  for (const group of bySerial.values()) {
    group.sort((a, b) => area(b.corners) - area(a.corners));
    let pose: CardPose | null = null;
    const main = group[0]!;
    const candidates =
      group.length > 1
        ? [poseFrom(photo, layout, main, 'main', group[1])]
        : [poseFrom(photo, layout, main, 'main'), poseFrom(photo, layout, main, 'stub')];
    pose = candidates.filter((p): p is CardPose => p !== null).sort((a, b) => b.marks - a.marks)[0] ?? null;
    if (!pose) continue;
    pose.codes = group;
    poses.push(pose);
  }
  return poses;
}

function area(q: Point[]): number {
  let s = 0;
  for (let i = 0; i < q.length; i++) {
    const [x1, y1] = q[i]!;
    const [x2, y2] = q[(i + 1) % q.length]!;
    s += x1 * y2 - x2 * y1;
  }
  return Math.abs(s) / 2;
}

/** Sharpens a pose found from rough mark positions: each mark is searched for close to where it should be;
 * null when any of the four is not there. */
export function refineWithMarks(photo: GreyImage, layout: Layout, pose: Homography): Homography | null {
  const hits = layout.fiducials.map((f) => {
    const hit = findMark(photo, pose, [f.x, f.y], f.size, 2.5);
    return hit ? { mm: [f.x, f.y] as Point, at: apply(pose, hit.at) } : null;
  });
  if (hits.some((h) => h === null)) return null;
  const found = hits as { mm: Point; at: Point }[];
  return fitHomography(
    found.map((h) => h.mm),
    found.map((h) => h.at),
  );
}

function distanceMm(a: Point, b: Point): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}
