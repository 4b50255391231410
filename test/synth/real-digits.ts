import type { Layout } from '../../src/profile/card-layout.ts';
import type { Profile } from '../../src/profile/schema.ts';
import type { DigitReading } from '../../src/reading/digits.ts';
import { MnistDigitWriter, mnistSplit, readMnist } from './mnist.ts';
import { Random } from './random.ts';
import { makeScene, type Scene } from './scene.ts';

/**
 * Real handwritten digits in the card's phone boxes: MNIST TEST images (never seen by the digit classifier's
 * training, which reads the training split only; or, for its calibration, its validation split), written into the boxes of cards rendered by the real
 * renderer, photographed by the scene generator (perspective, light, blur, noise, JPEG) and read by the real
 * pipeline. Cards carry no message (its OCR is not what is measured here, and costs most of the time).
 */
export async function* realDigitScenes(
  layout: Layout,
  profile: Profile,
  {
    seed,
    photos,
    cardsPerPhoto = 8,
    tilt = 0.4,
    fonts = false,
    split = 'test',
  }: {
    seed: number;
    photos: number;
    cardsPerPhoto?: number;
    tilt?: number;
    /** The benchmark's handwriting fonts write the digits instead (the same scoring, for comparison). */
    fonts?: boolean;
    /** 'validation': the digit classifier's validation split of MNIST's training images (its calibration). */
    split?: 'test' | 'validation';
  },
): AsyncGenerator<Scene> {
  const random = new Random(seed);
  const writer =
    split === 'test'
      ? new MnistDigitWriter(readMnist('test'), new Random(seed + 1))
      : new MnistDigitWriter(readMnist('train'), new Random(seed + 1), mnistSplit().validation);
  for (let i = 0; i < photos; i++) {
    yield await makeScene(layout, profile, random, {
      width: 4000,
      height: 3000,
      cards: cardsPerPhoto,
      tilt,
      fill: fonts
        ? { alwaysPhone: true, noMessage: true }
        : { drawDigit: writer.draw, alwaysPhone: true, noMessage: true },
    });
  }
}

export const CONFIDENCE_BINS = [0, 0.5, 0.8, 0.9, 0.95, 0.99, 0.999];

export interface RealDigitScores {
  phones: number;
  phonesExact: number;
  /** Phone numbers with a review flag (a digit unsure or missing, or the format wrong). */
  phonesFlagged: number;
  /** Phone numbers read wrong with no flag at all: what staff would not be told to look at. */
  phonesWrongUnflagged: number;
  digits: number;
  digitsWrong: number;
  digitsFlagged: number;
  /** Wrong and not flagged: the classifier was sure of a wrong digit (or an empty box hid a digit). */
  digitsWrongSure: number;
  /** Per confidence bin (lower edges `CONFIDENCE_BINS`): digits read, wrong, and their summed confidence. */
  bins: { digits: number; wrong: number; confidence: number }[];
}

export function emptyRealDigitScores(): RealDigitScores {
  return {
    phones: 0,
    phonesExact: 0,
    phonesFlagged: 0,
    phonesWrongUnflagged: 0,
    digits: 0,
    digitsWrong: 0,
    digitsFlagged: 0,
    digitsWrongSure: 0,
    bins: CONFIDENCE_BINS.map(() => ({ digits: 0, wrong: 0, confidence: 0 })),
  };
}

interface ReadCard {
  serial: string;
  fields: { phone: { text: string; digits?: DigitReading[] } };
  needsReview: string[];
}

export function scoreRealDigits(scene: Scene, reading: { cards: ReadCard[] }, s: RealDigitScores): void {
  const bySerial = new Map(reading.cards.map((c) => [c.serial, c]));
  for (const truth of scene.cards) {
    if (!truth.phone) continue;
    s.phones++;
    const want = truth.phone.slice(3);
    const read = bySerial.get(truth.serial);
    const digits = read?.fields.phone.digits ?? [];
    const flagged = Boolean(read?.needsReview.some((f) => f === 'phone' || f === 'phone-format'));
    if (read?.fields.phone.text === truth.phone) s.phonesExact++;
    else if (read && !flagged) s.phonesWrongUnflagged++;
    if (flagged) s.phonesFlagged++;
    for (let i = 0; i < want.length; i++) {
      s.digits++;
      const d = digits[i];
      const wrong = !d || d.digit !== Number(want[i]);
      if (wrong) s.digitsWrong++;
      if (d && !d.sure) s.digitsFlagged++;
      const unflagged = read ? (d ? d.sure : false) : false;
      if (wrong && unflagged && !(d && d.digit === null && flagged)) s.digitsWrongSure++;
      if (d && d.digit !== null) {
        let bin = 0;
        while (bin + 1 < CONFIDENCE_BINS.length && d.confidence >= CONFIDENCE_BINS[bin + 1]!) bin++;
        const b = s.bins[bin]!;
        b.digits++;
        b.confidence += d.confidence;
        if (wrong) b.wrong++;
      }
    }
  }
}

/** The calibration table as Markdown rows: confidence bin → digits, mean confidence, measured error. */
export function calibrationRows(s: RealDigitScores): string[] {
  return s.bins.map((b, i) => {
    const lo = CONFIDENCE_BINS[i]!;
    const hi = CONFIDENCE_BINS[i + 1] ?? 1;
    const mean = b.digits ? (b.confidence / b.digits).toFixed(3) : '—';
    const error = b.digits ? `${((b.wrong / b.digits) * 100).toFixed(1)}% (${b.wrong})` : '—';
    return `| ${lo}–${hi} | ${b.digits} | ${mean} | ${error} |`;
  });
}
