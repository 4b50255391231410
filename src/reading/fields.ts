import type { Box, FieldSpec, Layout } from '../profile/card-layout.ts';
import { type CalibratedField, calibrate } from './calibration.ts';
import { type DigitReading, readDigitBoxes } from './digits.ts';
import { chooseEmail, MAIL_DOMAINS } from './email.ts';
import type { GreyImage } from './homography.ts';
import { type LineKind, type OcrText, recognizeLine } from './ocr.ts';
import { greySharp } from './photo.ts';
import { segmentField } from './segment.ts';
import { PX_PER_MM } from './template.ts';
import { voteReadings } from './vote.ts';

/**
 * The written fields: each is cut from the canonical card, the printed rules and boxes are taken out (they
 * are where the blank card is dark and the photo is not darker), and each line goes through OCR. A crop of
 * every field is kept for staff to read beside the draft.
 */
export interface FieldResult extends OcrText {
  crop: Buffer;
  /** The phone field's reading box by box (digit classifier). */
  digits?: DigitReading[];
  /** Flags this field raises for staff (the phone: `phone` and which box is unsure or empty; the e-mail:
   * `email` and whether its domain was snapped or a character repaired, or it does not parse). */
  review?: string[];
  /** The reader's own confidence before calibration (what the calibration table bins). */
  raw?: number;
}

export interface FieldOptions {
  /** Mail domains besides the common ones (`MAIL_DOMAINS`): the institution profile's `mailDomains`. */
  mailDomains?: readonly string[];
}

/** Writing is about 32 px tall at 8 px/mm; tesseract reads best at about 30 (RESEARCH.md). */
const OCR_SCALE = 0.9;
/** A pixel darker than this (the paper at 255) is ink. */
const INK_LEVEL = 150;

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The field's pixels with print removed and the paper brought to white; `ink` is the inked share. */
export function cleanCrop(card: GreyImage, template: GreyImage, r: Rect): { image: GreyImage; ink: number } {
  const k = PX_PER_MM;
  const x0 = Math.max(0, Math.round(r.x * k));
  const y0 = Math.max(0, Math.round(r.y * k));
  const x1 = Math.min(card.width, Math.round((r.x + r.w) * k));
  const y1 = Math.min(card.height, Math.round((r.y + r.h) * k));
  const w = x1 - x0;
  const h = y1 - y0;
  const histogram = new Uint32Array(256);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) histogram[card.data[y * card.width + x]!]!++;
  let seen = 0;
  let paper = 255;
  for (let v = 255; v >= 0; v--) {
    seen += histogram[v]!;
    if (seen >= w * h * 0.3) {
      paper = Math.max(v, 40);
      break;
    }
  }
  const out = new Uint8Array(w * h);
  let inked = 0;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = (y + y0) * card.width + x + x0;
      let v = Math.min(255, (card.data[i]! * 255) / paper);
      const printed = template.data[i]! < 200;
      // Print (rules, box edges) is never darker than about mid-grey; pen over print is darker still.
      if (printed && v > 95) v = 255;
      if (v < INK_LEVEL) inked++;
      out[y * w + x] = v;
    }
  return { image: { data: out, width: w, height: h }, ink: inked / (w * h) };
}

async function png(image: GreyImage, scale = 1, pad = 0): Promise<Buffer> {
  let s = greySharp(image);
  if (scale !== 1) s = s.resize(Math.round(image.width * scale), Math.round(image.height * scale));
  // A white border helps tesseract find text that starts at the crop's edge.
  if (pad) s = s.extend({ top: pad, bottom: pad, left: pad, right: pad, background: '#ffffff' });
  return s.png({ compressionLevel: 3 }).toBuffer();
}

/** One message line: nothing when it is indistinguishable from the blank card (`segment.ts`), else read. */
interface LineReading extends OcrText {
  /** Ink was found on the line (it was read). */
  inked: boolean;
  /** Little or faint ink: read, but less sure. */
  faint: boolean;
}

async function readLine(card: GreyImage, template: GreyImage, r: Rect): Promise<LineReading> {
  const seen = segmentField(cleanCrop(card, template, r).image);
  if (seen.blank) return { text: '', confidence: 1, inked: false, faint: false };
  const read = voteReadings(await readLooks(seen.image, 'text'));
  return {
    ...read,
    confidence: read.confidence * (seen.faint ? FAINT_FACTOR : 1),
    inked: true,
    faint: seen.faint,
  };
}

/** A faint or small line's reading counts for less (it is the least sure kind; docs/reading.md). */
const FAINT_FACTOR = 0.7;

