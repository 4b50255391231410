import sharp from 'sharp';
import type { Layout } from '../../src/profile/card-layout.ts';
import type { Profile } from '../../src/profile/schema.ts';
import type { Homography } from '../../src/reading/homography.ts';
import { canonicalToImage, type GreyImage, warpGrey } from '../../src/reading/homography.ts';
import { PX_PER_MM } from '../../src/reading/template.ts';
import type { CardType } from '../../src/store/records.ts';
import { type CardTruth, renderFilledCard } from '../synth/card.ts';
import {
  ALL_MARK_STYLES,
  checkboxById,
  HELD_OUT_STYLES,
  inkColour,
  type MarkParams,
  type MarkStyle,
  markSvg,
  markTicks,
} from '../synth/ink.ts';
import { Random } from '../synth/random.ts';
import { seededSerial } from '../synth/serials.ts';

/**
 * Issue 19: cards with every mark style, seen as the reader sees them after the warp (8 px/mm), without a whole
 * photo: the card rendered at the scale a card has in a phone photo (px/mm), tinted by coloured stock, lit
 * unevenly, with noise, blur and JPEG, then warped upright through the reader's own `warpGrey` with a pose
 * a little off (as a fitted pose is). Seconds for hundreds of cards, so the box decision can be iterated on.
 */
export interface MarkRecipe {
  name: string;
  split: 'tune' | 'held-out';
  seed: number;
  cards: number;
  styles: MarkStyle[];
  /** Share of boxes left empty. */
  empty: number;
  /** The card's scale in the photo, px/mm, and the photo's blur σ in photo pixels. */
  scale: [number, number];
  blur: [number, number];
  /** Uniform noise amplitude (× 1.7 grey levels, as the scene generator), JPEG quality. */
  noise: [number, number];
  jpeg: [number, number];
  /**
   * Foreshortening: the photo's scale across the card's height as a share of its scale along its width (a card
   * seen at a slant, as the far cards of a tilted photo are). Not drawn at all when absent (1).
   */
  squash?: [number, number];
}

const TUNE_STYLES = ALL_MARK_STYLES.filter((s) => !HELD_OUT_STYLES.includes(s));

/** The only recipe any tuning decision (thresholds, fitted constants) ever looked at. */
export const TUNE_RECIPE: MarkRecipe = {
  name: 'tune',
  split: 'tune',
  seed: 19_001,
  cards: 240,
  styles: TUNE_STYLES,
  empty: 0.45,
  scale: [3.4, 9],
  blur: [0.3, 1.1],
  noise: [1.5, 5],
  jpeg: [72, 92],
};

/**
 * Added to the tuning split after the first held-out measurement showed the decision failing on cards smaller
 * than 3.4 px/mm (docs/reading.md says so): small, blurred cards, other seeds than any held-out recipe.
 */
export const TUNE_SMALL_RECIPE: MarkRecipe = {
  name: 'tune',
  split: 'tune',
  seed: 19_002,
  cards: 120,
  styles: TUNE_STYLES,
  empty: 0.45,
  scale: [2.8, 3.5],
  blur: [0.8, 1.5],
  noise: [2, 6],
  jpeg: [65, 85],
};
export const TUNE_RECIPES = [TUNE_RECIPE, TUNE_SMALL_RECIPE];

/**
 * What the fitted box model (`src/reading/models/marks.json`) is trained on: the two tuning recipes' photo
 * ranges and styles again, on other seeds, more cards and fewer empty boxes. Part of the tuning split: the
 * model's thresholds and calibration are then set on TUNE_RECIPES, which its training never saw.
 */
