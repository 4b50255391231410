import sharp from 'sharp';
import { cardPng } from '../cards/render.ts';
import type { Layout } from '../profile/card-layout.ts';
import type { Profile } from '../profile/schema.ts';
import type { CardType } from '../store/records.ts';
import type { GreyImage } from './homography.ts';

/** Canonical card images are this many pixels a millimetre: 3.4 mm boxes are 27 px, handwriting about 32 px tall. */
export const PX_PER_MM = 8;

const templates = new WeakMap<Layout, Map<CardType, Promise<GreyImage>>>();

/**
 * The blank card as the reader sees it (greyscale, canonical resolution), rendered by the same code that
 * prints it: whatever is darker on a photographed card than here was written by a visitor.
 */
export function blankTemplate(layout: Layout, profile: Profile, type: CardType): Promise<GreyImage> {
  let byType = templates.get(layout);
  if (!byType) {
    byType = new Map();
    templates.set(layout, byType);
  }
  let template = byType.get(type);
  if (!template) {
    template = render(layout, profile, type);
    byType.set(type, template);
  }
  return template;
}

async function render(layout: Layout, profile: Profile, type: CardType): Promise<GreyImage> {
  // Any serial will do: the areas that are read hold no serial-dependent print.
  const png = await cardPng(
    layout,
    profile,
    { type, serial: 'G00000000', publicBaseUrl: 'http://x' },
    PX_PER_MM * 25.4,
  );
  const { data, info } = await sharp(png)
    .resize(Math.round(layout.card.width * PX_PER_MM), Math.round(layout.card.height * PX_PER_MM), {
      fit: 'fill',
    })
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  // Printed strokes widened by two pixels, so a slightly misplaced line is never mistaken for ink.
  const w = info.width;
  const h = info.height;
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let min = 255;
      for (let dy = -2; dy <= 2; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= h) continue;
        for (let dx = -2; dx <= 2; dx++) {
          const xx = x + dx;
          if (xx < 0 || xx >= w) continue;
          const v = data[yy * w + xx]!;
          if (v < min) min = v;
        }
      }
      out[y * w + x] = min;
    }
  return { data: out, width: w, height: h };
}
