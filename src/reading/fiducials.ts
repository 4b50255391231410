import type { Layout } from '../profile/card-layout.ts';
import {
  apply,
  canonicalToImage,
  fitHomography,
  type GreyImage,
  type Homography,
  type Point,
  warpGrey,
} from './homography.ts';

/**
 * The card's four solid corner marks. A mark is searched for near where a pose puts it: the card around that
 * place is warped upright and the square with the most contrast against its one-millimetre surround wins.
 */
export interface MarkHit {
  /** The mark's centre in mm, in the pose's frame. */
  at: Point;
  contrast: number;
}

const SEARCH_PX_PER_MM = 5;

/** The best-looking mark near `centre` (mm), or null when nothing looks like one. */
export function findMark(
  photo: GreyImage,
  pose: Homography,
  centre: Point,
  size: number,
  reach: number,
): MarkHit | null {
  return markCandidates(photo, pose, centre, size, reach, [1], 1)[0] ?? null;
}

/**
 * Up to `count` mark-like squares near `centre`, best first, at least a mark apart. `scales` are the sizes
 * tried relative to the printed one: where the pose's scale is off (perspective it could not yet know), the
 * mark looks bigger or smaller than printed.
 */
export function markCandidates(
  photo: GreyImage,
  pose: Homography,
  centre: Point,
  size: number,
  reach: number,
  scales: number[],
  count: number,
): MarkHit[] {
  const k = SEARCH_PX_PER_MM;
  const biggest = size * Math.max(...scales);
  const half = reach + biggest / 2 + 1.2;
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
  const ring = Math.round(1 * k);
  const peaks: { x: number; y: number; inner: number; score: number; inside: number; around: number }[] = [];
  for (const scale of scales) {
    const inner = Math.max(3, Math.round(size * scale * k));
    const outer = inner + 2 * ring;
    for (let y = 0; y + outer <= n; y++)
      for (let x = 0; x + outer <= n; x++) {
        const inside = box(x + ring, y + ring, inner) / (inner * inner);
        const around = (box(x, y, outer) - inside * inner * inner) / (outer * outer - inner * inner);
        const score = inside - around;
        // A mark is solid and dark, its surround is paper: at most half as bright as the paper around it (a
        // ratio, so that it holds in a shadow as in full light).
        if (score < 60 || 255 - inside > (255 - around) * 0.5) continue;
        peaks.push({ x, y, inner, score, inside, around });
      }
  }
  peaks.sort((a, b) => b.score - a.score);
  const hits: MarkHit[] = [];
  const kept: { cx: number; cy: number; r: number }[] = [];
  for (const p of peaks) {
    if (hits.length >= count) break;
    const cx = p.x + ring + p.inner / 2;
    const cy = p.y + ring + p.inner / 2;
    if (kept.some((q) => Math.hypot(q.cx - cx, q.cy - cy) < Math.max(q.r, p.inner))) continue;
    kept.push({ cx, cy, r: p.inner });
    // Centroid of the dark pixels in the window: sub-pixel centre.
    const threshold = (p.inside + p.around) / 2;
    const outer = p.inner + 2 * ring;
    let mx = 0;
    let my = 0;
    let mass = 0;
    for (let y = p.y; y < p.y + outer; y++)
      for (let x = p.x; x < p.x + outer; x++) {
        if (255 - d[y * n + x]! < threshold) continue;
        mx += x + 0.5;
        my += y + 0.5;
        mass++;
      }
    if (mass) hits.push({ at: [x0 + mx / mass / k, y0 + my / mass / k], contrast: p.score });
  }
  return hits;
}

/** Sharpens a pose found from rough mark positions: each mark is searched for close to where it should be;
 * null when any of the four is not there. */
export function refineWithMarks(photo: GreyImage, layout: Layout, pose: Homography): Homography | null {
  const from: Point[] = [];
  const to: Point[] = [];
  for (const f of layout.fiducials) {
    const hit = findMark(photo, pose, [f.x, f.y], f.size, 2.5);
    if (!hit) return null;
    from.push([f.x, f.y]);
    to.push(apply(pose, hit.at));
  }
  return fitHomography(from, to);
}
