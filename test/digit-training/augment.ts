import sharp from 'sharp';
import type { GreyImage } from '../../src/reading/homography.ts';
import type { Random } from '../synth/random.ts';

/**
 * One training image: an MNIST digit written into a phone box as the reader's crop shows it (8 px/mm, the box
 * 0.3 mm inside its printed border: 37 × 48 px, paper white), with the variants people write and the look of
 * our photos. The reader's own `digitInput` then brings it to the network's 28 × 28 form.
 *
 * - the variants: a 1 with a base and/or a flag, a 7 with a bar across its stem or a tick at its start;
 * - the hand: height 3.6–5.8 mm, width ×0.75–1.25, slant ±0.35, rotation ±10°, stroke width (a grey dilation
 *   or erosion, a softer or harder pen edge), shift inside the box (sometimes past its edge);
 * - the photo: the card seen at 2.6–8 px/mm (down, then back up, bilinear as the reader's warp), blur,
 *   noise, faint or dark ink, JPEG at the photo's scale, and bits of the box's printed border along the crop's
 *   edges (what the print removal leaves when the pose is a little off).
 */
export const BOX_W = 37;
export const BOX_H = 48;

export async function augmentedBox(mnist: Uint8Array, label: number, random: Random): Promise<GreyImage> {
  const src = new Float32Array(784);
  for (let i = 0; i < 784; i++) src[i] = mnist[i]! / 255;
  variants(src, label, random);

  // The digit's ink box in MNIST pixels (the digit is about 20 px there, centred).
  let x0 = 28;
  let y0 = 28;
  let x1 = 0;
  let y1 = 0;
  for (let y = 0; y < 28; y++)
    for (let x = 0; x < 28; x++)
      if (src[y * 28 + x]! > 0.3) {
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x + 1);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y + 1);
      }
  if (x1 <= x0) [x0, y0, x1, y1] = [4, 4, 24, 24];
  const heightPx = random.range(3.6, 5.8) * 8;
  const sy = heightPx / (y1 - y0);
  const sx = sy * random.range(0.75, 1.25);
  const shear = random.range(-0.35, 0.35);
  const rot = (random.range(-10, 10) * Math.PI) / 180;
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const shift = random.chance(0.15) ? 7 : 3.5;
  const ox = BOX_W / 2 + random.range(-shift, shift);
  const oy = BOX_H / 2 + random.range(-shift, shift) * 0.8;
  // Box pixel → MNIST pixel: the inverse of scale, shear, rotate, move.
  const cos = Math.cos(rot);
  const sin = Math.sin(rot);
  let ink: Float32Array = new Float32Array(BOX_W * BOX_H);
  for (let y = 0; y < BOX_H; y++)
    for (let x = 0; x < BOX_W; x++) {
      const dx = x + 0.5 - ox;
      const dy = y + 0.5 - oy;
      const rx = cos * dx + sin * dy;
      const ry = -sin * dx + cos * dy;
      const u = (rx - shear * ry) / sx + cx;
      const v = ry / sy + cy;
      ink[y * BOX_W + x] = sample(src, 28, 28, u - 0.5, v - 0.5);
    }
  // Pen width and edge.
  const pen = random.next();
  if (pen < 0.2) ink = morph(ink, BOX_W, BOX_H, true);
  else if (pen < 0.3) ink = morph(morph(ink, BOX_W, BOX_H, true), BOX_W, BOX_H, true);
  else if (pen < 0.5) ink = morph(ink, BOX_W, BOX_H, false);
  const gamma = random.range(0.5, 1.6);
  const contrast = random.chance(0.15) ? random.range(90, 140) : random.range(140, 235);
  const image = new Float32Array(BOX_W * BOX_H);
  for (let i = 0; i < image.length; i++) image[i] = 250 - contrast * Math.min(1, ink[i]!) ** gamma;
  border(image, random);

  // The photo: the card at 2.6–8 px/mm, blurred, noisy, maybe JPEG-compressed, warped back up to 8 px/mm.
  const scale = random.chance(0.2) ? 1 : random.range(0.33, 0.95);
  const lw = Math.max(8, Math.round(BOX_W * scale));
  const lh = Math.max(10, Math.round(BOX_H * scale));
  let low: Float32Array = resize(image, BOX_W, BOX_H, lw, lh);
  const sigma = random.range(0, 0.8);
  if (sigma > 0.25) low = blur(low, lw, lh, sigma);
  const noise = random.range(0, 7);
  for (let i = 0; i < low.length; i++) low[i] = low[i]! + noise * random.gauss();
  if (random.chance(0.35)) low = await jpeg(low, lw, lh, random.int(35, 85));
  const back = resize(low, lw, lh, BOX_W, BOX_H);
  // The reader brings paper to white (its 30% brightest pixels) before anything else: so does this.
  const sorted = Float32Array.from(back).sort();
  const paper = Math.max(40, sorted[Math.floor(sorted.length * 0.7)]!);
  const data = new Uint8Array(BOX_W * BOX_H);
  for (let i = 0; i < data.length; i++)
    data[i] = Math.max(0, Math.min(255, Math.round((back[i]! * 255) / paper)));
  return { data, width: BOX_W, height: BOX_H };
}

