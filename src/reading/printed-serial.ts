import sharp from 'sharp';
import type { Layout } from '../cards/layout.ts';
import { canonicalToImage, type GreyImage, type Homography, warpGrey } from './homography.ts';
import { recognizeLine } from './ocr.ts';

/** Capitals about 30 px tall, where tesseract reads best. */
const PX_PER_MM = 10;
/** A pose from corner marks or from an outline can be 2 mm off: the serial is looked for this much around. */
const SLACK_MM = 4;

/**
 * The serial printed large on the card (G-4K7M-2QX9-T), read by OCR: a second way to identify a card whose
 * code is too small, blurred or smudged to decode. The line is found near where the pose puts it (the widest
 * run of ink in the densest band of rows), so a pose a millimetre or two off still gives the whole serial.
 * The reading is raw; only a match in the registry of issued serials may turn it into an identification.
 */
export async function readPrintedSerial(photo: GreyImage, layout: Layout, pose: Homography): Promise<string> {
  const box = layout.serialText;
  const x0 = box.x - SLACK_MM;
  const y0 = box.y - SLACK_MM;
  const window = warpGrey(
    photo,
    canonicalToImage(pose, PX_PER_MM, x0, y0),
    Math.round((box.w + 2 * SLACK_MM) * PX_PER_MM),
    Math.round((box.h + 2 * SLACK_MM) * PX_PER_MM),
    255,
  );
  const line = serialLine(window);
  if (!line) return '';
  const png = await sharp(window.data, { raw: { width: window.width, height: window.height, channels: 1 } })
    .extract(line)
    .normalise()
    .extend({ top: 16, bottom: 16, left: 16, right: 16, background: '#ffffff' })
    .png({ compressionLevel: 3 })
    .toBuffer();
  return (await recognizeLine(png, 'serial')).text;
}

type Region = { left: number; top: number; width: number; height: number };

/** Where the serial's line of print is in the window, with a margin; null when the window holds no print. */
export function serialLine(window: GreyImage): Region | null {
  const { data, width, height } = window;
  const sorted = Uint8Array.from(data).sort();
  const paper = sorted[Math.floor(sorted.length * 0.8)]!;
  const darkest = sorted[Math.floor(sorted.length * 0.01)]!;
  if (paper - darkest < 40) return null;
  const threshold = (paper + darkest) / 2;
  const ink = (x: number, y: number) => data[y * width + x]! < threshold;

  // The band of rows as tall as the serial's capitals with the most ink: the big bold serial, not the small
  // print above it.
  const rows = new Float64Array(height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (ink(x, y)) rows[y]!++;
  const band = Math.round(3.4 * PX_PER_MM);
  let top = 0;
  let most = -1;
  for (let y = 0; y + band <= height; y++) {
    let sum = 0;
    for (let i = y; i < y + band; i++) sum += rows[i]!;
    if (sum > most) {
      most = sum;
      top = y;
    }
  }
  if (most <= 0) return null;
  // Grown while rows hold ink, so a line a little slanted or taller than thought is kept whole.
  let bottom = top + band;
  const faint = (most / band) * 0.15;
  const grow = Math.round(1.5 * PX_PER_MM);
  for (let n = 0; n < grow && top > 0 && rows[top - 1]! > faint; n++) top--;
  for (let n = 0; n < grow && bottom < height && rows[bottom]! > faint; n++) bottom++;

  // In that band, the widest run of inked columns with gaps under 1.8 mm: the serial, not the label before it
  // or the code after it.
  const gap = Math.round(1.8 * PX_PER_MM);
  let best = { from: 0, to: -1 };
  let run = { from: -1, to: -1 };
  const close = () => {
    if (run.from >= 0 && run.to - run.from > best.to - best.from) best = run;
  };
  for (let x = 0; x < width; x++) {
    let inked = false;
    for (let y = top; y < bottom && !inked; y++) inked = ink(x, y);
    if (!inked) continue;
    if (run.from < 0 || x - run.to > gap) {
      close();
      run = { from: x, to: x };
    } else run.to = x;
  }
  close();
  if (best.to - best.from < 15 * PX_PER_MM) return null;
  const margin = PX_PER_MM;
  const left = Math.max(0, best.from - margin);
  const right = Math.min(width, best.to + 1 + margin);
  const upper = Math.max(0, top - margin);
  const lower = Math.min(height, bottom + margin);
  return { left, top: upper, width: right - left, height: lower - upper };
}
