import type { Layout } from '../profile/card-layout.ts';
import { MIN_AGREEMENT, templateAgreement } from './agreement.ts';
import { decodeFromGrid } from './code-grid.ts';
import { findCodes } from './codes.ts';
import { refineWithMarks } from './fiducials.ts';
import {
  apply,
  canonicalToImage,
  fitHomography,
  type GreyImage,
  type Homography,
  insideQuad,
  type Point,
  warpGrey,
} from './homography.ts';
import { type CardPose, cardOutline } from './locate.ts';

/**
 * Cards whose QR code was not read: found by their four solid corner marks instead. Dark, solid, isolated
 * blobs are collected on a quarter-size image; those not inside an already identified card are grouped in
 * fours that fit the marks' rectangle; a group is a card when the code's area is where the marks say it is.
 * Each such card gets a second try at its code, rectified and sharpened; if that fails it is unidentified.
 */
interface Blob {
  at: Point;
  size: number;
}

/** `small` is the photo at 1/`scale` of its size (the decoder's quarter-size colour image, as grey). */
export function darkBlobs(small: GreyImage, scale: number): Blob[] {
  const w = small.width;
  const h = small.height;
  const SCALE = scale;
  // Paper level: the brightest pixel within about two blocks (a mark at a card's corner still has paper
  // near it, while a local mean there is pulled down by the table).
  const B = 8;
  const bw0 = Math.ceil(w / B);
  const bh0 = Math.ceil(h / B);
  const blockMax = new Uint8Array(bw0 * bh0);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = ((y / B) | 0) * bw0 + ((x / B) | 0);
      const v = small.data[y * w + x]!;
      if (v > blockMax[i]!) blockMax[i] = v;
    }
  const paper = new Uint8Array(bw0 * bh0);
  for (let by = 0; by < bh0; by++)
    for (let bx = 0; bx < bw0; bx++) {
      let max = 0;
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          const yy = by + dy;
          const xx = bx + dx;
          if (yy >= 0 && yy < bh0 && xx >= 0 && xx < bw0 && blockMax[yy * bw0 + xx]! > max)
            max = blockMax[yy * bw0 + xx]!;
        }
      paper[by * bw0 + bx] = max;
    }
  const dark = new Uint8Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      if (small.data[y * w + x]! < paper[((y / B) | 0) * bw0 + ((x / B) | 0)]! * 0.5) dark[y * w + x] = 1;
  const blobs: Blob[] = [];
  const seen = new Uint8Array(w * h);
  const stack: number[] = [];
  for (let start = 0; start < w * h; start++) {
    if (!dark[start] || seen[start]) continue;
    let area = 0;
    let sx = 0;
    let sy = 0;
    let minX = w;
    let maxX = 0;
    let minY = h;
    let maxY = 0;
    stack.push(start);
    seen[start] = 1;
    while (stack.length) {
      const i = stack.pop()!;
      const x = i % w;
      const y = (i - x) / w;
      area++;
      sx += x;
      sy += y;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
      for (const j of [i - 1, i + 1, i - w, i + w]) {
        if (j < 0 || j >= w * h || seen[j] || !dark[j]) continue;
        if ((j === i - 1 && x === 0) || (j === i + 1 && x === w - 1)) continue;
        seen[j] = 1;
        stack.push(j);
      }
    }
    const bw = maxX - minX + 1;
    const bh = maxY - minY + 1;
    if (bw < 2 || bh < 2 || bw * bh < 6 || bw > 40 || bh > 40) continue;
    if (Math.max(bw, bh) / Math.min(bw, bh) > 2.5 || area / (bw * bh) < 0.4) continue;
    // Isolated: little other dark around the blob (a mark has a millimetre of paper round it).
    // (Only about a millimetre: the card's coloured frame line runs 1.5 mm from the mark.)
    const mx = Math.max(1, Math.round(bw * 0.3));
    const my = Math.max(1, Math.round(bh * 0.3));
    // And what is around it is paper, not a darker table whose texture can make blobs of its own.
    let around = 0;
    let light = 0;
    let lightCount = 0;
    for (let y = Math.max(0, minY - my); y <= Math.min(h - 1, maxY + my); y++)
      for (let x = Math.max(0, minX - mx); x <= Math.min(w - 1, maxX + mx); x++) {
        const i = y * w + x;
        around += dark[i]!;
        if (!dark[i] && (x < minX || x > maxX || y < minY || y > maxY)) {
          light += small.data[i]!;
          lightCount++;
        }
      }
    if (around > area * 1.25) continue;
    const level = paper[((((minY + maxY) >> 1) / B) | 0) * bw0 + ((((minX + maxX) >> 1) / B) | 0)]!;
    if (!lightCount || light / lightCount < level * 0.75) continue;
    blobs.push({ at: [(sx / area + 0.5) * SCALE, (sy / area + 0.5) * SCALE], size: Math.sqrt(area) * SCALE });
  }
  return blobs;
}

