import { polygonArea as signedArea } from 'd3-polygon';

/**
 * Plane-to-plane projective maps (3×3, row-major, h[8] = 1) and bilinear warping over raw greyscale buffers:
 * sharp only has affine transforms, and a photographed card is a perspective view.
 */
export type Point = [number, number];
export type Homography = number[];

/** A homography's nine entries, row by row, for destructuring. */
type Entries = [number, number, number, number, number, number, number, number, number];

/** The homography taking each `from[i]` to `to[i]` (four point pairs, no three collinear). */
export function homography(from: Point[], to: Point[]): Homography {
  const a: number[][] = [];
  for (let i = 0; i < 4; i++) {
    const [x, y] = from[i]!;
    const [u, v] = to[i]!;
    a.push([x, y, 1, 0, 0, 0, -u * x, -u * y, u]);
    a.push([0, 0, 0, x, y, 1, -v * x, -v * y, v]);
  }
  return [...solve(a), 1];
}

/** Gaussian elimination with partial pivoting on an n×(n+1) augmented matrix (changed in place). */
function solve(m: number[][]): number[] {
  const n = m.length;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    const p = m[col]![col]!;
    if (Math.abs(p) < 1e-12) throw new Error('singular system: degenerate points');
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r]![col]! / p;
      if (f === 0) continue;
      for (let c = col; c <= n; c++) m[r]![c]! -= f * m[col]![c]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}

export function apply(h: Homography, [x, y]: Point): Point {
  const w = h[6]! * x + h[7]! * y + h[8]!;
  return [(h[0]! * x + h[1]! * y + h[2]!) / w, (h[3]! * x + h[4]! * y + h[5]!) / w];
}

export function invert(h: Homography): Homography {
  const [a, b, c, d, e, f, g, k, i] = h as Entries;
  const A = e * i - f * k;
  const B = -(d * i - f * g);
  const C = d * k - e * g;
  // The adjugate is the inverse up to scale, which is all a homography needs.
  const inv = [
    A,
    -(b * i - c * k),
    b * f - c * e,
    B,
    a * i - c * g,
    -(a * f - c * d),
    C,
    -(a * k - b * g),
    a * e - b * d,
  ];
  const scale = inv[8]!;
  return inv.map((v) => v / scale);
}

/** h1 then h2. */
export function compose(h2: Homography, h1: Homography): Homography {
  const out: number[] = [];
  for (let r = 0; r < 3; r++)
    for (let c = 0; c < 3; c++) {
      let sum = 0;
      for (let k = 0; k < 3; k++) sum += h2[r * 3 + k]! * h1[k * 3 + c]!;
      out.push(sum);
    }
  return out.map((v) => v / out[8]!);
}

export interface GreyImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/**
 * Samples `source` into a new `width`×`height` image: output pixel (x, y) comes from `outToSource` of its
 * centre, bilinearly interpolated; outside the source it is `fill`.
 */
export function warpGrey(
  source: GreyImage,
  outToSource: Homography,
  width: number,
  height: number,
  fill = 0,
): GreyImage {
  // Whole numbers, said so: once a call passed a size that was not a small integer, V8 kept every index here as a
  // double, and the warp ran 6× slower for the rest of the process.
  width |= 0;
  height |= 0;
  const out = new Uint8Array(width * height);
  const { data } = source;
  const sw = source.width | 0;
  const sh = source.height | 0;
  const [h0, h1, h2, h3, h4, h5, h6, h7, h8] = outToSource as Entries;
  const maxX = sw - 1;
  const maxY = sh - 1;
  for (let y = 0; y < height; y++) {
    const cy = y + 0.5;
    let nx = h0 * 0.5 + h1 * cy + h2;
    let ny = h3 * 0.5 + h4 * cy + h5;
    let nw = h6 * 0.5 + h7 * cy + h8;
    let o = y * width;
    for (let x = 0; x < width; x++, o++) {
      const sx = nx / nw - 0.5;
      const sy = ny / nw - 0.5;
      nx += h0;
      ny += h3;
      nw += h6;
      if (sx < 0 || sy < 0 || sx >= maxX || sy >= maxY) {
        out[o] = fill;
        continue;
      }
      const x0 = sx | 0;
      const y0 = sy | 0;
      const fx = sx - x0;
      const fy = sy - y0;
      const i = y0 * sw + x0;
      const top = data[i]! + (data[i + 1]! - data[i]!) * fx;
      const bottom = data[i + sw]! + (data[i + sw + 1]! - data[i + sw]!) * fx;
      out[o] = (top + (bottom - top) * fy + 0.5) | 0;
    }
  }
  return { data: out, width, height };
}

