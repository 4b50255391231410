import sharp from 'sharp';
import type { Layout } from '../../src/profile/card-layout.ts';
import type { Profile } from '../../src/profile/schema.ts';
import {
  apply,
  compose,
  type Homography,
  homography,
  invert,
  type Point,
} from '../../src/reading/homography.ts';
import type { CardType } from '../../src/store/records.ts';
import { type CardTruth, type FillOptions, fillCard, renderFilledCard } from './card.ts';
import type { Random } from './random.ts';
import { seededSerial } from './serials.ts';

/**
 * A phone photo of cards on a table, made from a seed: blank cards from the real renderer, filled in as
 * visitors would, laid out at random rotations, seen in perspective, under uneven light with shadows, blurred,
 * noisy and JPEG-compressed. Returns the photo and the ground truth of every card in it.
 */
export interface SceneOptions {
  width: number;
  height: number;
  cards: number;
  /** Share of cards whose stub was torn off. */
  tornStubs?: number;
  /** Torn-off stubs lying on the table on their own (not cards). */
  looseStubs?: number;
  /** Share of cards on coloured stock; some of them on the other type's colour. */
  colouredStock?: number;
  /** Share of cards whose main QR code is blotted out (and stub torn), to be found as unidentified. */
  blottedQr?: number;
  /** Upper bound of the camera tilt as how much shorter the far edge is: 0.3 ≈ 20°, 0.5 ≈ 35°. */
  tilt?: number;
  blur?: [number, number];
  fill?: FillOptions;
  publicBaseUrl?: string;
  /** Serials to use (e.g. issued in a test's registry); random valid serials otherwise. */
  serials?: { serial: string; type: CardType }[];
}

export interface SceneCard extends CardTruth {
  /** Card corners in photo pixels: top-left, top-right, bottom-right, bottom-left of the card as it lies. */
  corners: Point[];
  stub: boolean;
  paper: 'white' | CardType;
  qrBlotted: boolean;
}

export interface Scene {
  jpeg: Buffer;
  width: number;
  height: number;
  cards: SceneCard[];
}

const TABLES: [number, number, number][] = [
  [122, 84, 52],
  [92, 64, 44],
  [70, 72, 78],
  [150, 150, 146],
  [40, 60, 48],
  [168, 128, 90],
];
const PAPER: Record<'white' | CardType, [number, number, number]> = {
  white: [250, 250, 246],
  green: [214, 238, 206],
  yellow: [252, 238, 160],
};

