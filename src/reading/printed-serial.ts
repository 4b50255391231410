import type { Layout } from '../profile/card-layout.ts';
import { canonicalToImage, type GreyImage, type Homography, warpGrey } from './homography.ts';
import { recognizeLine } from './ocr.ts';
import { greySharp } from './photo.ts';

/** Capitals about 30 px tall, where tesseract reads best. */
const PX_PER_MM = 10;
/** A pose from an outline alone can be several millimetres off: the serial is looked for this much around. */
const SLACK_X_MM = 5;
const SLACK_Y_MM = 7;

/**
 * The serial printed large on the card (G-4K7M-2QX9-T), read by OCR: a second way to identify a card whose
 * code is too small, blurred or smudged to decode. The line is looked for around where the pose puts it (see
 * `serialLine`), so a pose several millimetres off still gives the whole serial.
 * Two raw readings (see ocr.ts); only a match in the registry of issued serials may turn one into an
 * identification.
 */
export async function readPrintedSerial(
  photo: GreyImage,
  layout: Layout,
  pose: Homography,
): Promise<string[]> {
  const box = layout.serialText;
  const x0 = box.x - SLACK_X_MM;
  const y0 = box.y - SLACK_Y_MM;
  const window = warpGrey(
    photo,
    canonicalToImage(pose, PX_PER_MM, x0, y0),
    Math.round((box.w + 2 * SLACK_X_MM) * PX_PER_MM),
    Math.round((box.h + 2 * SLACK_Y_MM) * PX_PER_MM),
    255,
  );
  const line = serialLine(window);
  if (!line) return [];
  const png = await greySharp(window)
    .extract(line)
    .normalise()
    .extend({ top: 16, bottom: 16, left: 16, right: 16, background: '#ffffff' })
    .png({ compressionLevel: 3 })
    .toBuffer();
  return Promise.all(
    (['serial', 'serial-raw'] as const).map(async (kind) => (await recognizeLine(png, kind)).text),
  );
}

type Region = { left: number; top: number; width: number; height: number };

/** Where the serial's line of print is in the window, with a margin; null when the window holds no print. */
export function serialLine(window: GreyImage): Region | null {
  const { data, width, height } = window;
  const sorted = Uint8Array.from(data).sort();
  const paper = sorted[Math.floor(sorted.length * 0.8)]!;
  const darkest = sorted[Math.floor(sorted.length * 0.01)]!;
  if (paper - darkest < 40) return null;
  // Nearer the paper than the darkest print: the code beside the serial is sharper and darker than a blurred
  // serial's strokes.
  const threshold = paper - (paper - darkest) * 0.3;
  // below[y * width + x]: inked pixels of column x above row y, so any band's column counts are one subtraction.
  const below = new Uint16Array((height + 1) * width);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      below[(y + 1) * width + x] = below[y * width + x]! + (data[y * width + x]! < threshold ? 1 : 0);
  const inkIn = (x: number, top: number, bottom: number) =>
    below[bottom * width + x]! - below[top * width + x]!;

  // Each band of rows as tall as the serial's capitals, and in it the run of inked columns (gaps under 1.8 mm)
  // with the most ink and at least 15 mm long: the big bold serial wins over the small print above it, the
  // label before it, the code beside it and the boxes below.
  const band = Math.round(3.4 * PX_PER_MM);
  const gap = Math.round(1.8 * PX_PER_MM);
  let best = { top: 0, from: 0, to: -1, ink: 0 };
  for (let top = 0; top + band <= height; top += 2) {
    let run = { from: -1, to: -1, ink: 0 };
    const close = () => {
      if (run.from >= 0 && run.to - run.from >= 15 * PX_PER_MM && run.ink > best.ink) best = { top, ...run };
    };
    for (let x = 0; x < width; x++) {
      const ink = inkIn(x, top, top + band);
      if (!ink) continue;
      if (run.from < 0 || x - run.to > gap) {
        close();
        run = { from: x, to: x, ink };
      } else {
        run.to = x;
        run.ink += ink;
      }
    }
    close();
  }
  if (best.to < 0) return null;
  // Grown while its rows hold ink, so a line a little slanted or taller than thought is kept whole.
  const rowInk = (y: number) => {
    let sum = 0;
    for (let x = best.from; x <= best.to; x++) sum += inkIn(x, y, y + 1);
    return sum;
  };
  const faint = (best.ink / band) * 0.15;
  const grow = Math.round(1.5 * PX_PER_MM);
  let top = best.top;
  let bottom = best.top + band;
  for (let n = 0; n < grow && top > 0 && rowInk(top - 1) > faint; n++) top--;
  for (let n = 0; n < grow && bottom < height && rowInk(bottom) > faint; n++) bottom++;
  const margin = PX_PER_MM;
  const left = Math.max(0, best.from - margin);
  const right = Math.min(width, best.to + 1 + margin);
  const upper = Math.max(0, top - margin);
  const lower = Math.min(height, bottom + margin);
  return { left, top: upper, width: right - left, height: lower - upper };
}
