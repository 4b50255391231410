import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { type GreyImage, insideQuad, type Point } from '../../src/reading/homography.ts';
import { refineOutline } from '../../src/reading/outline.ts';

const W = 900;
const H = 700;

/** A slanted card (paper 235, a printed border rule just inside its edge, lines of print within its margins)
 * on a table, blurred. */
async function photoOf(card: Point[], besides: Point[] = []): Promise<GreyImage> {
  const ruleOuter = shrink(card, 0.95);
  const ruleInner = shrink(card, 0.94);
  const body = shrink(card, 0.85);
  const data = new Uint8Array(W * H);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const p: Point = [x + 0.5, y + 0.5];
      let v = 95 + ((x * 31 + y * 17) % 13);
      if (besides.length && insideQuad(besides, p)) v = 228;
      if (insideQuad(card, p)) {
        v = 235;
        if (insideQuad(ruleOuter, p) && !insideQuad(ruleInner, p)) v = 120;
        else if (insideQuad(body, p) && y % 14 < 3 && x % 11 < 7) v = 60;
      }
      data[y * W + x] = v;
    }
  const blurred = await sharp(Buffer.from(data), { raw: { width: W, height: H, channels: 1 } })
    .blur(1.2)
    .extractChannel(0)
    .raw()
    .toBuffer();
  return { data: new Uint8Array(blurred), width: W, height: H };
}

function shrink(q: Point[], f: number): Point[] {
  const cx = q.reduce((s, p) => s + p[0], 0) / 4;
  const cy = q.reduce((s, p) => s + p[1], 0) / 4;
  return q.map(([x, y]) => [cx + (x - cx) * f, cy + (y - cy) * f]);
}

const worst = (a: Point[], b: Point[]) =>
  Math.max(...a.map((p, i) => Math.hypot(p[0] - b[i]![0], p[1] - b[i]![1])));

describe("a card's outline made precise on the full photo", () => {
  const card: Point[] = [
    [250, 160],
    [560, 120],
    [640, 520],
    [300, 580],
  ];

  it('moves corners a fifth of the card off onto the paper’s edge, not onto a rule printed inside it', async () => {
    const photo = await photoOf(card);
    const rough: Point[] = [
      [275, 185],
      [530, 150],
      [660, 500],
      [285, 545],
    ];
    expect(worst(rough, card)).toBeGreaterThan(30);
    const refined = refineOutline(photo, rough);
    expect(worst(refined, card)).toBeLessThan(2);
  });

  it('keeps a side whose edge does not show (another card against it) where it was, and does not crash on bare table', async () => {
    const neighbour: Point[] = [
      [560, 120],
      [880, 80],
      [890, 470],
      [640, 520],
    ];
    const photo = await photoOf(card, neighbour);
    const rough = card.map(([x, y]) => [x + 4, y - 3] as Point);
    const refined = refineOutline(photo, rough);
    expect(worst(refined, card)).toBeLessThan(8);
    const table = await photoOf([
      [-20, -20],
      [-10, -20],
      [-10, -10],
      [-20, -10],
    ]);
    expect(worst(refineOutline(table, rough), rough)).toBeLessThan(0.01);
  });

  it('leaves an outline it cannot place as it is: a point, corners off the photo or not numbers', async () => {
    const photo = await photoOf(card);
    const outlines: Point[][] = [
      [
        [10, 10],
        [10, 10],
        [10, 10],
        [10, 10],
      ],
      [
        [Number.NaN, 1],
        [2, Number.POSITIVE_INFINITY],
        [3, 3],
        [4, 40],
      ],
      [
        [-5000, -5000],
        [9000, -4000],
        [8000, 9000],
        [-4000, 8000],
      ],
    ];
    for (const outline of outlines) expect(refineOutline(photo, outline)).toEqual(outline);
  });
});
