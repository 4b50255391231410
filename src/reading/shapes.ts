import { polygonCentroid, polygonHull, polygonArea as signedArea } from 'd3-polygon';
import type { Layout } from '../profile/card-layout.ts';
import type { FoundCode } from './codes.ts';
import type { GreyImage, Point } from './homography.ts';
import { insideQuad, polygonArea } from './homography.ts';

/**
 * Cards found by their shape alone: too small or too blurred in the photo for their code and their corner
 * marks (the far end of a steep photo of twenty), but still a sheet of printed paper on the table. The paper
 * (Otsu's threshold on an eighth-size image) that no card already found covers is split into pieces; a piece
 * is a card when it is big enough to be one, four-cornered and filled like a rectangle, card-shaped (not a
 * torn-off stub), clearly brighter than what is around it and printed on (a glare on the table is not).
 * Staff get its corners and a crop, as for any unidentified card.
 */
export interface CardShape {
  /** Corners in photo pixels, in order round the piece (which corner is the card's top-left is not known). */
  corners: Point[];
}

/** Pieces smaller than this share of the photo are not taken for cards (a card that small cannot be read). */
const MIN_SHARE = 0.002;
const MAX_SHARE = 0.25;
const MAX_SHAPES = 30;

export function findCardShapes(small: GreyImage, smallScale: number, covered: Point[][]): CardShape[] {
  const tiny = halve(small);
  const toTiny = smallScale / 2;
  const w = tiny.width;
  const h = tiny.height;
  const threshold = otsu(tiny.data);
  const mask = new Uint8Array(w * h);
  for (let i = 0; i < mask.length; i++) if (tiny.data[i]! > threshold) mask[i] = 1;
  for (const quad of covered)
    clearQuad(
      mask,
      w,
      h,
      quad.map(([x, y]) => [x * toTiny, y * toTiny]),
    );
  const found: CardShape[] = [];
  const labels = new Int32Array(w * h);
  for (const piece of pieces(mask, w, h, w * h * MIN_SHARE, labels)) {
    if (found.length >= MAX_SHAPES) break;
    if (piece.pixels.length > w * h * MAX_SHARE) continue;
    const corners = pieceCorners(piece.pixels, w);
    if (!corners) continue;
    const area = polygonArea(corners);
    // Cheap tests first: a card's paper fills at least half of its corners' quadrilateral (print and holes
    // included), a patch of light on a textured table seldom does.
    if (area < w * h * MIN_SHARE || piece.pixels.length < area * 0.5) continue;
    const sides = corners.map((p, i) => {
      const q = corners[(i + 1) % 4]!;
      return Math.hypot(q[0] - p[0], q[1] - p[1]);
    });
    const across = (sides[0]! + sides[2]!) / 2;
    const along = (sides[1]! + sides[3]!) / 2;
    if (Math.min(across, along) / Math.max(across, along) < 0.35) continue;
    if (!looksLikeCard(tiny, mask, labels, piece, corners, threshold)) continue;
    found.push({ corners: corners.map(([x, y]) => [(x + 0.5) / toTiny, (y + 0.5) / toTiny]) });
  }
  return found;
}

/**
 * Four-cornered: the piece lies within its corners' quadrilateral and fills it, print (darker than the
 * threshold, so not in the piece) making up the rest; brighter than the table just around it; printed on
 * (3–50% of it clearly darker than its paper).
 */
