import type { Layout } from '../profile/card-layout.ts';
import { canonicalToImage, type GreyImage, type Homography, warpGrey } from './homography.ts';
import { type BoxReading, readCheckboxes } from './marks.ts';
import { PX_PER_MM } from './template.ts';

/** One card of a photo, upright at PX_PER_MM (down to its perforation), with its checkboxes read. */
export interface UprightCard {
  card: GreyImage;
  boxes: BoxReading[];
}

/** The per-card work that needs no OCR: warp the card upright, read its checkboxes against its blank template. */
export function uprightCard(
  photo: GreyImage,
  mmToPhoto: Homography,
  template: GreyImage,
  layout: Layout,
): UprightCard {
  const card = warpGrey(
    photo,
    canonicalToImage(mmToPhoto, PX_PER_MM),
    Math.round(layout.card.width * PX_PER_MM),
    Math.round(layout.stub.perforationY * PX_PER_MM),
    255,
  );
  return { card, boxes: readCheckboxes(card, template, layout) };
}
