import { type GreyImage, leastSquares } from './homography.ts';

/**
 * A QR code's modules, from their sampled grey levels to dark or light: by thresholds, or through a model of
 * the blur fitted on the modules every code has. Used by `code-grid.ts`.
 */

/** Module levels sampled on a code's grid (row by row), with the mean levels its fixed patterns show. */
export interface Grid {
  size: number;
  values: Float32Array;
  /** Mean level of the modules the fixed patterns say are dark, and of those they say are light. */
  dark: number;
  light: number;
  fit: number;
}

/** -1 for a module every code of this size has dark, +1 for one it has light, 0 for data. */
export function fixedPatterns(size: number): Int8Array {
  const out = new Int8Array(size * size);
  const set = (r: number, c: number, dark: boolean) => {
    if (r >= 0 && c >= 0 && r < size && c < size) out[r * size + c] = dark ? -1 : 1;
  };
  for (const [top, left] of [
    [0, 0],
    [0, size - 7],
    [size - 7, 0],
  ] as const) {
    for (let r = -1; r <= 7; r++)
      for (let c = -1; c <= 7; c++) {
        const ring = Math.max(Math.abs(r - 3), Math.abs(c - 3));
        set(top + r, left + c, ring !== 2 && ring !== 4);
      }
  }
  for (let i = 8; i < size - 8; i++) {
    set(6, i, i % 2 === 0);
    set(i, 6, i % 2 === 0);
  }
  if (size > 21) {
    const centre = size - 7;
    for (let r = -2; r <= 2; r++)
      for (let c = -2; c <= 2; c++) set(centre + r, centre + c, Math.max(Math.abs(r), Math.abs(c)) !== 1);
  }
  return out;
}

/** Dark modules: those below halfway between the fixed patterns' levels; `sharpen` undoes some of the blur
 * that pulls a lone module towards its neighbours' level. */
export function thresholded(grid: Grid, sharpen: number): Uint8Array {
  const { size, values } = grid;
  const threshold = (grid.dark + grid.light) / 2;
  const at = (r: number, c: number) =>
    r < 0 || c < 0 || r >= size || c >= size ? grid.light : values[r * size + c]!;
  const dark = new Uint8Array(size * size);
  for (let r = 0; r < size; r++)
    for (let c = 0; c < size; c++) {
      const v = at(r, c);
      const around = (at(r - 1, c) + at(r + 1, c) + at(r, c - 1) + at(r, c + 1)) / 4;
      if (v + sharpen * (v - around) < threshold) dark[r * size + c] = 1;
    }
  return dark;
}

const NEIGHBOURS = [
  [-1, 0],
  [1, 0],
  [0, -1],
  [0, 1],
] as const;
const DIAGONALS = [
  [-1, -1],
  [-1, 1],
  [1, -1],
  [1, 1],
] as const;

/**
 * Dark modules, with the blur accounted for: a module's level is modelled as a + b·(it is dark) + c·(its dark
 * edge neighbours) + d·(its dark corner neighbours), the four fitted (least squares) on the modules every code
 * has, whose darkness is known; then each data module in turn takes the value its level fits better given its
 * neighbours' current values, a few sweeps over the code. A lone dark module, which the blur washes out
 * towards its light neighbours' level, is then still dark.
 */
export function equalized(grid: Grid, start: Uint8Array): Uint8Array {
  const { size, values } = grid;
  const fixed = fixedPatterns(size);
  const dark = Uint8Array.from(start, (v, i) => (fixed[i]! < 0 ? 1 : fixed[i]! > 0 ? 0 : v));
  const count = (r: number, c: number, offsets: typeof NEIGHBOURS | typeof DIAGONALS) => {
    let n = 0;
    for (const [dr, dc] of offsets) {
      const rr = r + dr;
      const cc = c + dc;
      if (rr >= 0 && cc >= 0 && rr < size && cc < size) n += dark[rr * size + cc]!;
    }
    return n;
  };
  const features = (r: number, c: number, self: number) => [
    1,
    self,
    count(r, c, NEIGHBOURS),
    count(r, c, DIAGONALS),
  ];
  let model: number[];
  try {
    model = leastSquares(
      [...fixed.keys()]
        .filter((i) => fixed[i])
        .map((i) => ({ x: features(Math.floor(i / size), i % size, dark[i]!), y: values[i]! })),
    );
  } catch {
    return start; // every fixed module alike: nothing to learn the blur from
  }
  const predict = (x: number[]) => x.reduce((sum, v, k) => sum + v * model[k]!, 0);
  for (let sweep = 0; sweep < 4; sweep++) {
    let changed = 0;
    for (let i = 0; i < size * size; i++) {
      if (fixed[i]) continue;
      const r = Math.floor(i / size);
      const c = i % size;
      const asDark = Math.abs(predict(features(r, c, 1)) - values[i]!);
      const asLight = Math.abs(predict(features(r, c, 0)) - values[i]!);
      const next = asDark < asLight ? 1 : 0;
      if (next !== dark[i]) {
        dark[i] = next;
        changed++;
      }
    }
    if (!changed) break;
  }
  return dark;
}

/** The modules as a crisp code, 6 px each with a 4-module quiet zone. */
export function drawModules(size: number, dark: Uint8Array): GreyImage {
  const px = 6;
  const quiet = 4;
  const width = (size + 2 * quiet) * px;
  const data = new Uint8Array(width * width).fill(255);
  for (let r = 0; r < size; r++)
    for (let c = 0; c < size; c++) {
      if (!dark[r * size + c]) continue;
      for (let y = 0; y < px; y++)
        data.fill(
          0,
          ((quiet + r) * px + y) * width + (quiet + c) * px,
          ((quiet + r) * px + y) * width + (quiet + c + 1) * px,
        );
    }
  return { data, width, height: width };
}