/**
 * Handwriting is looked at three ways, at two sizes and with the ink darkened and sharpened, and the readings
 * voted: tesseract's errors on one look are often not made on the others. Message CER with the npm model,
 * main benchmark set: the more confident of two sizes 15.4%, the vote of three 14.3%; 20 far cards a photo
 * 43.9 → 42.1% (docs/reading.md; the handwriting model is trained on these looks). It costs 1.5× the OCR time
 * of two looks.
 */
async function readLooks(image: GreyImage, kind: LineKind): Promise<OcrText[]> {
  return Promise.all(lineLooks(image).map(async (look) => recognizeLine(await look, kind)));
}

/** The images of one line that tesseract is given (the OCR training lines are made with this too). */
export function lineLooks(image: GreyImage): Promise<Buffer>[] {
  return [
    strongInk(image).then((strong) => png(strong, 0.7, 16)),
    png(image, OCR_SCALE, 16),
    png(image, 0.7, 16),
  ];
}

/**
 * Where each ruled line of the message is cut from the upright card, in card millimetres: its own band, from
 * 0.3 mm above the rule over it to 0.3 mm below its own (the rules themselves are print, taken out). Before,
 * each crop reached 1.2 mm into the next band and read the tops of the next line's letters; what still enters
 * from the neighbouring bands (a descender) is rubbed out by `segmentField`.
 */
export function messageLineRects(field: Extract<FieldSpec, { kind: 'text' }>): Rect[] {
  const pitch = field.h / field.lines;
  return Array.from({ length: field.lines }, (_, i) => ({
    x: field.x - 1,
    y: field.y + i * pitch - 0.3,
    w: field.w + 2,
    h: pitch + 0.6,
  }));
}

/** The ink stretched to black (the darkest 1% of pixels, or ink's level if they are lighter: a look with
 * little or no ink must not turn its paper dark) and sharpened: a look at faint, soft writing. */
export async function strongInk(image: GreyImage): Promise<GreyImage> {
  const sorted = Uint8Array.from(image.data).sort();
  const ink = Math.min(sorted[Math.floor(sorted.length * 0.01)]!, INK_LEVEL);
  const span = Math.max(1, 255 - ink);
  const data = image.data.map((v) => Math.max(0, Math.round(((v - ink) * 255) / span)));
  const { data: sharpened } = await greySharp({ ...image, data })
    .sharpen({ sigma: 1 })
    .toColourspace('b-w')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(sharpened), width: image.width, height: image.height };
}

/** Each phone digit box's content, print removed and paper white (0.3 mm inside the printed border). */
export function phoneBoxImages(card: GreyImage, template: GreyImage, boxes: Box[]): GreyImage[] {
  return boxes.map(
    (box) =>
      cleanCrop(card, template, { x: box.x + 0.3, y: box.y + 0.3, w: box.w - 0.6, h: box.h - 0.6 }).image,
  );
}

/**
 * The phone number, one digit a box, read by the digit classifier (`digits.ts`). An empty box stays empty: the
 * number then lacks that digit (and fails the format check) rather than getting an invented one. The field's
 * confidence is the product of the digits' calibrated confidences (the chance that all of them are right);
 * `review` names every box (1–8, after the printed prefix) whose digit is unsure or missing.
 */
async function readPhone(
  card: GreyImage,
  template: GreyImage,
  field: Extract<FieldSpec, { kind: 'digits' }>,
): Promise<Omit<FieldResult, 'crop'>> {
  const digits = await readDigitBoxes(phoneBoxImages(card, template, field.boxes));
  const written = digits.filter((d) => d.digit !== null);
  if (!written.length) return { text: '', confidence: 0, digits, review: [] };
  const review: string[] = [];
  digits.forEach((d, i) => {
    if (d.digit === null) review.push(`phone-digit-empty:${i + 1}`);
    else if (!d.sure) review.push(`phone-digit-unsure:${i + 1}`);
  });
  if (review.length) review.unshift('phone');
  return {
    text: field.prefix + written.map((d) => d.digit).join(''),
    confidence: written.reduce((p, d) => p * d.confidence, 1) * (written.length === digits.length ? 1 : 0.5),
    digits,
    review,
  };
}

function boundsOf(boxes: Box[]): Rect {
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  return {
    x,
    y,
    w: Math.max(...boxes.map((b) => b.x + b.w)) - x,
    h: Math.max(...boxes.map((b) => b.y + b.h)) - y,
  };
}

/**
 * The e-mail line cut to its own band: from just under the phone boxes above it (their digits' ink stops at
 * the boxes' bottom edge) to just above the consent box's line below; before, the crop began 1.6 mm higher and
 * the bottoms of the phone digits came back as junk tokens.
 */
