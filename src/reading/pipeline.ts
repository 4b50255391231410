import { checkSerial } from '../cards/serial.ts';
import type { Layout } from '../profile/card-layout.ts';
import type { Profile } from '../profile/schema.ts';
import type { CardType } from '../store/records.ts';
import { cardThread, uprightCards } from './card-thread.ts';
import { findCodes } from './codes.ts';
import { cardColours } from './colour.ts';
import type { DigitReading } from './digits.ts';
import { refineWithMarks } from './fiducials.ts';
import { readFields } from './fields.ts';
import {
  apply,
  canonicalToImage,
  fitHomography,
  type GreyImage,
  type Homography,
  type Point,
  warpGrey,
} from './homography.ts';
import { cardOutline, locateCards, marksFromOutline } from './locate.ts';
import { refineOutline } from './outline.ts';
import { decodePhoto, greyJpeg, smallGrey } from './photo.ts';
import { readPrintedSerial } from './printed-serial.ts';
import { findCardShapes, isLooseStub } from './shapes.ts';
import { blankTemplate } from './template.ts';
import { findUnreadCards, orientByOutline, retryCode } from './unread.ts';

/**
 * Photo → cards. The stage order lives here and only here:
 *   decode (upright, checked) → find QR codes → locate each card (code pose, corner marks) → cards with no
 *   code read, found by their corner marks or their shape (outline made precise on the full photo; their
 *   code tried again, rectified, then read from its module grid; then their
 *   printed serial, matched against the issued ones; else unidentified) → per card:
 *   warp upright → colours → checkboxes → fields (OCR, all cards' lines share the worker pool).
 * Nothing here touches the data folder: the job that runs this stores what it returns.
 */
export interface FieldReadingResult {
  text: string;
  confidence: number;
  crop: Buffer;
  /** The phone: each box's digit (null when empty) with its calibrated confidence. */
  digits?: DigitReading[];
}

export interface CardResult {
  serial: string;
  type: CardType;
  checks: Record<string, boolean | null>;
  checkConfidence: Record<string, number>;
  fields: { message: FieldReadingResult; phone: FieldReadingResult; email: FieldReadingResult };
  needsReview: string[];
  /** Card corners in photo pixels: top-left, top-right, bottom-right, bottom-left of the card. */
  corners: Point[];
  stub: boolean;
  colours: { paper: string; print: string };
  /** The upright card body as JPEG, for staff. */
  image: Buffer;
  /** 0–1: how sure the whole reading is; a later photo of the same card replaces a worse reading. */
  score: number;
}

export interface PhotoReading {
  width: number;
  height: number;
  cards: CardResult[];
  unidentified: { corners: Point[]; image: Buffer }[];
  timings: Record<string, number>;
}

export interface ReadContext {
  layout: Layout;
  profile: Profile;
  /** The issued serial a serial read off a card's print stands for, if it clearly stands for one: lets a card
   * whose code cannot be decoded be identified by its printed serial. Without it such a card is unidentified. */
  issuedSerial?: (printed: string) => string | undefined;
  /** Reads the written fields of each upright card, in the order of the cards returned; `readFields` unless
   * replaced (the OCR training lines are cut this way from the pipeline's own card images). */
  readFields?: typeof readFields;
  /** 1: every card made upright on this thread, none on the helper thread (`card-thread.ts`). */
  threads?: 1 | 2;
}

