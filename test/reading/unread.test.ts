import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { cardPng } from '../../src/cards/render.ts';
import { cardLayout } from '../../src/profile/card-layout.ts';
import { defaultProfile } from '../../src/profile/defaults.ts';
import {
  apply,
  fitHomography,
  type GreyImage,
  type Homography,
  type Point,
  warpGrey,
} from '../../src/reading/homography.ts';
import { decodePhoto, type Photo, smallGrey } from '../../src/reading/photo.ts';
import { blankTemplate } from '../../src/reading/template.ts';
import { darkBlobs, findUnreadCards } from '../../src/reading/unread.ts';

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

const layout = cardLayout(defaultProfile);
const W = 1600;
const H = 1200;

/**
 * A photo of one card, 4 px/mm across and 2.2 px/mm along it (a view of about 55°), turned half round, on a
 * table; with `distractors`, a sheet of paper beside it printed with a grid of solid squares a little bigger
 * than the card's marks. Returns the photo and where the card's millimetres lie in it.
 */
async function steepCard(distractors: boolean) {
  const k = 8;
  const png = await cardPng(
    layout,
    defaultProfile,
    { type: 'yellow', serial: 'Y00000000', publicBaseUrl: 'http://cards.test' },
    k * 25.4,
  );
  const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
  const body = layout.stub.perforationY;
  const mm: Point[] = [
    [0, 0],
    [100, 0],
    [100, body],
    [0, body],
  ];
  const inPhoto: Point[] = [
    [1000, 760],
    [600, 755],
    [598, 510],
    [1002, 512],
  ];
  const mmToPhoto = fitHomography(mm, inPhoto);
  const photoToCardPx = fitHomography(
    inPhoto,
    mm.map(([u, v]) => [u * k, v * k] as Point),
  );
  // Ink kept off 0, which marks what lies outside the card.
  const ink = new Uint8Array(data).map((v) => Math.max(v, 20));
  const card = warpGrey({ data: ink, width: info.width, height: info.height }, photoToCardPx, W, H, 0);
  const rgb = Buffer.alloc(W * H * 3);
  for (let i = 0; i < W * H; i++) {
    const x = i % W;
    const y = (i - x) / W;
    const table = 120 + ((i * 7919) % 17);
    let paper = card.data[i]!;
    if (distractors && x >= 1080 && x < 1400 && y >= 380 && y < 620) {
      const gx = (x - 1080) % 80;
      const gy = (y - 380) % 80;
      paper = gx >= 30 && gx < 48 && gy >= 30 && gy < 48 ? 25 : 235;
    }
    const inside = paper > 0;
    rgb[i * 3] = inside ? paper : table + 30;
    rgb[i * 3 + 1] = inside ? paper : table;
    rgb[i * 3 + 2] = inside ? Math.round(paper * 0.7) : table - 30;
  }
  const jpeg = await sharp(rgb, { raw: { width: W, height: H, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer();
  return { photo: await decodePhoto(jpeg), mmToPhoto };
}

/** Searches the photo by marks alone, as if no code had been read, and expects just this card, its marks
 * where they are. */
async function expectFoundAlone(photo: Photo, mmToPhoto: Homography): Promise<void> {
  const template = await blankTemplate(layout, defaultProfile, 'green');
  const found = findUnreadCards(photo.grey, smallGrey(photo), layout, [], template);
  expect(found).toHaveLength(1);
  for (const f of layout.fiducials) {
    const [fx, fy] = apply(found[0]!.mmToPhoto, [f.x, f.y]);
    const [tx, ty] = apply(mmToPhoto, [f.x, f.y]);
    expect(Math.hypot(fx - tx, fy - ty)).toBeLessThan(3);
  }
}

describe('a card found by its corner marks', () => {
  it('is found when a steep view squeezes it so that it looks wider than tall, upside down', async () => {
    const { photo, mmToPhoto } = await steepCard(false);
    await expectFoundAlone(photo, mmToPhoto);
  });

  it('is found beside many squares that look like marks, whichever order they are met in', async () => {
    const { photo, mmToPhoto } = await steepCard(true);
    await expectFoundAlone(photo, mmToPhoto);
  });
});

describe('the search by marks on a photo of no card', () => {
  it('finds nothing, and does not fail, on a checkerboard (squares three in a row everywhere)', async () => {
    const W2 = 1200;
    const H2 = 900;
    const grey = Buffer.alloc(W2 * H2);
    for (let i = 0; i < grey.length; i++) grey[i] = (((i % W2) >> 4) + ((i / W2) >> 4)) % 2 ? 240 : 20;
    const png = await sharp(grey, { raw: { width: W2, height: H2, channels: 1 } })
      .png()
      .toBuffer();
    const photo = await decodePhoto(png);
    const template = await blankTemplate(layout, defaultProfile, 'green');
    expect(findUnreadCards(photo.grey, smallGrey(photo), layout, [], template)).toEqual([]);
  });
});