/** Dark share of a region of the card (mm), sampled through the pose. */
function darkShare(
  photo: GreyImage,
  pose: Homography,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
): number {
  const k = 2;
  const img = warpGrey(
    photo,
    canonicalToImage(pose, k, x0, y0),
    Math.round((x1 - x0) * k),
    Math.round((y1 - y0) * k),
    255,
  );
  let max = 0;
  for (const v of img.data) if (v > max) max = v;
  let dark = 0;
  for (const v of img.data) if (v < max * 0.55) dark++;
  return dark / img.data.length;
}

/** How dark the code's square is under a pose, and the same place turned half round (which holds only
 * sparse text on a card the right way up); `bottom` is where the card ends, in mm. */
function codeLook(
  photo: GreyImage,
  layout: Layout,
  pose: Homography,
  bottom: number,
): { code: number; across: number } {
  const { x, y, size } = layout.qr;
  const width = layout.card.width;
  return {
    code: darkShare(photo, pose, x, y, x + size, y + size),
    across: darkShare(photo, pose, width - x - size, bottom - y - size, width - x, bottom - y),
  };
}

/**
 * Which way round a card found by its outline lies (`corners` in order round it): of its four turns, with its
 * stub on or torn off, the one that puts the code's square on the place most like a code (dark, while the
 * same place turned half round is not). Null when no turn shows a code there.
 */
export function orientByOutline(
  photo: GreyImage,
  layout: Layout,
  corners: Point[],
): { mmToPhoto: Homography; bottom: number } | null {
  const width = layout.card.width;
  let best: { mmToPhoto: Homography; bottom: number; score: number } | null = null;
  for (const bottom of [layout.stub.perforationY, layout.card.height])
    for (let k = 0; k < 4; k++) {
      const pose = fitHomography(
        [
          [0, 0],
          [width, 0],
          [width, bottom],
          [0, bottom],
        ],
        [0, 1, 2, 3].map((i) => corners[(i + k) % 4]!),
      );
      const { code, across } = codeLook(photo, layout, pose, bottom);
      const score = code - across;
      if (code > 0.3 && code < 0.85 && (!best || score > best.score))
        best = { mmToPhoto: pose, bottom, score };
    }
  return best && { mmToPhoto: best.mmToPhoto, bottom: best.bottom };
}

const MAX_ATTEMPTS = 120;
const MAX_LOOKS = 4000;

export interface UnreadCard {
  mmToPhoto: Homography;
}

/** Cards (by their corner marks) that none of `known` covers; `template` is a blank card (either type: in grey
 * they differ only in the print's shade). */