function looksLikeCard(
  image: GreyImage,
  mask: Uint8Array,
  labels: Int32Array,
  { id, pixels }: Piece,
  corners: Point[],
  threshold: number,
): boolean {
  let bright = 0;
  for (const i of pixels) bright += image.data[i]!;
  bright /= pixels.length;
  const cx = corners.reduce((s, p) => s + p[0], 0) / 4;
  const cy = corners.reduce((s, p) => s + p[1], 0) / 4;
  // A ring just outside: the corners pushed out from the centre by a fifth.
  const outer = corners.map(([x, y]) => [cx + (x - cx) * 1.2, cy + (y - cy) * 1.2] as Point);
  const x0 = Math.max(0, Math.floor(Math.min(...outer.map((p) => p[0]))));
  const x1 = Math.min(image.width - 1, Math.ceil(Math.max(...outer.map((p) => p[0]))));
  const y0 = Math.max(0, Math.floor(Math.min(...outer.map((p) => p[1]))));
  const y1 = Math.min(image.height - 1, Math.ceil(Math.max(...outer.map((p) => p[1]))));
  let inside = 0;
  let inPiece = 0;
  let printed = 0;
  let inked = 0;
  let ring = 0;
  let ringCount = 0;
  // Print is what is clearly darker than this paper: on a dark table Otsu's threshold sits so low that print
  // blurred at this size is above it, and a printed card looked blank.
  const ink = bright * 0.8;
  for (let y = y0; y <= y1; y++)
    for (let x = x0; x <= x1; x++) {
      const i = y * image.width + x;
      const v = image.data[i]!;
      if (insideQuad(corners, [x + 0.5, y + 0.5])) {
        inside++;
        if (v < ink) inked++;
        if (labels[i] === id) inPiece++;
        else if (v < threshold && !mask[i]) printed++;
      } else if (labels[i] !== id && insideQuad(outer, [x + 0.5, y + 0.5])) {
        ring += v;
        ringCount++;
      }
    }
  if (!inside || !ringCount) return false;
  const print = inked / inside;
  return (
    inPiece / pixels.length > 0.75 &&
    (inPiece + printed) / inside > 0.9 &&
    inPiece / inside > 0.5 &&
    print > 0.03 &&
    print < 0.5 &&
    bright > (ring / ringCount) * 1.3
  );
}

/**
 * The piece's corners: its convex hull cut down to four points, each time dropping the point whose triangle
 * with its neighbours is smallest; in order round it, clockwise on screen from the one nearest the top-left.
 * (The extreme points along the two diagonals, used before, fell on one corner twice for a card turned
 * about 30–45°, and such a card was never found.)
 */
function pieceCorners(pixels: Int32Array, w: number): Point[] | null {
  // The hull of a piece is the hull of each row's two ends: a few hundred points instead of thousands.
  const ends = new Map<number, [number, number]>();
  for (const i of pixels) {
    const x = i % w;
    const y = (i - x) / w;
    const row = ends.get(y);
    if (!row) ends.set(y, [x, x]);
    else if (x < row[0]) row[0] = x;
    else if (x > row[1]) row[1] = x;
  }
  const points: [number, number][] = [];
  for (const [y, [left, right]] of ends) points.push([left, y], [right, y]);
  const ring = polygonHull(points);
  if (!ring || ring.length < 4) return null;
  const triangle = (i: number) => {
    const [ax, ay] = ring[(i + ring.length - 1) % ring.length]!;
    const [bx, by] = ring[i]!;
    const [cx, cy] = ring[(i + 1) % ring.length]!;
    return Math.abs((bx - ax) * (cy - ay) - (cx - ax) * (by - ay));
  };
  while (ring.length > 4) {
    let least = 0;
    for (let i = 1; i < ring.length; i++) if (triangle(i) < triangle(least)) least = i;
    ring.splice(least, 1);
  }
  // d3's signed area is negative for clockwise on screen.
  const quad: Point[] = signedArea(ring) > 0 ? ring.reverse() : ring;
  const first = quad.reduce((best, p, i) => (p[0] + p[1] < quad[best]![0] + quad[best]![1] ? i : best), 0);
  return [...quad.slice(first), ...quad.slice(0, first)];
}

function halve(image: GreyImage): GreyImage {
  const width = image.width >> 1;
  const height = image.height >> 1;
  const data = new Uint8Array(width * height);
  const src = image.data;
  const sw = image.width;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = 2 * y * sw + 2 * x;
      data[y * width + x] = (src[i]! + src[i + 1]! + src[i + sw]! + src[i + sw + 1]! + 2) >> 2;
    }
  return { data, width, height };
}