/** The grey level at (x, y) in pixel units (pixel centres at half-integers, as warpGrey samples), bilinearly
 * interpolated; null outside the image or at a coordinate that is not a number. */
export function bilinearAt(image: GreyImage, x: number, y: number): number | null {
  const sx = x - 0.5;
  const sy = y - 0.5;
  const x0 = Math.floor(sx);
  const y0 = Math.floor(sy);
  // Written so that NaN and infinite coordinates fail too.
  if (!(x0 >= 0 && y0 >= 0 && x0 < image.width - 1 && y0 < image.height - 1)) return null;
  const fx = sx - x0;
  const fy = sy - y0;
  const d = image.data;
  const i = y0 * image.width + x0;
  const top = d[i]! + (d[i + 1]! - d[i]!) * fx;
  const bottom = d[i + image.width]! + (d[i + image.width + 1]! - d[i + image.width]!) * fx;
  return top + (bottom - top) * fy;
}

/** Same as warpGrey for interleaved images of `channels` bytes a pixel (used to paste cards into scenes). */
export function warpInterleaved(
  data: Uint8Array,
  sw: number,
  sh: number,
  channels: number,
  outToSource: Homography,
  width: number,
  height: number,
): Uint8Array {
  const out = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [px, py] = apply(outToSource, [x + 0.5, y + 0.5]);
      const sx = px - 0.5;
      const sy = py - 0.5;
      if (sx < 0 || sy < 0 || sx >= sw - 1 || sy >= sh - 1) continue;
      const x0 = sx | 0;
      const y0 = sy | 0;
      const fx = sx - x0;
      const fy = sy - y0;
      for (let c = 0; c < channels; c++) {
        const i = (y0 * sw + x0) * channels + c;
        const top = data[i]! + (data[i + channels]! - data[i]!) * fx;
        const bottom =
          data[i + sw * channels]! + (data[i + sw * channels + channels]! - data[i + sw * channels]!) * fx;
        out[(y * width + x) * channels + c] = (top + (bottom - top) * fy + 0.5) | 0;
      }
    }
  }
  return out;
}

/** Least-squares coefficients c minimising Σ (c·x − y)² over the samples (normal equations); throws if they
 * do not determine one. */
export function leastSquares(samples: { x: number[]; y: number }[]): number[] {
  const n = samples[0]?.x.length ?? 0;
  const m = Array.from({ length: n }, () => new Array<number>(n + 1).fill(0));
  for (const { x, y } of samples)
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) m[i]![j]! += x[i]! * x[j]!;
      m[i]![n]! += x[i]! * y;
    }
  return solve(m);
}

/** Least-squares homography from four or more point pairs (h[8] fixed at 1). */
export function fitHomography(from: Point[], to: Point[]): Homography {
  if (from.length === 4) return homography(from, to);
  const samples = from.flatMap(([x, y], i) => {
    const [u, v] = to[i]!;
    return [
      { x: [x, y, 1, 0, 0, 0, -u * x, -u * y], y: u },
      { x: [0, 0, 0, x, y, 1, -v * x, -v * y], y: v },
    ];
  });
  return [...leastSquares(samples), 1];
}

/** The homography that maps output pixels of a `pxPerMm` canonical image (origin `x0`, `y0` mm) through `mmToImage`. */
export function canonicalToImage(mmToImage: Homography, pxPerMm: number, x0 = 0, y0 = 0): Homography {
  return compose(mmToImage, [1 / pxPerMm, 0, x0, 0, 1 / pxPerMm, y0, 0, 0, 1]);
}

/** Least-squares affine map (a homography without perspective), steadier when the points span little. */
export function fitAffine(from: Point[], to: Point[]): Homography {
  const column = (k: 0 | 1) => leastSquares(from.map(([x, y], i) => ({ x: [x, y, 1], y: to[i]![k] })));
  return [...column(0), ...column(1), 0, 0, 1];
}

/** Whether a point lies inside a convex polygon (either winding). */
export function insideQuad(q: Point[], [x, y]: Point): boolean {
  let sign = 0;
  for (let i = 0; i < q.length; i++) {
    const [ax, ay] = q[i]!;
    const [bx, by] = q[(i + 1) % q.length]!;
    const cross = (bx - ax) * (y - ay) - (by - ay) * (x - ax);
    if (cross !== 0) {
      if (sign && Math.sign(cross) !== sign) return false;
      sign = Math.sign(cross);
    }
  }
  return true;
}

/** The area of a simple polygon. */
export function polygonArea(q: Point[]): number {
  return Math.abs(signedArea(q));
}
