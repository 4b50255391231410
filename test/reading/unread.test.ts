import { describe, expect, it } from 'vitest';
import type { GreyImage } from '../../src/reading/homography.ts';
import { darkBlobs } from '../../src/reading/unread.ts';

/** A quarter-size grey image: a card's paper on the left, a darker table on the right. */
function tabletop(): GreyImage {
  const width = 400;
  const height = 300;
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = x < 200 ? 220 : 130;
  const square = (x0: number, y0: number, value: number) => {
    for (let y = y0; y < y0 + 10; y++) for (let x = x0; x < x0 + 10; x++) data[y * width + x] = value;
  };
  square(178, 140, 20); // a corner mark, 3 mm of paper from the card's edge
  square(203, 140, 40); // a dark knot in the table's grain beside the card
  square(60, 60, 25); // a mark in the middle of the paper
  return { data, width, height };
}

describe('blobs that may be corner marks', () => {
  it('keeps solid dark squares on paper and leaves out dark spots of the table beside the card', () => {
    const blobs = darkBlobs(tabletop(), 4);
    const centres = blobs.map((b) => b.at.map((v) => Math.round(v / 4)));
    expect(centres).toContainEqual([183, 145]);
    expect(centres).toContainEqual([65, 65]);
    expect(centres).not.toContainEqual([208, 145]);
    for (const b of blobs) expect(b.size).toBeCloseTo(40, 0);
  });
});