export function findUnreadCards(
  photo: GreyImage,
  small: GreyImage,
  layout: Layout,
  known: CardPose[],
  template: GreyImage,
): UnreadCard[] {
  const covered = known.map((p) => cardOutline(layout, p.mmToPhoto, 2));
  // The cards already found tell how big a mark looks in this photo: specks under half the smallest of those
  // (code modules, letters) are no marks. The biggest blobs are tried first, and only so many.
  const markSizes = known.flatMap((p) =>
    layout.fiducials.map((f) => {
      const a = apply(p.mmToPhoto, [f.x - f.size / 2, f.y - f.size / 2]);
      const b = apply(p.mmToPhoto, [f.x + f.size / 2, f.y + f.size / 2]);
      return Math.hypot(a[0] - b[0], a[1] - b[1]) / Math.SQRT2;
    }),
  );
  const smallest = markSizes.length ? Math.min(...markSizes) * 0.5 : 0;
  const blobs = darkBlobs(small, photo.width / small.width)
    .filter((b) => b.size >= smallest && !covered.some((q) => insideQuad(q, b.at)))
    .sort((a, b) => b.size - a.size)
    .slice(0, 40);
  const marksMm = layout.fiducials.map((f) => [f.x, f.y] as Point);
  const n = blobs.length;
  // Two blobs can be marks of one card only if they are 45–240 mm apart (judged by their own size, 4 mm)
  // and of a similar size: checked pairwise first, so most groups of four are never formed.
  const fits = blobs.map((p) =>
    blobs.map((q) => {
      const mm = (Math.hypot(p.at[0] - q.at[0], p.at[1] - q.at[1]) * 8) / (p.size + q.size);
      return mm > 45 && mm < 240 && Math.max(p.size, q.size) <= Math.min(p.size, q.size) * 1.7;
    }),
  );
  // Every group of four that may be a card's marks, each way round, with a cheap look (a few hundred pixels)
  // at whether a code is where they would put it. The ones most like a card are then checked mark by mark,
  // best first: in the order they were formed, squares of other cards' print (a code's finder patterns,
  // filled boxes) once used up every check before the marks of a card on a dark table were reached.
  const candidates: { blobs: number[]; rough: Homography; score: number }[] = [];
  let looks = 0;
  search: for (let a = 0; a < n; a++)
    for (let b = a + 1; b < n; b++) {
      if (!fits[a]![b]) continue;
      for (let c = b + 1; c < n; c++) {
        if (!fits[a]![c] || !fits[b]![c]) continue;
        for (let d = c + 1; d < n; d++) {
          if (!fits[a]![d] || !fits[b]![d] || !fits[c]![d]) continue;
          const group = [a, b, c, d].map((i) => blobs[i]!);
          const sizes = group.map((g) => g.size);
          if (Math.max(...sizes) > Math.min(...sizes) * 1.7) continue;
          const cx = group.reduce((s, g) => s + g.at[0], 0) / 4;
          const cy = group.reduce((s, g) => s + g.at[1], 0) / 4;
          const order = [...group].sort(
            (p, q) => Math.atan2(p.at[1] - cy, p.at[0] - cx) - Math.atan2(q.at[1] - cy, q.at[0] - cx),
          );
          const pts = order.map((g) => g.at);
          if (!insideQuad(pts, [cx, cy])) continue;
          const side = (i: number) =>
            Math.hypot(pts[(i + 1) % 4]![0] - pts[i]![0], pts[(i + 1) % 4]![1] - pts[i]![1]);
          const sides = [0, 1, 2, 3].map(side);
          // A card's marks make a convex quadrilateral whose corners are far from straight (under any view
          // the corner marks can be read at); three in a row also leave no homography to fit.
          const turns = [0, 1, 2, 3].map((i) => {
            const [p, q, r] = [pts[i]!, pts[(i + 1) % 4]!, pts[(i + 2) % 4]!];
            const cross = (q[0] - p[0]) * (r[1] - q[1]) - (q[1] - p[1]) * (r[0] - q[0]);
            return cross / (side(i) * side((i + 1) % 4) || 1);
          });
          if (!turns.every((t) => t > 0.3) && !turns.every((t) => t < -0.3)) continue;
          // Marks are 4 mm; the card's mark rectangle is 90 × 108 mm.
          const mmPerPx = 4 / (sizes.reduce((s, v) => s + v, 0) / 4);
          if (sides.some((s) => s * mmPerPx < 45 || s * mmPerPx > 220)) continue;
          for (let k = 0; k < 4; k++) {
            // The marks' rectangle is 90 × 108 mm; a steep view squeezes either side to about half.
            const ratio = side(k) / side((k + 1) % 4) / (90 / 108);
            if (ratio < 0.5 || ratio > 2) continue;
            // A photo full of dark specks must not cost seconds: every check here is bounded.
            if (++looks > MAX_LOOKS) break search;
            const rough = fitHomography(
              marksMm,
              [0, 1, 2, 3].map((i) => pts[(i + k) % 4]!),
            );
            const { code, across } = codeLook(photo, layout, rough, layout.stub.perforationY);
            if (code > 0.2 && code < 0.9 && across < code * 0.8)
              candidates.push({ blobs: [a, b, c, d], rough, score: code - across });
          }
        }
      }
    }
  candidates.sort((p, q) => q.score - p.score);
  const found: UnreadCard[] = [];
  const used = new Set<number>();
  for (const candidate of candidates.slice(0, MAX_ATTEMPTS)) {
    if (candidate.blobs.some((i) => used.has(i))) continue;
    // Each corner must hold a real mark: solid, square, with paper around it.
    const pose = refineWithMarks(photo, layout, candidate.rough);
    if (!pose) continue;
    const { code, across } = codeLook(photo, layout, pose, layout.stub.perforationY);
    // And the card must lie over the blank template: four squares of other print, with the table where the
    // code should be, can pass the look at the code's square alone.
    if (
      code > 0.3 &&
      code < 0.85 &&
      across < code * 0.6 &&
      templateAgreement(photo, pose, template, layout) >= MIN_AGREEMENT
    ) {
      found.push({ mmToPhoto: pose });
      for (const i of candidate.blobs) used.add(i);
    }
  }
  return found;
}