export async function makeScene(
  layout: Layout,
  profile: Profile,
  random: Random,
  options: SceneOptions,
): Promise<Scene> {
  const { width: W, height: H } = options;
  const publicBaseUrl = options.publicBaseUrl ?? 'http://cards.test';
  const photo = await tableBackground(random, W, H);

  const items = options.cards + (options.looseStubs ?? 0);
  const cols = Math.max(1, Math.round(Math.sqrt((items * W) / H)));
  const rows = Math.ceil(items / cols);
  const cellW = W / cols;
  const cellH = H / rows;
  const rotations = Array.from({ length: items }, () =>
    random.chance(0.8) ? random.int(0, 3) * 90 + random.gauss() * 10 : random.range(0, 360),
  );
  const scale = Math.min(
    11,
    ...rotations.map((deg) => {
      const r = (deg * Math.PI) / 180;
      const bw = Math.abs(100 * Math.cos(r)) + Math.abs(140 * Math.sin(r));
      const bh = Math.abs(100 * Math.sin(r)) + Math.abs(140 * Math.cos(r));
      return Math.min((cellW * 0.9) / bw, (cellH * 0.9) / bh);
    }),
  );
  const plane = tiltHomography(random, W, H, options.tilt ?? 0.3);
  const order = Array.from({ length: items }, (_, i) => i).sort(() => random.next() - 0.5);

  const shadows: Point[][] = [];
  const pastes: (() => Promise<void>)[] = [];
  const cards: SceneCard[] = [];
  for (let k = 0; k < items; k++) {
    const cell = order[k]!;
    const loose = k >= options.cards;
    const cx = (cell % cols) * cellW + cellW / 2;
    const cy = Math.floor(cell / cols) * cellH + cellH / 2;
    const deg = rotations[k]!;
    const rad = (deg * Math.PI) / 180;
    const given = options.serials?.[k];
    const type: CardType = given?.type ?? (random.chance(0.5) ? 'green' : 'yellow');
    const serial = given?.serial ?? seededSerial(random, type);
    const stub = loose ? false : !random.chance(options.tornStubs ?? 0.3);
    const coloured = random.chance(options.colouredStock ?? 0.3);
    const paper: SceneCard['paper'] = coloured
      ? random.chance(0.85)
        ? type
        : type === 'green'
          ? 'yellow'
          : 'green'
      : 'white';
    const blotted = !loose && random.chance(options.blottedQr ?? 0);
    const { svg, truth } = fillCard(layout, random, serial, type, options.fill);
    const blot = blotted
      ? `<ellipse cx="${layout.qr.x + layout.qr.size * 0.45}" cy="${layout.qr.y + layout.qr.size * 0.5}" rx="${layout.qr.size * 0.42}" ry="${layout.qr.size * 0.36}" fill="#202020"/>`
      : '';
    // Card millimetres → table plane: rotate about the card's centre, scale, move to the cell.
    const top = loose ? layout.stub.perforationY : 0;
    const bottom = stub || loose ? layout.card.height : layout.stub.perforationY;
    const mid: Point = [layout.card.width / 2, (top + bottom) / 2];
    const jx = random.range(-0.04, 0.04) * cellW;
    const jy = random.range(-0.04, 0.04) * cellH;
    const toPlane = (p: Point): Point => {
      const dx = (p[0] - mid[0]) * scale;
      const dy = (p[1] - mid[1]) * scale;
      return [
        cx + jx + dx * Math.cos(rad) - dy * Math.sin(rad),
        cy + jy + dx * Math.sin(rad) + dy * Math.cos(rad),
      ];
    };
    const cornersMm: Point[] = [
      [0, top],
      [layout.card.width, top],
      [layout.card.width, bottom],
      [0, bottom],
    ];
    const corners = cornersMm.map((p) => apply(plane, toPlane(p)));
    const mmToPhoto = homography(cornersMm, corners);
    shadows.push(corners);
    const pxPerMm = Math.min(12, Math.ceil(scale * 1.4));
    pastes.push(async () => {
      const card = await renderFilledCard(layout, profile, truth, svg + blot, publicBaseUrl, pxPerMm);
      const pxToMm = [1 / pxPerMm, 0, 0, 0, 1 / pxPerMm, 0, 0, 0, 1];
      paste(photo, W, H, card, compose(mmToPhoto, pxToMm), top * pxPerMm, bottom * pxPerMm, PAPER[paper]);
    });
    if (!loose) cards.push({ ...truth, corners, stub, paper, qrBlotted: blotted });
  }
  await castShadows(photo, W, H, shadows, random);
  for (const p of pastes) await p();
  light(photo, W, H, random);
  const [b0, b1] = options.blur ?? [0.3, 1.1];
  const jpeg = await sharp(photo, { raw: { width: W, height: H, channels: 3 } })
    .blur(random.range(b0, b1))
    .jpeg({ quality: random.int(72, 92) })
    .toBuffer();
  return { jpeg, width: W, height: H, cards };
}

function tiltHomography(random: Random, W: number, H: number, maxTilt: number): Homography {
  const t = random.range(0, maxTilt);
  const j = () => random.range(-0.02, 0.02);
  // The far edge is shorter; which edge is far is random.
  const near: Point[] = [
    [W * (t / 2 + j()), H * j()],
    [W * (1 - t / 2 + j()), H * j()],
    [W * (1 + j() / 2), H],
    [W * (j() / 2), H],
  ];
  const side = random.int(0, 3);
  const rect: Point[] = [
    [0, 0],
    [W, 0],
    [W, H],
    [0, H],
  ];
  const rotated = rect.map((_, i) => near[(i + side) % 4]!);
  // Keep the photo filled: shrink the plane slightly towards the centre so no card leaves the frame.
  const shrunk = rotated.map(([x, y]) => [W / 2 + (x - W / 2) * 0.97, H / 2 + (y - H / 2) * 0.97] as Point);
  return homography(rect, shrunk);
}

async function tableBackground(random: Random, W: number, H: number): Promise<Buffer> {
  const base = random.pick(TABLES);
  const w = Math.ceil(W / 16);
  const h = Math.ceil(H / 16);
  const small = Buffer.alloc(w * h * 3);
  const grain = random.range(0.02, 0.2);
  const phase = random.range(0, 10);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const stripe = Math.sin(y * grain + Math.sin(x * 0.05 + phase) * 2) * 12;
      const noise = random.gauss() * 6;
      for (let c = 0; c < 3; c++) small[(y * w + x) * 3 + c] = clamp(base[c]! + stripe + noise);
    }
  return sharp(small, { raw: { width: w, height: h, channels: 3 } })
    .resize(W, H, { kernel: 'cubic' })
    .raw()
    .toBuffer();
}

