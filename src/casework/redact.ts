import sharp from 'sharp';
import { isContactField } from '../cases/drafts.ts';
import type { Layout } from '../profile/card-layout.ts';

/** Space around the printed phone boxes and e-mail line that handwriting strays into, in mm. */
const MARGIN_MM = 1.5;

interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Where the card's contact fields are, in mm: the phone's digit boxes together, the e-mail line. */
export function contactAreas(layout: Layout): Rect[] {
  return layout.fields
    .filter((field) => isContactField(field.id))
    .map((field) => {
      const boxes = field.kind === 'digits' ? field.boxes : [field];
      const left = Math.min(...boxes.map((b) => b.x));
      const top = Math.min(...boxes.map((b) => b.y));
      const right = Math.max(...boxes.map((b) => b.x + b.w));
      const bottom = Math.max(...boxes.map((b) => b.y + b.h));
      return {
        x: left - MARGIN_MM,
        y: top - MARGIN_MM,
        w: right - left + 2 * MARGIN_MM,
        h: bottom - top + 2 * MARGIN_MM,
      };
    });
}

/**
 * The upright card image (as the reader stores it: the card from its top-left corner, the same scale both
 * ways) with the phone and e-mail areas painted over, for staff who may not see contact details: the
 * checkboxes and the message stay readable for checking the reading. Throws when the bytes are not an image
 * (the route then refuses rather than sending the original).
 */
export async function redactedCard(bytes: Buffer, layout: Layout): Promise<{ bytes: Buffer; type: string }> {
  const image = sharp(bytes);
  const { width, height, format } = await image.metadata();
  if (!width || !height) throw new Error('not an image');
  const scale = width / layout.card.width;
  const rects = contactAreas(layout)
    .map((r) => {
      const x = Math.max(0, Math.floor(r.x * scale));
      const y = Math.max(0, Math.floor(r.y * scale));
      const right = Math.min(width, Math.ceil((r.x + r.w) * scale));
      const bottom = Math.min(height, Math.ceil((r.y + r.h) * scale));
      return `<rect x="${x}" y="${y}" width="${Math.max(0, right - x)}" height="${Math.max(0, bottom - y)}" fill="#c8c8c8"/>`;
    })
    .join('');
  const cover = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${rects}</svg>`,
  );
  const painted = image.composite([{ input: cover, top: 0, left: 0 }]);
  if (format === 'png') return { bytes: await painted.png().toBuffer(), type: 'image/png' };
  if (format === 'webp') return { bytes: await painted.webp().toBuffer(), type: 'image/webp' };
  return { bytes: await painted.jpeg({ quality: 85 }).toBuffer(), type: 'image/jpeg' };
}
