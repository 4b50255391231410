import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as tfl from '@tensorflow/tfjs-layers';
import type { GreyImage } from './homography.ts';

/**
 * Phone digits, one to a printed box, read by a small convolutional network trained on real handwritten
 * digits (MNIST, with the variants people write and the look of our photos; `test/digit-training/`).
 * Inference runs on tensorflow.js's WebAssembly backend (its wasm files read from node_modules: nothing
 * native, nothing downloaded), 14–26× faster here than its pure-JavaScript CPU backend, the fallback.
 *
 * Each box's crop (print removed, paper white: `cleanCrop`) is brought to MNIST's own form: the ink's bounding
 * box scaled to fit 20 × 20 px, its centre of mass at the middle of a 28 × 28 image, ink 1 and paper 0. The
 * same function makes the training images, so the network sees exactly what it is given here.
 */

export const DIGIT_SIZE = 28;
/** A pixel darker than this (paper at 255) is ink, for finding the digit's strokes; for a faint pen the bar is
 * halfway between the paper and the box's darkest ink, up to `FAINT_LEVEL`. */
const STROKE_LEVEL = 160;
const FAINT_LEVEL = 205;
/** Fewer inked pixels than this (at 8 px/mm: 0.3 mm², a dot a pen makes by touching the paper) is an empty
 * box. The thinnest digit, a short 1, inks over 80. */
export const EMPTY_BOX_PIXELS = 20;

/** The box's ink in MNIST's form, or null when the box holds no ink (an empty box stays empty). */
export function digitInput(box: GreyImage): Float32Array | null {
  const { width: w, height: h, data } = box;
  const n = w * h;
  // The box's darkest ink (its 8th darkest pixel, so that a speck of noise does not count).
  const sorted = Uint8Array.from(data).sort();
  const darkest = sorted[Math.min(n - 1, 8)]!;
  if (darkest >= FAINT_LEVEL) return null;
  const level = Math.min(FAINT_LEVEL, Math.max(STROKE_LEVEL, (255 + darkest) / 2));
  const label = new Int32Array(n).fill(-1);
  const keep = new Uint8Array(n);
  const stack: number[] = [];
  let kept = 0;
  for (let start = 0; start < n; start++) {
    if (label[start] !== -1 || data[start]! >= level) continue;
    // One 8-connected piece of ink.
    const pixels: number[] = [];
    label[start] = start;
    stack.push(start);
    while (stack.length) {
      const i = stack.pop()!;
      pixels.push(i);
      const x = i % w;
      const y = (i - x) / w;
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          const yy = y + dy;
          if (xx < 0 || yy < 0 || xx >= w || yy >= h) continue;
          const j = yy * w + xx;
          if (label[j] === -1 && data[j]! < level) {
            label[j] = start;
            stack.push(j);
          }
        }
    }
    if (pixels.length < 4 || isBorderRemnant(pixels, w, h)) continue;
    for (const i of pixels) keep[i] = 1;
    kept += pixels.length;
  }
  if (kept < EMPTY_BOX_PIXELS) return null;

  // The strokes' soft edges belong to them too: darkness within 1 px of a kept stroke.
  const dark = new Float32Array(n);
  let x0 = w;
  let y0 = h;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let near = false;
      for (let dy = -1; dy <= 1 && !near; dy++)
        for (let dx = -1; dx <= 1 && !near; dx++) {
          const xx = x + dx;
          const yy = y + dy;
          if (xx >= 0 && yy >= 0 && xx < w && yy < h && keep[yy * w + xx]) near = true;
        }
      if (!near) continue;
      const v = Math.min(1, Math.max(0, (235 - data[y * w + x]!) / 150));
      dark[y * w + x] = v;
      if (keep[y * w + x]) {
        x0 = Math.min(x0, x);
        y0 = Math.min(y0, y);
        x1 = Math.max(x1, x);
        y1 = Math.max(y1, y);
      }
    }
  // Faint pens count as much as dark ones: the strokes' own darkness (their 90th percentile) becomes 1.
  const strokes = Array.from(dark.filter((_, i) => keep[i] === 1)).sort((a, b) => a - b);
  const top = Math.max(0.2, strokes[Math.floor(strokes.length * 0.9)]!);
  let mass = 0;
  let mx = 0;
  let my = 0;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const v = Math.min(1, dark[y * w + x]! / top);
      dark[y * w + x] = v;
      mass += v;
      mx += v * (x + 0.5);
      my += v * (y + 0.5);
    }
  mx /= mass;
  my /= mass;
  const scale = 20 / Math.max(x1 - x0 + 1, y1 - y0 + 1);
  // Each output pixel averages the source over its footprint (s × s samples, bilinear).
  const s = Math.max(1, Math.ceil(1 / scale));
  const out = new Float32Array(DIGIT_SIZE * DIGIT_SIZE);
  for (let v = 0; v < DIGIT_SIZE; v++)
    for (let u = 0; u < DIGIT_SIZE; u++) {
      let sum = 0;
      for (let j = 0; j < s; j++)
        for (let i = 0; i < s; i++) {
          const sx = mx + (u + (i + 0.5) / s - DIGIT_SIZE / 2) / scale - 0.5;
          const sy = my + (v + (j + 0.5) / s - DIGIT_SIZE / 2) / scale - 0.5;
          sum += bilinear(dark, w, h, sx, sy);
        }
      out[v * DIGIT_SIZE + u] = sum / (s * s);
    }
  return out;
}

/** A piece of ink lying along the crop's edge: what is left of the box's printed border when the pose is a
 * little off (never a digit, whose strokes run into the box). */