export function emailRect(field: Extract<FieldSpec, { kind: 'text' }>, layout: Layout): Rect {
  const phone = layout.fields.find((f) => f.kind === 'digits');
  const above =
    phone?.kind === 'digits' ? Math.max(...phone.boxes.map((b) => b.y + b.h)) + 0.2 : field.y - 0.4;
  const below = Math.min(
    field.y + field.h + 0.8,
    ...layout.checkboxes.filter((b) => b.y > field.y).map((b) => b.y - 0.3),
  );
  return {
    x: field.x - 1,
    y: Math.min(above, field.y),
    w: field.w + 1.5,
    h: below - Math.min(above, field.y),
  };
}

/** The e-mail line's looks: at 0.9× and 1.1× and 1.3× of 8 px/mm, and 0.7× with the ink stretched and
 * sharpened; each parsed and the addresses voted (`email.ts`). Chosen on the tuning split's e-mail crops (32
 * + 32 cards): one look 11–18 of 32 exact, the vote of four 15–19. */
export function emailLooks(image: GreyImage): Promise<Buffer>[] {
  return [
    png(image, OCR_SCALE, 16),
    png(image, 1.1, 16),
    png(image, 1.3, 16),
    strongInk(image).then((strong) => png(strong, 0.7, 16)),
  ];
}

export async function readFields(
  card: GreyImage,
  template: GreyImage,
  layout: Layout,
  options: FieldOptions = {},
): Promise<Record<'message' | 'phone' | 'email', FieldResult>> {
  const results: Partial<Record<'message' | 'phone' | 'email', Promise<FieldResult>>> = {};
  for (const field of layout.fields) {
    if (field.kind === 'text' && field.id === 'message') {
      const area: Rect = { x: field.x - 1, y: field.y - 0.5, w: field.w + 2, h: field.h + 1.2 };
      results.message = (async () => {
        const lines = await Promise.all(messageLineRects(field).map((r) => readLine(card, template, r)));
        const written = lines.filter((l) => l.text);
        // Ink on a line that read as nothing: staff are shown the line (never skipped silently).
        const unread = lines.filter((l) => l.inked && !l.text).length;
        return {
          text: written.map((l) => l.text).join('\n'),
          confidence: written.length ? Math.min(...written.map((l) => l.confidence)) : 0,
          crop: await png(cleanCrop(card, template, area).image),
          review: unread ? ['message', 'message-ink-unread'] : [],
        };
      })();
    } else if (field.kind === 'text') {
      const area = emailRect(field, layout);
      const domains = [...MAIL_DOMAINS, ...(options.mailDomains ?? [])];
      results.email = (async () => {
        const { image } = cleanCrop(card, template, area);
        const crop = await png(image);
        // Only what crosses the crop's top edge is the phone digits' (an i's dot sits just under it).
        const seen = segmentField(image, { edge: 1 });
        if (seen.blank) return { text: '', confidence: 0, crop, review: [] };
        const reads = await Promise.all(
          emailLooks(seen.image).map(async (look) => recognizeLine(await look, 'email')),
        );
        const { text, confidence, review } = chooseEmail(reads, domains);
        // Ink that gave no reading at all is shown to staff as the e-mail field to read.
        if (!text) return { text, confidence: 0, crop, review: ['email', 'email-format'] };
        return { text, confidence: confidence * (seen.faint ? FAINT_FACTOR : 1), crop, review };
      })();
    } else {
      const b = boundsOf(field.boxes);
      const area: Rect = { x: b.x - 0.6, y: b.y - 0.6, w: b.w + 1.2, h: b.h + 1.2 };
      results.phone = (async () => ({
        ...(await readPhone(card, template, field)),
        crop: await png(cleanCrop(card, template, area).image),
      }))();
    }
  }
  const [message, phone, email] = await Promise.all([results.message, results.phone, results.email]);
  const none = async () => ({ text: '', confidence: 0, crop: Buffer.alloc(0) });
  return {
    message: calibrated('message', message ?? (await none())),
    phone: calibrated('phone', phone ?? (await none())),
    email: calibrated('email', email ?? (await none())),
  };
}

/** A written field's confidence replaced by its calibrated one (`calibration.ts`: one minus the error measured
 * in its bin on the tuning split), the raw one kept; a bin with a high error flags the field for staff. */
function calibrated(name: CalibratedField, field: FieldResult): FieldResult {
  if (!field.text) return field;
  const { confidence, unsure } = calibrate(name, field.confidence);
  const review = [...(field.review ?? [])];
  if (unsure) {
    if (!review.includes(name)) review.unshift(name);
    review.push(`${name}-unsure`);
  }
  return { ...field, raw: field.confidence, confidence, review };
}
