import sharp from 'sharp';
import { cardSvg } from '../../src/cards/render.ts';
import type { Box, Layout } from '../../src/profile/card-layout.ts';
import type { Profile } from '../../src/profile/schema.ts';
import type { CardType } from '../../src/store/records.ts';
import { type EmailRecipe, emailAddress } from './email.ts';
import {
  checkboxById,
  fontSize,
  HANDWRITING,
  type HandFont,
  hasGlyphs,
  inkColour,
  type MarkStyle,
  markSvg,
  markTicks,
  TICKED_STYLES,
  textSvg,
  textWidth,
} from './ink.ts';
import type { Random } from './random.ts';

/** What was written on a synthetic card: the ground truth its reading is scored against. */
export interface CardTruth {
  serial: string;
  type: CardType;
  checks: Record<string, boolean>;
  marks: Record<string, MarkStyle>;
  /** Message lines as written (one entry per ruled line used). */
  message: string[];
  /** '010' + eight digits, or '' when the boxes are empty. */
  phone: string;
  email: string;
  font: HandFont;
}

/** What the benchmark's visitors write (the handwriting model is trained on none of these words). */
export const BENCH_SENTENCES = [
  '어린이자료실 선생님이 친절하게 책을 찾아 주셨어요',
  '열람실 의자가 너무 삐걱거려서 불편합니다',
  '주말에도 늦게까지 문을 열어 주시면 좋겠습니다',
  '화장실이 항상 깨끗해서 감사합니다',
  '신간 도서가 더 많이 들어왔으면 합니다',
  '디지털정보실 컴퓨터가 느려서 기다렸어요',
  '평생학습 강좌가 정말 유익했습니다 감사합니다',
  '주차장 안내 표지판이 잘 안 보입니다',
  '직원분이 불친절하게 대답해서 속상했어요',
  '에어컨이 너무 세서 추웠습니다',
  '아이와 함께 올 수 있어서 좋아요',
  '복사기가 자주 고장 나니 점검해 주세요',
  '대출 기간을 조금 더 늘려 주세요',
  '조용한 분위기가 마음에 듭니다',
  '사서 선생님 덕분에 자료를 쉽게 찾았어요',
  '입구 계단에 경사로가 있으면 좋겠습니다',
];
const NAMES = ['minji.kim', 'jh.park', 'leesy', 'choi2024', 'hana.jung', 'yoon77', 'kang.library'];
const DOMAINS = ['naver.com', 'daum.net', 'gmail.com', 'kakao.com'];

export interface FillOptions {
  font?: HandFont;
  /** One of these fonts and these sentences instead of the benchmark's (OCR training lines). */
  fonts?: HandFont[];
  sentences?: string[];
  /** Exactly these marks instead of random ones (for tests of particular cases). */
  marks?: Record<string, MarkStyle>;
  /** Draws one phone digit in its box instead of the handwriting font (e.g. a real MNIST digit: mnist.ts). */
  drawDigit?: (digit: string, box: Box, random: Random, ink: string) => string;
  /** Every card carries a phone number (otherwise most cards that ask for a reply do). */
  alwaysPhone?: boolean;
  /** No message lines (a test of the other fields that need not pay for their OCR). */
  noMessage?: boolean;
  /** The message in this ink (e.g. a light pen) and on this many lines, instead of the card's pen and 1–3. */
  messageInk?: string;
  messageLines?: number;
  /** Every card carries an e-mail address (otherwise half of those that consent do). */
  alwaysEmail?: boolean;
  /** Which addresses are written: the benchmark's seven names at four domains, or a wider generator
   * (`email.ts`) with a tuning and a held-out recipe. */
  emails?: 'bench' | EmailRecipe;
  /** Exactly this address (a test of one case). */
  email?: string;
}

/** A sentence the font has every letter of (the training fonts lack some rarer syllables). */
function pickWritable(sentences: string[], font: HandFont, random: Random): string {
  for (let tries = 0; tries < 1000; tries++) {
    const s = random.pick(sentences);
    if (hasGlyphs(font, s)) return s;
  }
  throw new Error(`${font} cannot write these sentences`);
}

