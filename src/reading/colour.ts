import type { Layout } from '../profile/card-layout.ts';
import type { CardType } from '../store/records.ts';
import { apply, type Homography, type Point } from './homography.ts';

/**
 * The card's paper colour (white stock or green/yellow stock) and print colour (the tinted title band),
 * from the photo's RGB pixels, so a card whose colour contradicts its serial's type can be flagged.
 */
export interface CardColours {
  paper: 'white' | CardType | 'unknown';
  print: CardType | 'unknown';
}

type Rgb = [number, number, number];

function sample(
  rgb: Buffer,
  width: number,
  height: number,
  scale: number,
  pose: Homography,
  points: Point[],
): Rgb {
  const sum: Rgb = [0, 0, 0];
  let count = 0;
  for (const p of points) {
    const [x, y] = apply(pose, p).map((v) => Math.round(v * scale)) as Point;
    if (x < 0 || y < 0 || x >= width || y >= height) continue;
    const i = (y * width + x) * 3;
    sum[0] += rgb[i]!;
    sum[1] += rgb[i + 1]!;
    sum[2] += rgb[i + 2]!;
    count++;
  }
  return count ? (sum.map((v) => v / count) as Rgb) : [0, 0, 0];
}

function grid(x0: number, y0: number, x1: number, y1: number, step: number): Point[] {
  const points: Point[] = [];
  for (let y = y0; y <= y1; y += step) for (let x = x0; x <= x1; x += step) points.push([x, y]);
  return points;
}

/** `rgb` is the photo at `scale` (width × height pixels); `pose` maps card mm to full-size photo pixels. */
export function cardColours(
  rgb: Buffer,
  width: number,
  scale: number,
  pose: Homography,
  layout: Layout,
): CardColours {
  const height = Math.floor(rgb.length / 3 / width);
  // Margins with no print on them, beside the corner marks.
  const paper = sample(rgb, width, height, scale, pose, [
    ...grid(2.6, 10, 6.8, 36, 0.8),
    ...grid(93.2, 40, 97.4, 60, 0.8),
  ]);
  // The title band is the only large area of tint: its right end has no title text on it.
  const band = sample(rgb, width, height, scale, pose, grid(55, 9.8, 62.6, 16, 0.6));
  void layout;
  const [pr, pg, pb] = paper;
  let paperColour: CardColours['paper'] = 'unknown';
  if (pg > 40) {
    if (pb / pg < 0.8 && pr / pg > 0.93) paperColour = 'yellow';
    else if (pr / pg < 0.94 && pb / pg < 0.95) paperColour = 'green';
    else paperColour = 'white';
  }
  let print: CardColours['print'] = 'unknown';
  if (pr > 30 && pg > 30 && pb > 30) {
    const r = band[0] / pr;
    const g = band[1] / pg;
    const b = band[2] / pb;
    if (b - g < -0.09 && r - g > -0.03) print = 'yellow';
    else if (r - g < -0.03 && b - g > -0.09) print = 'green';
  }
  return { paper: paperColour, print };
}
