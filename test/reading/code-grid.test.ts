import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { cardPng } from '../../src/cards/render.ts';
import { cardLayout } from '../../src/profile/card-layout.ts';
import { defaultProfile } from '../../src/profile/defaults.ts';
import { decodeFromGrid } from '../../src/reading/code-grid.ts';
import { findCodes } from '../../src/reading/codes.ts';
import type { GreyImage, Homography } from '../../src/reading/homography.ts';
import { Random } from '../synth/random.ts';
import { seededSerial } from '../synth/serials.ts';

const layout = cardLayout(defaultProfile);

/** A card as the far end of a steep photo shows it: 2.6 px a millimetre (about 2.4 px a module of its
 * code), blurred, on a grey table; and the pose that maps its millimetres onto those pixels. */
async function farCard(serial: string, blur = 1.1): Promise<{ photo: GreyImage; pose: Homography }> {
  const pxPerMm = 2.6;
  const margin = 40;
  const png = await cardPng(
    layout,
    defaultProfile,
    { type: 'green', serial, publicBaseUrl: 'http://cards.test' },
    pxPerMm * 25.4,
  );
  const { data, info } = await sharp(png)
    .greyscale()
    .extend({ top: margin, bottom: margin, left: margin, right: margin, background: '#707070' })
    .blur(blur)
    .raw()
    .toBuffer({ resolveWithObject: true });
  const photo = { data: new Uint8Array(data), width: info.width, height: info.height };
  // Rendering rounds the card to whole pixels: the pose maps the card's own edges onto the image's.
  const sx = (info.width - 2 * margin) / layout.card.width;
  const sy = (info.height - 2 * margin) / layout.card.height;
  return { photo, pose: [sx, 0, margin, 0, sy, margin, 0, 0, 1] };
}

describe('a code read from its module grid', () => {
  it('reads a code too small and blurred for zxing to find, from where the pose puts its modules', async () => {
    const random = new Random(7);
    for (let i = 0; i < 3; i++) {
      const serial = seededSerial(random, 'green');
      const { photo, pose } = await farCard(serial);
      expect((await findCodes(photo)).filter((c) => c.serial)).toEqual([]);
      expect(await decodeFromGrid(photo, pose, layout.qr)).toBe(serial);
    }
  });

  it('reads it blurred so much that a lone dark module comes out lighter than the threshold', async () => {
    // At σ 1.4 px (0.6 of a module) thresholding the modules got 0 of 8 such codes: the levels are modelled
    // from the code's fixed patterns and the blur is undone module by module.
    const random = new Random(11);
    for (let i = 0; i < 3; i++) {
      const serial = seededSerial(random, 'green');
      const { photo, pose } = await farCard(serial, 1.4);
      expect(await decodeFromGrid(photo, pose, layout.qr)).toBe(serial);
    }
  });

  it('gives nothing, never a wrong serial, when the pose is a few millimetres off', async () => {
    const { photo, pose } = await farCard(seededSerial(new Random(8), 'green'));
    for (const [dx, dy] of [
      [3, 0],
      [0, -3],
      [2, 2],
    ] as const) {
      const shifted = [...pose];
      shifted[2]! += dx * pose[0]!;
      shifted[5]! += dy * pose[4]!;
      expect(await decodeFromGrid(photo, shifted, layout.qr)).toBeNull();
    }
  });
});
