import { afterAll, describe, expect, it } from 'vitest';
import { cardLayout } from '../../src/profile/card-layout.ts';
import { defaultProfile } from '../../src/profile/defaults.ts';
import type { FoundCode } from '../../src/reading/codes.ts';
import type { Point } from '../../src/reading/homography.ts';
import { closeOcr } from '../../src/reading/ocr.ts';
import { readPhoto } from '../../src/reading/pipeline.ts';
import { isLooseStub } from '../../src/reading/shapes.ts';
import { Random } from '../synth/random.ts';
import { makeScene } from '../synth/scene.ts';

const layout = cardLayout(defaultProfile);
afterAll(closeOcr);

const square = (x: number, y: number, side: number): Point[] => [
  [x, y],
  [x + side, y],
  [x + side, y + side],
  [x, y + side],
];
const code = (corners: Point[]): FoundCode => ({ text: 'x', serial: 'G-0000-0000-0', corners });

describe('a torn-off stub lying on its own', () => {
  it('is told from a card by its size against its code: a stub is no card, a card round a stray code is', () => {
    // 5 px a millimetre: a stub is 500 × 110 px, its 15 mm code 75 px; a card 500 × 700, its 23 mm code 115.
    const stub = square(0, 0, 1).map(([x, y]) => [100 + x * 500, 100 + y * 110] as Point);
    expect(isLooseStub(stub, [code(square(140, 115, 75))], layout)).toBe(true);
    const card = square(0, 0, 1).map(([x, y]) => [100 + x * 500, 100 + y * 565] as Point); // stub torn off
    expect(isLooseStub(card, [code(square(430, 147, 115))], layout)).toBe(false);
    expect(isLooseStub(card, [code(square(140, 600, 75))], layout)).toBe(false);
    expect(isLooseStub(stub, [code(square(900, 900, 75))], layout)).toBe(false);
    expect(isLooseStub(stub, [], layout)).toBe(false);
  });

  it('photographed beside cards, is neither a card nor an unidentified find', async () => {
    // Seeds where, before, the stub's paper was shown to staff as an unidentified card (two cards, close up),
    // or the stub's code made a card of the table above it (five cards).
    const scenes = [
      { seed: 11, width: 2400, height: 1800, cards: 2 },
      { seed: 12, width: 2400, height: 1800, cards: 2 },
      { seed: 15, width: 4000, height: 3000, cards: 5 },
    ];
    for (const { seed, ...size } of scenes) {
      const scene = await makeScene(layout, defaultProfile, new Random(seed), {
        ...size,
        looseStubs: 1,
        tilt: 0.2,
      });
      const read = await readPhoto({ layout, profile: defaultProfile }, scene.jpeg);
      expect(read.cards.map((c) => c.serial).sort(), `seed ${seed}`).toEqual(
        scene.cards.map((c) => c.serial).sort(),
      );
      expect(read.unidentified, `seed ${seed}`).toEqual([]);
    }
  }, 90_000);
});