export async function readPhoto(context: ReadContext, bytes: Uint8Array): Promise<PhotoReading> {
  const { layout, profile } = context;
  const timings: Record<string, number> = {};
  let t = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    timings[name] = Math.round(now - t);
    t = now;
  };
  const threads = context.threads ?? 2;
  if (threads === 2) cardThread.warm();
  const photo = await decodePhoto(bytes);
  lap('decode');
  const codes = await findCodes(photo.grey);
  lap('codes');
  const templates = {
    green: await blankTemplate(layout, profile, 'green'),
    yellow: await blankTemplate(layout, profile, 'yellow'),
  };
  const poses = locateCards(photo.grey, layout, codes, templates);
  lap('locate');
  const unidentified: PhotoReading['unidentified'] = [];
  const small = smallGrey(photo);
  // The issued serial that the readings of the printed serial agree on; none if they point to two.
  const serialFromPrint = async (pose: Homography) => {
    const issued = context.issuedSerial;
    if (!issued) return undefined;
    const matches = new Set(
      (await readPrintedSerial(photo.grey, layout, pose)).map((read) => issued(read)).filter(Boolean),
    );
    return matches.size === 1 ? [...matches][0] : undefined;
  };
  // A card found without its code read: the code is tried once more where the pose puts it, then the serial
  // printed on the card (matched against the issued ones); the card is then identified (if not already), or
  // shown to staff upright as unidentified.
  const settle = async (pose: Homography, marks: number, bottom: number) => {
    const fromCode = await retryCode(photo.grey, layout, pose);
    const serial = fromCode ?? (await serialFromPrint(pose));
    if (serial) {
      if (!poses.some((p) => p.serial === serial))
        poses.push({ serial, mmToPhoto: pose, marks, from: fromCode ? 'marks' : 'print', codes: [] });
      return;
    }
    unidentified.push({
      corners: bodyCorners(layout, bottom).map((p) => round(apply(pose, p))),
      image: await uprightJpeg(photo.grey, pose, layout, bottom),
    });
  };
  for (const unread of findUnreadCards(photo.grey, small, layout, poses, templates.green))
    await settle(unread.mmToPhoto, 4, layout.stub.perforationY);
  const covered = [
    ...poses.map((pose) => cardOutline(layout, pose.mmToPhoto, 3)),
    ...unidentified.map((u) => u.corners),
  ];
  // A card found by its outline, turned the right way round by where its code is (if that shows), its marks
  // looked for once more where they must be.
  const fromOutline = (corners: Point[]) => {
    const oriented = orientByOutline(photo.grey, layout, corners);
    if (!oriented) return null;
    const refined =
      refineWithMarks(photo.grey, layout, oriented.mmToPhoto) ??
      // Its type is not known yet; in grey the two templates differ only in the print's shade.
      marksFromOutline(photo.grey, layout, oriented.mmToPhoto, templates.green);
    return { mmToPhoto: refined ?? oriented.mmToPhoto, marks: refined ? 4 : 0, bottom: oriented.bottom };
  };
  // A code read that gave no card is a torn-off stub on its own (locateCards); the paper round it is no card.
  const strayCodes = codes.filter((code) => code.serial && !poses.some((pose) => pose.codes.includes(code)));
  for (const shape of findCardShapes(small, photo.rgbScale, covered)) {
    if (isLooseStub(shape.corners, strayCodes, layout)) continue;
    // The outline made precise on the full photo first; the rough one if that finds no marks (a side with
    // no visible edge, against another card, may have been moved onto print).
    const precise = refineOutline(photo.grey, shape.corners);
    let found = fromOutline(precise);
    if (!found?.marks) {
      const rough = fromOutline(shape.corners);
      if (rough?.marks || !found) found = rough;
    }
    if (found) await settle(found.mmToPhoto, found.marks, found.bottom);
    else unidentified.push({ corners: precise.map(round), image: await straightened(photo.grey, precise) });
  }
  lap('unread');

  const bodyHeight = layout.stub.perforationY;
  const typed = poses.map((pose) => {
    const checked = checkSerial(pose.serial);
    const type: CardType = checked.ok ? checked.type : 'green';
    return { pose, type, template: templates[type] };
  });
  const upright = await uprightCards(
    photo.grey,
    typed.map(({ pose, template }) => ({ mmToPhoto: pose.mmToPhoto, template })),
    layout,
    threads,
  );
  const prepared = typed.map(({ pose, type, template }, k) => ({
    pose,
    type,
    template,
    card: upright[k]!.card,
    boxes: upright[k]!.boxes,
    colours: cardColours(photo.rgb, photo.rgbWidth, photo.rgbScale, pose.mmToPhoto, layout),
    stub: pose.codes.length > 1 || pose.from === 'stub',
  }));
  lap('marks');

  const cards = await Promise.all(
    prepared.map(async ({ pose, type, template, card, colours, boxes, stub }) => {
      const fields = await (context.readFields ?? readFields)(card, template, layout, {
        mailDomains: profile.mailDomains,
      });
      const needsReview: string[] = [];
      const checks: Record<string, boolean | null> = {};
      const checkConfidence: Record<string, number> = {};
      // With fewer than three corner marks the pose is extrapolated and a box may be read off its place:
      // every box is then left to staff rather than guessed.
      const unsure = pose.marks < 3;
      for (const b of boxes) {
        checks[b.id] = unsure ? null : b.value;
        checkConfidence[b.id] = unsure ? 0 : Number(b.confidence.toFixed(2));
      }
      if (Object.values(checks).some((v) => v === null)) needsReview.push('checkbox-undecided');
      for (const group of layout.singleChoice) {
        const marked = layout.checkboxes.filter((b) => b.group === group && checks[b.id] === true);
        if (marked.length > 1) needsReview.push(`${group}-multiple`);
      }
      if (pose.marks < 4) needsReview.push('corners-coarse');
      if (pose.from === 'print') needsReview.push('serial-from-print');
      if (colours.paper !== 'white' && colours.paper !== 'unknown' && colours.paper !== type)
        needsReview.push('paper-colour-mismatch');
      if (colours.print !== 'unknown' && colours.print !== type) needsReview.push('print-colour-mismatch');
      if (fields.message.text && fields.message.confidence < 0.6) needsReview.push('message-low-confidence');
      // Ink on a message line that read as nothing (never skipped silently).
      needsReview.push(...(fields.message.review ?? []));
      // Handwriting smaller than this in the photo reads about twice as badly (docs/reading.md): staff are told
      // that a closer photo of the card gives a better draft, and the reading counts for less, so that one
      // replaces it.
      const scale = writingScale(pose.mmToPhoto, layout);
      const small = fields.message.text !== '' && scale < SMALL_WRITING_PX_PER_MM;
      if (small) needsReview.push('small-in-photo');
      if (fields.phone.text && !/^010\d{8}$/.test(fields.phone.text)) needsReview.push('phone-format');
      // The digit classifier names each box whose digit is unsure or missing (never guessed silently).
      needsReview.push(...(fields.phone.review ?? []));
      // The e-mail reader says when it snapped a domain, repaired a character or could not parse the line.
      needsReview.push(...(fields.email.review ?? []));
      const bottom = stub ? layout.card.height : bodyHeight;
      const corners = bodyCorners(layout, bottom).map((p) => round(apply(pose.mmToPhoto, p)));
      const written = [fields.message, fields.phone, fields.email].filter((f) => f.text);
      const score =
        0.4 * (pose.marks / 4) +
        0.3 * (boxes.reduce((s, b) => s + b.confidence, 0) / Math.max(1, boxes.length)) +
        0.3 *
          (written.length ? written.reduce((s, f) => s + f.confidence, 0) / written.length : 1) *
          (small ? scale / SMALL_WRITING_PX_PER_MM : 1);
      const image = await greyJpeg(card);
      return {
        serial: pose.serial,
        type,
        checks,
        checkConfidence,
        fields,
        needsReview,
        corners,
        stub,
        colours,
        image,
        score: Number(score.toFixed(3)),
      } satisfies CardResult;
    }),
  );
  lap('fields');
  return { width: photo.grey.width, height: photo.grey.height, cards, unidentified, timings };
}