/** Strokes some writers add: drawn in MNIST pixels before the digit is placed. */
function variants(src: Float32Array, label: number, random: Random): void {
  const rows: [number, number][] = [];
  for (let y = 0; y < 28; y++) {
    let s = 0;
    let m = 0;
    for (let x = 0; x < 28; x++) {
      s += src[y * 28 + x]!;
      m += src[y * 28 + x]! * x;
    }
    if (s > 0.5) rows.push([y, m / s]);
  }
  if (rows.length < 4) return;
  const [top, topX] = rows[0]!;
  const [bottom, bottomX] = rows[rows.length - 1]!;
  const width = random.range(1.2, 2.2);
  if (label === 1) {
    if (random.chance(0.35)) {
      const half = random.range(3, 6);
      line(src, bottomX - half, bottom, bottomX + half, bottom - random.range(-0.5, 0.5), width);
    }
    if (random.chance(0.45)) line(src, topX, top, topX - random.range(3, 6), top + random.range(2, 5), width);
  } else if (label === 7) {
    if (random.chance(0.35)) {
      const mid = rows[Math.floor(rows.length * random.range(0.45, 0.6))]!;
      const half = random.range(3, 5.5);
      line(src, mid[1] - half, mid[0], mid[1] + half, mid[0] - random.range(-0.5, 0.8), width);
    }
    if (random.chance(0.2)) {
      // A tick down from the start of the top stroke.
      let left = 28;
      for (let x = 0; x < 28; x++)
        if (src[top * 28 + x]! > 0.3 || src[(top + 1) * 28 + x]! > 0.3) left = Math.min(left, x);
      if (left < 28) line(src, left, top, left - random.range(0, 1), top + random.range(2.5, 4.5), width);
    }
  }
}

function line(src: Float32Array, ax: number, ay: number, bx: number, by: number, width: number): void {
  const lx = bx - ax;
  const ly = by - ay;
  const len2 = Math.max(1e-6, lx * lx + ly * ly);
  for (let y = 0; y < 28; y++)
    for (let x = 0; x < 28; x++) {
      const t = Math.max(0, Math.min(1, ((x - ax) * lx + (y - ay) * ly) / len2));
      const d = Math.hypot(x - ax - t * lx, y - ay - t * ly);
      const v = Math.max(0, Math.min(1, width / 2 + 0.5 - d));
      const i = y * 28 + x;
      src[i] = Math.max(src[i]!, v);
    }
}

function border(image: Float32Array, random: Random): void {
  for (let side = 0; side < 4; side++) {
    if (!random.chance(0.18)) continue;
    const level = random.range(90, 210);
    const offset = random.int(0, 1);
    const thick = random.int(1, 2);
    const along = side < 2 ? BOX_W : BOX_H;
    const from = random.chance(0.5) ? 0 : random.int(0, along / 2);
    const to = random.chance(0.5) ? along : random.int(from + 3, along);
    for (let k = from; k < to; k++)
      for (let t = 0; t < thick; t++) {
        const d = offset + t;
        const [x, y] =
          side === 0 ? [k, d] : side === 1 ? [k, BOX_H - 1 - d] : side === 2 ? [d, k] : [BOX_W - 1 - d, k];
        const i = y * BOX_W + x;
        image[i] = Math.min(image[i]!, level);
      }
  }
}