function otsu(data: Uint8Array): number {
  const histogram = new Float64Array(256);
  for (const v of data) histogram[v]!++;
  const n = data.length;
  let sum = 0;
  for (let v = 0; v < 256; v++) sum += v * histogram[v]!;
  let below = 0;
  let belowSum = 0;
  let best = 0;
  let threshold = 128;
  for (let t = 0; t < 256; t++) {
    below += histogram[t]!;
    if (!below || below === n) continue;
    belowSum += t * histogram[t]!;
    const between = below * (n - below) * (belowSum / below - (sum - belowSum) / (n - below)) ** 2;
    if (between > best) {
      best = between;
      threshold = t;
    }
  }
  return threshold;
}

/** Clears a convex quadrilateral from the mask, row by row (where the row crosses its edges). */
function clearQuad(mask: Uint8Array, w: number, h: number, quad: Point[]): void {
  const y0 = Math.max(0, Math.floor(Math.min(...quad.map((p) => p[1]))));
  const y1 = Math.min(h - 1, Math.ceil(Math.max(...quad.map((p) => p[1]))));
  for (let y = y0; y <= y1; y++) {
    const cy = y + 0.5;
    let left = Number.POSITIVE_INFINITY;
    let right = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < quad.length; i++) {
      const [ax, ay] = quad[i]!;
      const [bx, by] = quad[(i + 1) % quad.length]!;
      if ((cy < ay && cy < by) || (cy > ay && cy > by) || ay === by) continue;
      const x = ax + ((cy - ay) * (bx - ax)) / (by - ay);
      if (x < left) left = x;
      if (x > right) right = x;
    }
    const from = Math.max(0, Math.ceil(left - 0.5));
    const to = Math.min(w - 1, Math.floor(right - 0.5));
    if (from <= to) mask.fill(0, y * w + from, y * w + to + 1);
  }
}

interface Piece {
  id: number;
  pixels: Int32Array;
}

/** Connected pieces of the mask (4-neighbour) of at least `least` pixels, biggest first; `labels` gets each
 * pixel's piece id (from 1). */
function pieces(mask: Uint8Array, w: number, h: number, least: number, labels: Int32Array): Piece[] {
  const seen = new Uint8Array(w * h);
  // Every piece's pixels, one piece after the other: a flood fill appends to it, and the piece is a slice.
  const order = new Int32Array(w * h);
  let end = 0;
  const found: Piece[] = [];
  let id = 0;
  for (let start = 0; start < w * h; start++) {
    if (!mask[start] || seen[start]) continue;
    const begin = end;
    id++;
    seen[start] = 1;
    order[end++] = start;
    for (let k = begin; k < end; k++) {
      const i = order[k]!;
      const x = i % w;
      if (x > 0 && mask[i - 1] && !seen[i - 1]) {
        seen[i - 1] = 1;
        order[end++] = i - 1;
      }
      if (x < w - 1 && mask[i + 1] && !seen[i + 1]) {
        seen[i + 1] = 1;
        order[end++] = i + 1;
      }
      if (i >= w && mask[i - w] && !seen[i - w]) {
        seen[i - w] = 1;
        order[end++] = i - w;
      }
      if (i + w < w * h && mask[i + w] && !seen[i + w]) {
        seen[i + w] = 1;
        order[end++] = i + w;
      }
    }
    if (end - begin >= least) {
      const pixels = order.subarray(begin, end);
      for (const i of pixels) labels[i] = id;
      found.push({ id, pixels });
    }
  }
  return found.sort((a, b) => b.pixels.length - a.pixels.length);
}

/**
 * A piece of paper round a code that gave no card, and under 40% of a card's area at that code's scale: a
 * torn-off stub lying on its own, not a card to show staff. The scale is taken as if the code were the card's
 * larger one, so that it errs towards a card: a stub comes out at about a fifth of a card, a card whose pose
 * failed at 80% (its stub torn) or more.
 */
export function isLooseStub(corners: Point[], strayCodes: FoundCode[], layout: Layout): boolean {
  const area = polygonArea(corners);
  const largestCode = Math.max(layout.qr.size, layout.stub.qr.size);
  return strayCodes.some((code) => {
    if (!insideQuad(corners, polygonCentroid(code.corners))) return false;
    const pxPerMm = Math.sqrt(polygonArea(code.corners)) / largestCode;
    return area < 0.4 * layout.card.width * layout.card.height * pxPerMm ** 2;
  });
}