export const TRAIN_RECIPES: MarkRecipe[] = [
  { ...TUNE_RECIPE, name: 'train', seed: 19_101, cards: 900, empty: 0.3 },
  { ...TUNE_SMALL_RECIPE, name: 'train', seed: 19_102, cards: 450, empty: 0.3 },
  { ...TUNE_RECIPE, name: 'train', seed: 19_103, cards: 900, empty: 0.3 },
  { ...TUNE_SMALL_RECIPE, name: 'train', seed: 19_104, cards: 450, empty: 0.3 },
  // Cards seen at a slant (the far cards of a photo tilted up to about 35°): added after the main benchmark's
  // photos showed empty boxes of such cards left undecided.
  {
    ...TUNE_RECIPE,
    name: 'train',
    seed: 19_105,
    cards: 600,
    empty: 0.4,
    scale: [3.2, 6],
    squash: [0.6, 0.95],
  },
  { ...TUNE_SMALL_RECIPE, name: 'train', seed: 19_106, cards: 300, empty: 0.4, squash: [0.6, 0.95] },
];

/**
 * Held out from every tuning decision: other seeds, the two held-out styles, and a harder photo range
 * (smaller in the photo and more blurred than anything tuned on).
 */
export const HELD_OUT_RECIPES: MarkRecipe[] = [
  {
    name: 'held-out: all styles, the tuning photo range',
    split: 'held-out',
    seed: 93_003,
    cards: 160,
    styles: ALL_MARK_STYLES,
    empty: 0.45,
    scale: [3.4, 9],
    blur: [0.3, 1.1],
    noise: [1.5, 5],
    jpeg: [72, 92],
  },
  {
    name: 'held-out: all styles, small and blurred (2.9–3.4 px/mm, blur 1.1–1.5 px)',
    split: 'held-out',
    seed: 94_004,
    cards: 100,
    styles: ALL_MARK_STYLES,
    empty: 0.45,
    scale: [2.9, 3.4],
    blur: [1.1, 1.5],
    noise: [3, 6],
    jpeg: [65, 80],
  },
  {
    name: 'held-out: all styles, noisier and more compressed than anything tuned on (noise 6–8, JPEG 55–65)',
    split: 'held-out',
    seed: 95_005,
    cards: 80,
    styles: ALL_MARK_STYLES,
    empty: 0.45,
    scale: [3.4, 6],
    blur: [0.5, 1.1],
    noise: [6, 8],
    jpeg: [55, 65],
  },
];
/**
 * The first held-out set (seeds 91 001 and 92 002), measured once before the small-card tuning recipe was added;
 * its figures are in docs/reading.md, it is not used again.
 */
export const RETIRED_HELD_OUT_SEEDS = [91_001, 92_002];

export interface MarkCard {
  type: CardType;
  /** Upright card body at PX_PER_MM, as the pipeline's warp gives it. */
  card: GreyImage;
  /** Per box: the style drawn (null: left empty) and whether it counts as ticked. */
  boxes: { id: string; style: MarkStyle | null; ticked: boolean }[];
  scale: number;
  blur: number;
}

const PAPER: Record<'white' | CardType, [number, number, number]> = {
  white: [250, 250, 246],
  green: [214, 238, 206],
  yellow: [252, 238, 160],
};