/** Pixels a millimetre of the message area in the photo, in its more foreshortened direction. */
const SMALL_WRITING_PX_PER_MM = 3.5;

function writingScale(mmToPhoto: Homography, layout: Layout): number {
  const message = layout.fields.find((f) => f.id === 'message');
  if (message?.kind !== 'text') return Number.POSITIVE_INFINITY;
  const centre: Point = [message.x + message.w / 2, message.y + message.h / 2];
  const at = apply(mmToPhoto, centre);
  const step = (dx: number, dy: number) => {
    const to = apply(mmToPhoto, [centre[0] + dx, centre[1] + dy]);
    return Math.hypot(to[0] - at[0], to[1] - at[1]);
  };
  return Math.min(step(1, 0), step(0, 1));
}

/** The card upright at 4 px/mm, down to `bottom` mm, for staff to read. */
async function uprightJpeg(
  grey: GreyImage,
  mmToPhoto: Homography,
  layout: Layout,
  bottom: number,
): Promise<Buffer> {
  const k = 4;
  return greyJpeg(warpGrey(grey, canonicalToImage(mmToPhoto, k), layout.card.width * k, bottom * k, 255));
}

/** A card found by its shape alone, straightened and enlarged for staff to read: its long sides upright
 * (which end is its top is not known, so it may come out upside down). */
async function straightened(grey: GreyImage, corners: Point[]): Promise<Buffer> {
  const side = (i: number) =>
    Math.hypot(corners[(i + 1) % 4]![0] - corners[i]![0], corners[(i + 1) % 4]![1] - corners[i]![1]);
  const across = (side(0) + side(2)) / 2;
  const along = (side(1) + side(3)) / 2;
  const from = across <= along ? corners : [1, 2, 3, 0].map((i) => corners[i]!);
  const width = 480;
  const height = Math.round((width * Math.max(across, along)) / Math.min(across, along));
  const outToPhoto = fitHomography(
    [
      [0, 0],
      [width, 0],
      [width, height],
      [0, height],
    ],
    from,
  );
  return greyJpeg(warpGrey(grey, outToPhoto, width, height, 255));
}

function bodyCorners(layout: Layout, bottom: number): Point[] {
  return [
    [0, 0],
    [layout.card.width, 0],
    [layout.card.width, bottom],
    [0, bottom],
  ];
}

function round(p: Point): Point {
  return [Math.round(p[0] * 10) / 10, Math.round(p[1] * 10) / 10];
}