/** A second try at a card's codes (its own, then its stub's if the stub is still on): each code's area
 * rectified at 8 px/mm, as it is and sharpened and stretched. */
export async function retryCode(photo: GreyImage, layout: Layout, pose: Homography): Promise<string | null> {
  const k = 8;
  const margin = layout.qr.quietZone;
  const areas = [
    { x: layout.qr.x, y: layout.qr.y, size: layout.qr.size },
    { x: layout.stub.qr.x, y: layout.stub.qr.y, size: layout.stub.qr.size },
  ];
  for (const area of areas) {
    const size = area.size + 2 * margin;
    const patch = warpGrey(
      photo,
      canonicalToImage(pose, k, area.x - margin, area.y - margin),
      size * k,
      size * k,
      255,
    );
    for (const variant of [patch, stretch(sharpen(patch)), stretch(sharpen(sharpen(patch)))]) {
      const codes = await findCodes(variant);
      const serial = codes.find((c) => c.serial)?.serial;
      if (serial) return serial;
    }
  }
  for (const area of areas) {
    const serial = await decodeFromGrid(photo, pose, area);
    if (serial) return serial;
  }
  return null;
}

function sharpen(img: GreyImage): GreyImage {
  const { width: w, height: h, data } = img;
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const c = data[i]!;
      const n =
        (y > 0 ? data[i - w]! : c) +
        (y < h - 1 ? data[i + w]! : c) +
        (x > 0 ? data[i - 1]! : c) +
        (x < w - 1 ? data[i + 1]! : c);
      out[i] = Math.max(0, Math.min(255, c * 3 - n / 2));
    }
  return { data: out, width: w, height: h };
}

function stretch(img: GreyImage): GreyImage {
  let lo = 255;
  let hi = 0;
  for (const v of img.data) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const span = Math.max(1, hi - lo);
  return { ...img, data: img.data.map((v) => ((v - lo) * 255) / span) };
}