export function fillCard(
  layout: Layout,
  random: Random,
  serial: string,
  type: CardType,
  options: FillOptions = {},
): { svg: string; truth: CardTruth } {
  const ink = inkColour(random);
  const font = options.font ?? random.pick(options.fonts ?? HANDWRITING);
  const parts: string[] = [];
  const checks: Record<string, boolean> = {};
  const marks: Record<string, MarkStyle> = {};
  const tick = (id: string, style: MarkStyle = random.pick(TICKED_STYLES)) => {
    parts.push(markSvg(checkboxById(layout, id), style, random, ink));
    marks[id] = style;
    checks[id] = markTicks(style);
  };
  for (const box of layout.checkboxes) checks[box.id] = false;
  if (options.marks) for (const [id, style] of Object.entries(options.marks)) tick(id, style);
  else
    for (const box of layout.checkboxes.filter((b) => b.group === 'area'))
      if (random.chance(0.3)) tick(box.id);
  const satisfaction = layout.checkboxes.filter((b) => b.group === 'satisfaction');
  if (!options.marks && random.chance(0.85)) {
    const chosen = random.pick(satisfaction);
    if (random.chance(0.15)) {
      // Changed their mind: the first choice scribbled over, another one ticked.
      const other = random.pick(satisfaction.filter((b) => b !== chosen));
      tick(other.id, 'scribble');
    } else if (random.chance(0.05)) {
      tick(random.pick(satisfaction.filter((b) => b !== chosen)).id);
    }
    tick(chosen.id);
  }
  const reply = options.marks ? checks['reply.wanted'] === true : random.chance(0.5);
  if (reply && !options.marks) tick('reply.wanted');
  const consent = options.marks ? checks['consent.privacy'] === true : reply && random.chance(0.8);
  if (consent && !options.marks) tick('consent.privacy');

  const message: string[] = [];
  const field = layout.fields.find((f) => f.id === 'message');
  if (field && field.kind === 'text' && !options.noMessage) {
    const pitch = field.h / field.lines;
    const lines = options.messageLines ?? random.int(1, 3);
    for (let i = 0; i < lines; i++) {
      const size = fontSize(font, random.range(5.2, 6));
      const baseline = field.y + (i + 1) * pitch - random.range(0.7, 1.1);
      const x = field.x + random.range(0.5, 2.5);
      const drawn = textSvg(
        pickWritable(options.sentences ?? BENCH_SENTENCES, font, random),
        x,
        baseline,
        size,
        font,
        random,
        options.messageInk ?? ink,
        field.x + field.w - x - 1,
      );
      parts.push(drawn.svg);
      message.push(drawn.text);
    }
  }

  let phone = '';
  const phoneField = layout.fields.find((f) => f.id === 'phone');
  if (phoneField && phoneField.kind === 'digits' && (options.alwaysPhone || consent || random.chance(0.2))) {
    let digits = '';
    for (const box of phoneField.boxes) {
      const digit = String(random.int(0, 9));
      digits += digit;
      if (options.drawDigit) {
        parts.push(options.drawDigit(digit, box, random, ink));
        continue;
      }
      const drawn = textSvg(
        digit,
        box.x + box.w * 0.25 + random.range(-0.3, 0.3),
        box.y + box.h - random.range(0.8, 1.2),
        fontSize(font, random.range(5.5, 6.5)),
        font,
        random,
        ink,
      );
      parts.push(drawn.svg);
    }
    phone = phoneField.prefix + digits;
  }

  let email = '';
  const emailField = layout.fields.find((f) => f.id === 'email');
  const wantsEmail = options.email !== undefined || options.alwaysEmail || (consent && random.chance(0.5));
  if (emailField && emailField.kind === 'text' && wantsEmail) {
    const recipe = options.emails ?? 'bench';
    const text =
      options.email ??
      (recipe === 'bench' ? `${random.pick(NAMES)}@${random.pick(DOMAINS)}` : emailAddress(random, recipe));
    // Written smaller rather than cut off when the address would not fit the field (the truth is what is
    // written, so a cut address would score a right reading as wrong).
    const room = emailField.w - 2;
    const size = fontSize(font, 5);
    const drawn = textSvg(
      text,
      emailField.x + 1,
      emailField.y + emailField.h - 0.7,
      size * Math.min(1, room / textWidth(text, size, font)),
      font,
      random,
      ink,
      room,
    );
    parts.push(drawn.svg);
    email = drawn.text;
  }
  return { svg: parts.join('\n'), truth: { serial, type, checks, marks, message, phone, email, font } };
}

/** The blank card from the real renderer with the visitor's ink on top, as raw RGB at `pxPerMm`. */
export async function renderFilledCard(
  layout: Layout,
  profile: Profile,
  truth: CardTruth,
  inkSvg: string,
  publicBaseUrl: string,
  pxPerMm: number,
): Promise<{ data: Buffer; width: number; height: number }> {
  const blank = cardSvg(layout, profile, { type: truth.type, serial: truth.serial, publicBaseUrl });
  const svg = blank.replace(/<\/svg>\s*$/, `${inkSvg}\n</svg>`);
  const width = Math.round(layout.card.width * pxPerMm);
  const height = Math.round(layout.card.height * pxPerMm);
  const { data, info } = await sharp(Buffer.from(svg), { density: pxPerMm * 25.4 })
    .resize(width, height, { fit: 'fill' })
    .flatten({ background: '#ffffff' })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}