function isBorderRemnant(pixels: number[], w: number, h: number): boolean {
  let left = true;
  let right = true;
  let top = true;
  let bottom = true;
  const band = 3;
  for (const i of pixels) {
    const x = i % w;
    const y = (i - x) / w;
    if (x >= band) left = false;
    if (x < w - band) right = false;
    if (y >= band) top = false;
    if (y < h - band) bottom = false;
  }
  return left || right || top || bottom;
}

function bilinear(data: Float32Array, w: number, h: number, x: number, y: number): number {
  const xf = Math.floor(x);
  const yf = Math.floor(y);
  const fx = x - xf;
  const fy = y - yf;
  return (
    (pixel(data, w, h, xf, yf) * (1 - fx) + pixel(data, w, h, xf + 1, yf) * fx) * (1 - fy) +
    (pixel(data, w, h, xf, yf + 1) * (1 - fx) + pixel(data, w, h, xf + 1, yf + 1) * fx) * fy
  );
}

/** A pixel, 0 outside the image (a top-level function: a closure made per call costs more than the sum). */
function pixel(data: Float32Array, w: number, h: number, x: number, y: number): number {
  return x < 0 || y < 0 || x >= w || y >= h ? 0 : data[y * w + x]!;
}

/** One box's reading: null digit for an empty box. `confidence` is the calibrated probability that the digit
 * is right (softmax at the fitted temperature); `sure` says whether it clears the review bar. */
export interface DigitReading {
  digit: number | null;
  confidence: number;
  sure: boolean;
}

/** What `test/digit-training/train.ts` writes beside the weights. */
export interface DigitModelFile {
  format: 'cardbox-digits-1';
  /** The layers model's topology (tf.layers JSON). */
  modelTopology: object;
  weightSpecs: tf.io.WeightsManifestEntry[];
  /** Softmax temperature fitted on the validation split (never the test split). */
  temperature: number;
  /** A digit whose calibrated confidence is under this is flagged for review. */
  reviewBelow: number;
  /** Where the weights came from (data, licence, recipe); for people, not read by the code. */
  about: Record<string, unknown>;
}

const MODEL_JSON = new URL('./models/digits.json', import.meta.url);
const MODEL_BIN = new URL('./models/digits.bin', import.meta.url);

interface Loaded {
  model: tfl.LayersModel;
  temperature: number;
  reviewBelow: number;
}

let loading: Promise<Loaded> | undefined;
let backend: Promise<string> | undefined;

/** tensorflow.js on its WebAssembly backend, or on the CPU backend if that cannot start; the name it runs on.
 * The training script calibrates on the same backend the reader runs. */
export function digitBackend(): Promise<string> {
  backend ??= (async () => {
    // Production mode: no debug checks, and no console advice to install the native Node backend.
    tf.enableProdMode();
    const require = createRequire(import.meta.url);
    setWasmPaths(`${join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist')}/`);
    try {
      if (await tf.setBackend('wasm')) return 'wasm';
    } catch {
      // below
    }
    console.warn(
      'digit classifier: the WebAssembly backend did not start; reading digits on the slower CPU backend',
    );
    await tf.setBackend('cpu');
    return 'cpu';
  })();
  return backend;
}

/** The shipped model, loaded once (about 30 ms). */
export function digitModel(): Promise<Loaded> {
  loading ??= (async () => {
    await digitBackend();
    const file = JSON.parse(readFileSync(fileURLToPath(MODEL_JSON), 'utf8')) as DigitModelFile;
    if (file.format !== 'cardbox-digits-1') throw new Error('digits.json: unknown format');
    const bin = readFileSync(fileURLToPath(MODEL_BIN));
    const weightData = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);
    const model = await tfl.loadLayersModel(
      tf.io.fromMemory({ modelTopology: file.modelTopology, weightSpecs: file.weightSpecs, weightData }),
    );
    return { model, temperature: file.temperature, reviewBelow: file.reviewBelow };
  })();
  return loading;
}

/** The network's raw scores (logits) for prepared digits, ten a digit. */
export async function digitLogits(inputs: Float32Array[]): Promise<Float32Array[]> {
  if (!inputs.length) return [];
  const { model } = await digitModel();
  const batch = new Float32Array(inputs.length * DIGIT_SIZE * DIGIT_SIZE);
  inputs.forEach((input, i) => {
    batch.set(input, i * DIGIT_SIZE * DIGIT_SIZE);
  });
  const x = tf.tensor4d(batch, [inputs.length, DIGIT_SIZE, DIGIT_SIZE, 1]);
  const y = model.predict(x) as tf.Tensor;
  const values = (await y.data()) as Float32Array;
  x.dispose();
  y.dispose();
  return inputs.map((_, i) => values.slice(i * 10, i * 10 + 10));
}

/** Softmax of logits divided by the temperature. */
export function softmax(logits: ArrayLike<number>, temperature = 1): number[] {
  const z = Array.from(logits, (v) => v / temperature);
  const max = Math.max(...z);
  const e = z.map((v) => Math.exp(v - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

/** Every box read: the digit, its calibrated confidence, and whether it is sure enough not to be flagged. */
export async function readDigitBoxes(boxes: GreyImage[]): Promise<DigitReading[]> {
  const inputs = boxes.map(digitInput);
  const present = inputs.filter((x): x is Float32Array => x !== null);
  const { temperature, reviewBelow } = await digitModel();
  const logits = await digitLogits(present);
  let k = 0;
  return inputs.map((input) => {
    if (!input) return { digit: null, confidence: 1, sure: true };
    const p = softmax(logits[k++]!, temperature);
    let best = 0;
    for (let d = 1; d < 10; d++) if (p[d]! > p[best]!) best = d;
    const confidence = p[best]!;
    return { digit: best, confidence, sure: confidence >= reviewBelow };
  });
}