/** One card of a recipe; `marks` fixes the styles (and `params` their sizes) instead of drawing them. */
export async function markCard(
  layout: Layout,
  profile: Profile,
  random: Random,
  recipe: Pick<MarkRecipe, 'styles' | 'empty' | 'scale' | 'blur' | 'noise' | 'jpeg' | 'squash'>,
  fixed?: { marks: Record<string, MarkStyle>; params?: MarkParams },
): Promise<MarkCard> {
  const type: CardType = random.chance(0.5) ? 'green' : 'yellow';
  const serial = seededSerial(random, type);
  const ink = inkColour(random);
  const parts: string[] = [];
  const boxes: MarkCard['boxes'] = [];
  for (const box of layout.checkboxes) {
    const style = fixed
      ? (fixed.marks[box.id] ?? null)
      : random.chance(recipe.empty)
        ? null
        : random.pick(recipe.styles);
    if (style) parts.push(markSvg(checkboxById(layout, box.id), style, random, ink, fixed?.params));
    boxes.push({ id: box.id, style, ticked: style ? markTicks(style) : false });
  }
  const scale = random.range(...recipe.scale);
  const blur = random.range(...recipe.blur);
  const truth = { serial, type } as CardTruth;
  const rendered = await renderFilledCard(
    layout,
    profile,
    truth,
    parts.join('\n'),
    'http://cards.test',
    scale,
  );
  const { data, width } = rendered;
  let { height } = rendered;
  // Stock, light (a gradient and a level), tint and noise, as the scene generator does them.
  const paper = random.chance(0.3) ? PAPER[type] : PAPER.white;
  const level = random.range(0.75, 1.05);
  const gx = random.range(-0.15, 0.15);
  const gy = random.range(-0.15, 0.15);
  const tint = [random.range(0.95, 1.05), 1, random.range(0.9, 1.05)];
  const noise = random.range(...recipe.noise);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const k = level * (1 + (gx * (x - width / 2)) / width + (gy * (y - height / 2)) / height);
      for (let c = 0; c < 3; c++) {
        const o = (y * width + x) * 3 + c;
        const v = ((data[o]! * paper[c]!) / 255) * k * tint[c]! + (random.next() * 2 - 1) * noise * 1.7;
        data[o] = Math.max(0, Math.min(255, Math.round(v)));
      }
    }
  const squash = recipe.squash ? random.range(...recipe.squash) : 1;
  let pixels = sharp(data, { raw: { width, height, channels: 3 } });
  if (squash !== 1) {
    height = Math.round(height * squash);
    pixels = sharp(await pixels.resize(width, height, { fit: 'fill', kernel: 'linear' }).raw().toBuffer(), {
      raw: { width, height, channels: 3 },
    });
  }
  const jpeg = await pixels
    .blur(Math.max(0.3, blur))
    .jpeg({ quality: random.int(...recipe.jpeg) })
    .toBuffer();
  const grey = await sharp(jpeg).greyscale().raw().toBuffer({ resolveWithObject: true });
  const photo: GreyImage = {
    data: new Uint8Array(grey.data.buffer, grey.data.byteOffset, grey.data.length),
    width: grey.info.width,
    height: grey.info.height,
  };
  // The fitted pose is a little off (0.2–0.3 px median on synthetic photos): a small shift and turn.
  // (0.3 photo px each way, 0.04° and 0.07% of scale: up to about 0.15 mm at the far boxes.)
  const sx = random.gauss() * 0.3;
  const sy = random.gauss() * 0.3;
  const turn = random.gauss() * 0.0007;
  const z = scale * (1 + random.gauss() * 0.0007);
  const mmToPhoto: Homography = [
    z * Math.cos(turn),
    -z * Math.sin(turn),
    sx,
    z * squash * Math.sin(turn),
    z * squash * Math.cos(turn),
    sy,
    0,
    0,
    1,
  ];
  const card = uprightCard(photo, mmToPhoto, layout);
  return { type, card, boxes, scale, blur };
}

/** The card part (above the perforation) of a photo warped upright at the reader's scale, as `readPhoto` does. */
export function uprightCard(photo: GreyImage, mmToPhoto: Homography, layout: Layout): GreyImage {
  return warpGrey(
    photo,
    canonicalToImage(mmToPhoto, PX_PER_MM),
    Math.round(layout.card.width * PX_PER_MM),
    Math.round(layout.stub.perforationY * PX_PER_MM),
    255,
  );
}

/** The cards of a recipe, one after another (the same cards every time for the same recipe). */
export async function* recipeCards(
  layout: Layout,
  profile: Profile,
  recipe: MarkRecipe,
  count = recipe.cards,
): AsyncGenerator<MarkCard> {
  const random = new Random(recipe.seed);
  for (let i = 0; i < count; i++) yield await markCard(layout, profile, random, recipe);
}