function sample(data: Float32Array, w: number, h: number, x: number, y: number): number {
  const xf = Math.floor(x);
  const yf = Math.floor(y);
  const fx = x - xf;
  const fy = y - yf;
  return (
    (zeroOut(data, w, h, xf, yf) * (1 - fx) + zeroOut(data, w, h, xf + 1, yf) * fx) * (1 - fy) +
    (zeroOut(data, w, h, xf, yf + 1) * (1 - fx) + zeroOut(data, w, h, xf + 1, yf + 1) * fx) * fy
  );
}

// Top-level helpers: closures made inside the loops cost more than the loops (tsx names every function made).
function zeroOut(data: Float32Array, w: number, h: number, x: number, y: number): number {
  return x < 0 || y < 0 || x >= w || y >= h ? 0 : data[y * w + x]!;
}

function clamped(data: Float32Array, w: number, h: number, x: number, y: number): number {
  return data[Math.min(h - 1, Math.max(0, y)) * w + Math.min(w - 1, Math.max(0, x))]!;
}

function morph(data: Float32Array, w: number, h: number, grow: boolean): Float32Array {
  const out = new Float32Array(data.length);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const c = clamped(data, w, h, x, y);
      const l = clamped(data, w, h, x - 1, y);
      const r = clamped(data, w, h, x + 1, y);
      const u = clamped(data, w, h, x, y - 1);
      const d = clamped(data, w, h, x, y + 1);
      out[y * w + x] = grow ? Math.max(c, l, r, u, d) : Math.min(c, l, r, u, d);
    }
  return out;
}

/** Area-averaging when shrinking, bilinear when growing (the reader's warp samples bilinearly). */
function resize(data: Float32Array, w: number, h: number, nw: number, nh: number): Float32Array {
  const out = new Float32Array(nw * nh);
  const kx = w / nw;
  const ky = h / nh;
  const n = Math.max(1, Math.ceil(Math.max(kx, ky)));
  for (let y = 0; y < nh; y++)
    for (let x = 0; x < nw; x++) {
      let sum = 0;
      for (let j = 0; j < n; j++)
        for (let i = 0; i < n; i++) {
          const sx = (x + (i + 0.5) / n) * kx - 0.5;
          const sy = (y + (j + 0.5) / n) * ky - 0.5;
          const xf = Math.floor(sx);
          const yf = Math.floor(sy);
          const fx = sx - xf;
          const fy = sy - yf;
          sum +=
            (clamped(data, w, h, xf, yf) * (1 - fx) + clamped(data, w, h, xf + 1, yf) * fx) * (1 - fy) +
            (clamped(data, w, h, xf, yf + 1) * (1 - fx) + clamped(data, w, h, xf + 1, yf + 1) * fx) * fy;
        }
      out[y * nw + x] = sum / (n * n);
    }
  return out;
}

function blur(data: Float32Array, w: number, h: number, sigma: number): Float32Array {
  const r = Math.ceil(sigma * 2.5);
  const k = Array.from({ length: 2 * r + 1 }, (_, i) => Math.exp(-((i - r) ** 2) / (2 * sigma * sigma)));
  const ks = k.reduce((a, b) => a + b, 0);
  const pass = (src: Float32Array, dx: number, dy: number) => {
    const out = new Float32Array(src.length);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        let s = 0;
        for (let i = -r; i <= r; i++) {
          const xx = Math.min(w - 1, Math.max(0, x + i * dx));
          const yy = Math.min(h - 1, Math.max(0, y + i * dy));
          s += k[i + r]! * src[yy * w + xx]!;
        }
        out[y * w + x] = s / ks;
      }
    return out;
  };
  return pass(pass(data, 1, 0), 0, 1);
}

async function jpeg(data: Float32Array, w: number, h: number, quality: number): Promise<Float32Array> {
  const bytes = Uint8Array.from(data, (v) => Math.max(0, Math.min(255, Math.round(v))));
  const encoded = await sharp(bytes, { raw: { width: w, height: h, channels: 1 } })
    .jpeg({ quality })
    .toBuffer();
  const { data: decoded } = await sharp(encoded).greyscale().raw().toBuffer({ resolveWithObject: true });
  return Float32Array.from(decoded.subarray(0, w * h));
}
