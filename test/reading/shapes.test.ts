import { describe, expect, it } from 'vitest';
import { cardLayout } from '../../src/profile/card-layout.ts';
import { defaultProfile } from '../../src/profile/defaults.ts';
import { apply, type GreyImage, insideQuad, type Point } from '../../src/reading/homography.ts';
import { decodePhoto } from '../../src/reading/photo.ts';
import { findCardShapes } from '../../src/reading/shapes.ts';
import { orientByOutline } from '../../src/reading/unread.ts';
import { Random } from '../synth/random.ts';
import { makeScene } from '../synth/scene.ts';

const layout = cardLayout(defaultProfile);

const W = 1000;
const H = 750;

/** A rectangle turned by `degrees` about its centre. */
function turned(cx: number, cy: number, w: number, h: number, degrees: number): Point[] {
  const r = (degrees * Math.PI) / 180;
  return (
    [
      [-w / 2, -h / 2],
      [w / 2, -h / 2],
      [w / 2, h / 2],
      [-w / 2, h / 2],
    ] as Point[]
  ).map(([x, y]) => [cx + x * Math.cos(r) - y * Math.sin(r), cy + x * Math.sin(r) + y * Math.cos(r)]);
}

/** Paper on the quarter-size image; `printed` draws lines of dark "text" across it. */
function paper(image: Uint8Array, quad: Point[], printed: boolean): void {
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++)
      if (insideQuad(quad, [x + 0.5, y + 0.5]))
        image[y * W + x] = printed && y % 9 < 2 && x % 13 < 9 ? 40 : 232;
}

describe('cards found by their shape alone', () => {
  it('reports a printed, card-shaped sheet no card covers, and not a glare, a torn-off stub or a card already found', () => {
    const data = new Uint8Array(W * H);
    for (let i = 0; i < data.length; i++) data[i] = 80 + ((i * 7919) % 23);
    const lost = turned(300, 300, 200, 236, 30);
    paper(data, lost, true);
    paper(data, turned(750, 200, 150, 200, 0), false); // glare: bright, card-sized, nothing printed
    paper(data, turned(750, 600, 200, 44, 10), true); // a torn-off stub
    const known = turned(300, 620, 180, 200, 5);
    paper(data, known, true);
    const small: GreyImage = { data, width: W, height: H };
    const toPhoto = (q: Point[]) => q.map(([x, y]) => [x * 4, y * 4] as Point);
    const shapes = findCardShapes(small, 0.25, [toPhoto(turned(300, 620, 200, 220, 5))]);
    expect(shapes).toHaveLength(1);
    const found = shapes[0]!.corners;
    // The same four corners, in some order round the card, within a few pixels of the eighth-size image.
    for (const corner of toPhoto(lost))
      expect(Math.min(...found.map((p) => Math.hypot(p[0] - corner[0], p[1] - corner[1])))).toBeLessThan(40);
  });

  it('finds a card seen at a slant whose one corner is both the farthest right and the farthest down', () => {
    // The outline of a card missed in a steep photo of twenty: the corner extremes along the two diagonals
    // both fall on its bottom-right corner.
    const data = new Uint8Array(W * H);
    for (let i = 0; i < data.length; i++) data[i] = 80 + ((i * 7919) % 23);
    const slanted: Point[] = [
      [350, 450],
      [458.5, 376],
      [644.5, 473],
      [536.5, 549.5],
    ];
    paper(data, slanted, true);
    const shapes = findCardShapes({ data, width: W, height: H }, 0.25, []);
    expect(shapes).toHaveLength(1);
    const found = shapes[0]!.corners;
    for (const [x, y] of slanted)
      expect(Math.min(...found.map((p) => Math.hypot(p[0] - x * 4, p[1] - y * 4)))).toBeLessThan(40);
  });

  it('finds a card on a dark table, whose print at this size is lighter than the paper threshold', () => {
    const data = new Uint8Array(W * H);
    for (let i = 0; i < data.length; i++) data[i] = 40 + ((i * 7919) % 17);
    const card = turned(500, 380, 220, 260, 20);
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++)
        if (insideQuad(card, [x + 0.5, y + 0.5])) data[y * W + x] = y % 9 < 2 && x % 13 < 9 ? 160 : 225;
    const shapes = findCardShapes({ data, width: W, height: H }, 0.25, []);
    expect(shapes).toHaveLength(1);
  });

  it('finds nothing on an empty table', () => {
    const data = new Uint8Array(W * H);
    for (let i = 0; i < data.length; i++) data[i] = 80 + ((i * 7919) % 60);
    expect(findCardShapes({ data, width: W, height: H }, 0.25, [])).toEqual([]);
  });
});

describe('turning a card found by its outline the right way round', () => {
  it('finds which corner is the top-left from where the code is, with the stub on or off', async () => {
    for (const [seed, tornStubs] of [
      [3, 0],
      [4, 1],
    ] as const) {
      const scene = await makeScene(layout, defaultProfile, new Random(seed), {
        width: 1600,
        height: 1200,
        cards: 1,
        tornStubs,
        colouredStock: 0,
      });
      const card = scene.cards[0]!;
      const photo = await decodePhoto(scene.jpeg);
      // The outline as the shape search gives it: the same corners, starting anywhere round the card.
      const outline = [2, 3, 0, 1].map((i) => card.corners[i]!);
      const oriented = orientByOutline(photo.grey, layout, outline);
      expect(oriented).not.toBeNull();
      expect(oriented!.bottom).toBe(card.stub ? layout.card.height : layout.stub.perforationY);
      const [x, y] = apply(oriented!.mmToPhoto, [0, 0]);
      expect(Math.hypot(x - card.corners[0]![0], y - card.corners[0]![1])).toBeLessThan(3);
    }
  });
});
