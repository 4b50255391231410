import { findCodes } from './codes.ts';
import { Correlation } from './correlation.ts';
import { bilinearAt, canonicalToImage, type GreyImage, type Homography, warpGrey } from './homography.ts';
import { drawModules, equalized, fixedPatterns, type Grid, thresholded } from './qr-modules.ts';

/**
 * A code too small or too blurred in the photo for zxing to find its finder patterns, read from where the
 * card's pose (fitted to its corner marks, which are far bigger than a module) says its modules are: each
 * module's grey level is sampled at its centre, the grid shifted by a fraction of a module until the code's
 * fixed patterns (finders, timing rows, alignment square) fit best, the modules told dark or light
 * (`qr-modules.ts`), and the clean code drawn anew for zxing to decode. The error correction does the rest;
 * a wrong grid gives no valid code, never a wrong one.
 */

/** Module counts of QR versions 1–5: a card URL of up to about 60 upper-case characters. */
const SIZES = [21, 25, 29, 33, 37];
/** Patch resolution, px/mm: a 23 mm code of 25 modules gets about 9 px a module. */
const K = 10;
const SHIFTS = [-0.4, -0.2, 0, 0.2, 0.4];

export interface CodeArea {
  x: number;
  y: number;
  size: number;
}

/** The serial's URL read from the module grid, or null. `mmToPhoto` maps card millimetres to photo pixels. */
export async function decodeFromGrid(
  photo: GreyImage,
  mmToPhoto: Homography,
  area: CodeArea,
): Promise<string | null> {
  const margin = area.size * 0.1;
  const side = Math.round((area.size + 2 * margin) * K);
  const patch = warpGrey(
    photo,
    canonicalToImage(mmToPhoto, K, area.x - margin, area.y - margin),
    side,
    side,
    255,
  );
  const grids = SIZES.map((size) => bestGrid(patch, size, area.size, margin)).sort((a, b) => b.fit - a.fit);
  for (const grid of grids.slice(0, 2)) {
    if (grid.fit < 0.5 || grid.light - grid.dark < 12) continue;
    const readings = [0, 0.6, 1.2].map((sharpen) => thresholded(grid, sharpen));
    readings.push(equalized(grid, readings[0]!));
    for (const dark of readings) {
      const codes = await findCodes(drawModules(grid.size, dark), { isPure: true, tryHarder: false });
      const serial = codes.find((c) => c.serial)?.serial;
      if (serial) return serial;
    }
  }
  return null;
}

/** The shift of the module grid whose fixed patterns fit the patch best. */
function bestGrid(patch: GreyImage, size: number, codeMm: number, marginMm: number): Grid {
  const pattern = fixedPatterns(size);
  const pitch = (codeMm / size) * K;
  let best: Grid = { size, values: new Float32Array(0), dark: 0, light: 0, fit: -1 };
  for (const sy of SHIFTS)
    for (const sx of SHIFTS) {
      const values = new Float32Array(size * size);
      for (let r = 0; r < size; r++)
        for (let c = 0; c < size; c++)
          values[r * size + c] = sample(
            patch,
            marginMm * K + (c + 0.5 + sx) * pitch,
            marginMm * K + (r + 0.5 + sy) * pitch,
            pitch * 0.15,
          );
      const fit = correlation(values, pattern);
      if (fit > best.fit) {
        let dark = 0;
        let light = 0;
        let darks = 0;
        let lights = 0;
        pattern.forEach((p, i) => {
          if (p < 0) {
            dark += values[i]!;
            darks++;
          } else if (p > 0) {
            light += values[i]!;
            lights++;
          }
        });
        best = { size, values, dark: dark / darks, light: light / lights, fit };
      }
    }
  return best;
}

/** Mean of nine bilinear samples around (x, y), `spread` pixels apart. */
function sample(image: GreyImage, x: number, y: number, spread: number): number {
  let sum = 0;
  for (let dy = -1; dy <= 1; dy++)
    for (let dx = -1; dx <= 1; dx++) sum += bilinearAt(image, x + dx * spread, y + dy * spread) ?? 255;
  return sum / 9;
}

function correlation(values: Float32Array, pattern: Int8Array): number {
  const c = new Correlation();
  pattern.forEach((p, i) => {
    if (p) c.add(values[i]!, p);
  });
  return c.value || -1;
}