async function castShadows(
  photo: Buffer,
  W: number,
  H: number,
  quads: Point[][],
  random: Random,
): Promise<void> {
  const f = 8;
  const w = Math.ceil(W / f);
  const h = Math.ceil(H / f);
  const mask = Buffer.alloc(w * h);
  const dx = random.range(-1, 1) * W * 0.006;
  const dy = random.range(0.3, 1) * H * 0.01;
  for (const quad of quads) {
    const q = quad.map(([x, y]) => [(x + dx) / f, (y + dy) / f] as Point);
    const xs = q.map((p) => p[0]);
    const ys = q.map((p) => p[1]);
    for (let y = Math.max(0, Math.floor(Math.min(...ys))); y < Math.min(h, Math.ceil(Math.max(...ys))); y++)
      for (let x = Math.max(0, Math.floor(Math.min(...xs))); x < Math.min(w, Math.ceil(Math.max(...xs))); x++)
        if (inside(q, [x + 0.5, y + 0.5])) mask[y * w + x] = 255;
  }
  const soft = await sharp(mask, { raw: { width: w, height: h, channels: 1 } })
    .blur(3)
    .resize(W, H)
    .raw()
    .toBuffer();
  const depth = random.range(0.25, 0.5);
  for (let i = 0; i < W * H; i++) {
    const k = 1 - (depth * soft[i]!) / 255;
    photo[i * 3] = photo[i * 3]! * k;
    photo[i * 3 + 1] = photo[i * 3 + 1]! * k;
    photo[i * 3 + 2] = photo[i * 3 + 2]! * k;
  }
}

function inside(q: Point[], [x, y]: Point): boolean {
  let sign = 0;
  for (let i = 0; i < 4; i++) {
    const [ax, ay] = q[i]!;
    const [bx, by] = q[(i + 1) % 4]!;
    const cross = (bx - ax) * (y - ay) - (by - ay) * (x - ax);
    if (cross !== 0) {
      if (sign && Math.sign(cross) !== sign) return false;
      sign = Math.sign(cross);
    }
  }
  return true;
}

/** Pastes rows `top`–`bottom` of the card image into the photo through `cardToPhoto`, tinted by the paper. */
function paste(
  photo: Buffer,
  W: number,
  H: number,
  card: { data: Buffer; width: number; height: number },
  cardToPhoto: Homography,
  top: number,
  bottom: number,
  paper: [number, number, number],
): void {
  const quad: Point[] = [
    [0, top],
    [card.width, top],
    [card.width, bottom],
    [0, bottom],
  ].map((p) => apply(cardToPhoto, p as Point));
  const back = invert(cardToPhoto);
  const xs = quad.map((p) => p[0]);
  const ys = quad.map((p) => p[1]);
  const cw = card.width;
  for (let y = Math.max(0, Math.floor(Math.min(...ys))); y < Math.min(H, Math.ceil(Math.max(...ys))); y++)
    for (let x = Math.max(0, Math.floor(Math.min(...xs))); x < Math.min(W, Math.ceil(Math.max(...xs))); x++) {
      const [u, v] = apply(back, [x + 0.5, y + 0.5]);
      if (u < 0 || v < top || u >= cw || v >= bottom) continue;
      // Edge pixels are blended by coverage so the card's outline is not aliased.
      const edge = Math.min(1, u + 0.5, cw - u, v - top + 0.5, bottom - v);
      const sx = Math.min(cw - 1.001, Math.max(0, u - 0.5));
      const sy = Math.min(card.height - 1.001, Math.max(0, v - 0.5));
      const x0 = sx | 0;
      const y0 = sy | 0;
      const fx = sx - x0;
      const fy = sy - y0;
      for (let c = 0; c < 3; c++) {
        const i = (y0 * cw + x0) * 3 + c;
        const d = card.data;
        const t = d[i]! + (d[i + 3]! - d[i]!) * fx;
        const b = d[i + cw * 3]! + (d[i + cw * 3 + 3]! - d[i + cw * 3]!) * fx;
        const value = ((t + (b - t) * fy) * paper[c]!) / 255;
        const o = (y * W + x) * 3 + c;
        photo[o] = photo[o]! + (value - photo[o]!) * Math.max(0, edge);
      }
    }
}

function light(photo: Buffer, W: number, H: number, random: Random): void {
  const gx = random.range(-0.35, 0.35);
  const gy = random.range(-0.35, 0.35);
  const level = random.range(0.75, 1.05);
  const vignette = random.range(0.1, 0.35);
  const noise = random.range(1.5, 5);
  const tint = [random.range(0.95, 1.05), 1, random.range(0.9, 1.05)];
  let seed = Math.floor(random.next() * 1e9);
  for (let y = 0; y < H; y++) {
    const ny = y / H - 0.5;
    for (let x = 0; x < W; x++) {
      const nx = x / W - 0.5;
      const k = level * (1 + gx * nx + gy * ny) * (1 - vignette * (nx * nx + ny * ny) * 2);
      for (let c = 0; c < 3; c++) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        const o = (y * W + x) * 3 + c;
        photo[o] = clamp(photo[o]! * k * tint[c]! + ((seed / 0x7fffffff) * 2 - 1) * noise * 1.7);
      }
    }
  }
}

function clamp(v: number): number {
  return Math.min(255, Math.max(0, v));
}
