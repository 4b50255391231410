import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import { FONT_FILES } from '../../src/cards/fonts.ts';
import type { CheckboxSpec, Layout } from '../../src/profile/card-layout.ts';
import type { Random } from './random.ts';

/**
 * What a visitor writes on a card, as SVG in card millimetres: marks in the boxes (several tick styles,
 * crosses, fills, a box scribbled over to cancel it) and handwriting-style text drawn as glyph outlines.
 */
const require = createRequire(import.meta.url);
const FONT_FILES_BY_NAME = {
  pen: require.resolve('@expo-google-fonts/nanum-pen-script/400Regular/NanumPenScript_400Regular.ttf'),
  gaegu: require.resolve('@expo-google-fonts/gaegu/400Regular/Gaegu_400Regular.ttf'),
  gamja: require.resolve('@expo-google-fonts/gamja-flower/400Regular/GamjaFlower_400Regular.ttf'),
  printed: FONT_FILES.regular,
};

export type HandFont = keyof typeof FONT_FILES_BY_NAME | `training:${string}`;
const TRAINING_FONT_FILES = new Map<string, string>();
/** Fonts that only make OCR training lines (test/ocr-training), never benchmark cards. */
export function addTrainingFont(name: string, file: string): HandFont {
  TRAINING_FONT_FILES.set(name, file);
  return `training:${name}`;
}
export function hasGlyphs(font: HandFont, text: string): boolean {
  const f = handFont(font);
  return [...text].every((ch) => ch === ' ' || f.hasGlyphForCodePoint(ch.codePointAt(0)!));
}
/** Handwriting-style fonts with every Hangul syllable the sample sentences use. */
export const HANDWRITING: HandFont[] = ['pen', 'gaegu', 'gamja'];
/** The fonts draw Hangul at different shares of their em (한: 0.60 in Nanum Pen Script, 0.80 in Gaegu, 0.78 in
 * Gamja Flower, whose letters also sit lower and look smaller): sizes are given for Nanum Pen Script and scaled
 * so that the letters come out about as big. */
const SIZE_FACTOR: Record<keyof typeof FONT_FILES_BY_NAME, number> = {
  pen: 1,
  gaegu: 0.85,
  gamja: 0.85,
  printed: 0.68,
};

export function fontSize(font: HandFont, penSize: number): number {
  if (font.startsWith('training:')) {
    // As big as Nanum Pen Script's letters: its 한 is 0.60 of the em.
    const box = handFont(font).layout('한').glyphs[0]!.bbox;
    return (penSize * 0.6 * handFont(font).unitsPerEm) / (box.maxY - box.minY);
  }
  return penSize * SIZE_FACTOR[font as keyof typeof SIZE_FACTOR];
}

const fonts = new Map<HandFont, fontkit.Font>();
function handFont(name: HandFont): fontkit.Font {
  let f = fonts.get(name);
  if (!f) {
    const file = name.startsWith('training:')
      ? TRAINING_FONT_FILES.get(name.slice('training:'.length))!
      : FONT_FILES_BY_NAME[name as keyof typeof FONT_FILES_BY_NAME];
    f = fontkit.openSync(file) as fontkit.Font;
    fonts.set(name, f);
  }
  return f;
}

/** The benchmark's mark styles (the main bench draws only these four ticked ones and 'scribble'). */
export type BaseMarkStyle = 'tick' | 'tick-long' | 'cross' | 'fill' | 'scribble';
/**
 * Issue 19: the wider set. Ticked: a small tick, a dot (down to 1 mm), a short dab, a light pen, a thick marker,
 * a tick off-centre touching the border, a smudged (blurred) tick, a circle drawn round the box, a hooked check.
 * Cancelled (read as not ticked): a scribble over the box and its border kept close to it, a scribble kept
 * inside the box (over a tick), a strike-through (a tick struck through by a line across the box), loops
 * over the box. 'check-hooked' and 'scribble-loops' are held out: no tuning decision ever looks at them.
 */
export type MarkStyle =
  | BaseMarkStyle
  | 'tick-small'
  | 'dot'
  | 'dab'
  | 'tick-light'
  | 'tick-marker'
  | 'tick-offcentre'
  | 'tick-smudged'
  | 'circle'
  | 'check-hooked'
  | 'scribble-border'
  | 'scribble-inside'
  | 'strike'
  | 'scribble-loops';
export const TICKED_STYLES: MarkStyle[] = ['tick', 'tick-long', 'cross', 'fill'];
/** Styles that cancel a box: the box counts as not ticked. */
export const CANCEL_STYLES: MarkStyle[] = [
  'scribble',
  'scribble-border',
  'scribble-inside',
  'strike',
  'scribble-loops',
];
/** Every style, ticked and cancelled, of the widened generator. */
export const ALL_MARK_STYLES: MarkStyle[] = [
  'tick',
  'tick-long',
  'cross',
  'fill',
  'tick-small',
  'dot',
  'dab',
  'tick-light',
  'tick-marker',
  'tick-offcentre',
  'tick-smudged',
  'circle',
  'check-hooked',
  'scribble',
  'scribble-border',
  'scribble-inside',
  'strike',
  'scribble-loops',
];
/** Styles only ever used to evaluate, never to tune (issue 19). */
export const HELD_OUT_STYLES: MarkStyle[] = ['check-hooked', 'scribble-loops'];

/** Whether a box marked in this style counts as ticked (cancelled styles do not). */
export function markTicks(style: MarkStyle): boolean {
  return !CANCEL_STYLES.includes(style);
}

/** Parameters a test may fix instead of drawing them (millimetres). */
export interface MarkParams {
  /** Diameter of a 'dot'. */
  dot?: number;
  /** Pen width. */
  width?: number;
}

const INKS = ['#1b1b1f', '#1d2f8c', '#23356e', '#2a2a2a'];
const LIGHT_INKS = ['#6f7590', '#8a8fa8', '#9a9fb8', '#7d8a9a'];

const n = (v: number) => v.toFixed(2);

export function markSvg(
  box: CheckboxSpec,
  style: MarkStyle,
  random: Random,
  ink: string,
  params: MarkParams = {},
): string {
  const cx = box.x + box.w / 2 + random.range(-0.3, 0.3);
  const cy = box.y + box.h / 2 + random.range(-0.3, 0.3);
  const s = box.w / 2;
  const width = params.width ?? random.range(0.35, 0.6);
  const strokeOf = (w: number, colour = ink) =>
    `fill="none" stroke="${colour}" stroke-width="${n(w)}" stroke-linecap="round" stroke-linejoin="round"`;
  const stroke = strokeOf(width);
  const j = () => random.range(-0.25, 0.25);
  const tickAt = (x: number, y: number, k: number, attrs: string) =>
    `<path ${attrs} d="M${n(x - k * 0.7 + j() * k)} ${n(y + j() * k)} L${n(x - k * 0.15 + j() * k)} ${n(y + k * 0.65 + j() * k)} L${n(x + k * 0.8 + j() * k)} ${n(y - k * 0.8 + j() * k)}"/>`;
  switch (style) {
    case 'tick':
      return `<path ${stroke} d="M${n(cx - s * 0.7 + j())} ${n(cy + j())} L${n(cx - s * 0.15 + j())} ${n(cy + s * 0.65 + j())} L${n(cx + s * 0.8 + j())} ${n(cy - s * 0.8 + j())}"/>`;
    case 'tick-long':
      return `<path ${stroke} d="M${n(cx - s * 0.8 + j())} ${n(cy - s * 0.1 + j())} Q${n(cx - s * 0.4)} ${n(cy + s * 0.3)} ${n(cx - s * 0.1 + j())} ${n(cy + s * 0.75 + j())} Q${n(cx + s * 0.5)} ${n(cy - s * 0.6)} ${n(cx + s * 1.9 + j())} ${n(cy - s * 1.9 + j())}"/>`;
    case 'cross':
      return `<path ${stroke} d="M${n(cx - s * 0.75 + j())} ${n(cy - s * 0.75 + j())} L${n(cx + s * 0.75 + j())} ${n(cy + s * 0.75 + j())} M${n(cx + s * 0.75 + j())} ${n(cy - s * 0.75 + j())} L${n(cx - s * 0.75 + j())} ${n(cy + s * 0.75 + j())}"/>`;
    case 'fill': {
      // Back-and-forth strokes that cover the box's inside, as a pen fills a box.
      let d = '';
      const pitch = width * 0.8;
      for (let y = box.y + 0.5, k = 0; y < box.y + box.h - 0.4; y += pitch, k++) {
        const a = box.x + 0.45 + random.range(0, 0.2);
        const b = box.x + box.w - 0.45 - random.range(0, 0.2);
        d +=
          k % 2
            ? `L${n(b)} ${n(y)} L${n(a)} ${n(y + pitch / 2)} `
            : `${k ? 'L' : 'M'}${n(a)} ${n(y)} L${n(b)} ${n(y + pitch / 2)} `;
      }
      return `<path ${stroke} d="${d}"/>`;
    }
    case 'scribble': {
      // A dense zigzag well beyond the box: the visitor crossed the box out.
      let d = '';
      const left = box.x - random.range(1.2, 2.2);
      const right = box.x + box.w + random.range(1.2, 2.2);
      const top = box.y - random.range(0.6, 1.2);
      const bottom = box.y + box.h + random.range(0.6, 1.2);
      const turns = random.int(9, 13);
      for (let k = 0; k <= turns; k++) {
        const y = top + ((bottom - top) * k) / turns + j();
        d += `${k ? 'L' : 'M'}${n(k % 2 ? right + j() : left + j())} ${n(y)} `;
      }
      return `<path ${stroke} d="${d}"/>`;
    }
    case 'tick-small': {
      const k = s * random.range(0.3, 0.55);
      const x = box.x + k + 0.4 + random.next() * (box.w - 2 * k - 0.8);
      const y = box.y + k + 0.4 + random.next() * (box.h - 2 * k - 0.8);
      return tickAt(x, y, k, stroke);
    }
    case 'dot': {
      const r = (params.dot ?? random.range(1, 2.2)) / 2;
      const x = box.x + 0.35 + r + random.next() * Math.max(0, box.w - 0.7 - 2 * r);
      const y = box.y + 0.35 + r + random.next() * Math.max(0, box.h - 0.7 - 2 * r);
      return `<ellipse cx="${n(x)}" cy="${n(y)}" rx="${n(r * random.range(0.9, 1.1))}" ry="${n(r * random.range(0.9, 1.1))}" fill="${ink}"/>`;
    }
    case 'dab': {
      // A short stroke, as a hurried pen leaves.
      const length = random.range(0.7, 1.8);
      const angle = random.range(0, Math.PI);
      const w = params.width ?? random.range(0.4, 0.7);
      const x = cx + random.range(-0.5, 0.5);
      const y = cy + random.range(-0.5, 0.5);
      const dx = (Math.cos(angle) * length) / 2;
      const dy = (Math.sin(angle) * length) / 2;
      return `<path ${strokeOf(w)} d="M${n(x - dx)} ${n(y - dy)} L${n(x + dx)} ${n(y + dy)}"/>`;
    }
    case 'tick-light':
      return tickAt(cx, cy, s, strokeOf(params.width ?? random.range(0.22, 0.35), random.pick(LIGHT_INKS)));
    case 'tick-marker':
      return tickAt(cx, cy, s * random.range(0.8, 1.1), strokeOf(params.width ?? random.range(0.9, 1.3)));
    case 'tick-offcentre': {
      // Pushed against a side (or a corner): the tick touches or crosses the printed border.
      const k = s * random.range(0.6, 0.9);
      const side = random.int(0, 3);
      const push = random.range(0.7, 1.3);
      const x = cx + (side === 0 ? -push : side === 1 ? push : random.range(-0.6, 0.6));
      const y = cy + (side === 2 ? -push : side === 3 ? push : random.range(-0.6, 0.6));
      return tickAt(x, y, k, stroke);
    }
    case 'tick-smudged': {
      const id = `smudge${Math.floor(random.next() * 1e9)}`;
      const sigma = random.range(0.2, 0.45);
      return `<filter id="${id}" x="-50%" y="-50%" width="200%" height="200%"><feGaussianBlur stdDeviation="${n(sigma)}"/></filter><g filter="url(#${id})">${tickAt(cx, cy, s, strokeOf(width * 1.3))}</g>`;
    }
    case 'circle': {
      // A ring drawn round the box (a choice circled, as on a paper survey).
      const rx = s + random.range(0.6, 1.4);
      const ry = s + random.range(0.5, 1.2);
      const start = random.range(0, Math.PI * 2);
      let d = '';
      const steps = 28;
      const over = random.range(1.02, 1.15);
      for (let k = 0; k <= steps; k++) {
        const a = start + (k / steps) * Math.PI * 2 * over;
        const wobble = 1 + random.range(-0.04, 0.04);
        d += `${k ? 'L' : 'M'}${n(cx + Math.cos(a) * rx * wobble)} ${n(cy + Math.sin(a) * ry * wobble)} `;
      }
      return `<path ${stroke} d="${d}"/>`;
    }
    case 'check-hooked': {
      // Held out: a check that starts with a little hook and ends in a long flick.
      const x = cx;
      const y = cy;
      return `<path ${stroke} d="M${n(x - s * 0.9 + j())} ${n(y - s * 0.3 + j())} Q${n(x - s * 0.95)} ${n(y + s * 0.1)} ${n(x - s * 0.6 + j())} ${n(y + s * 0.05)} L${n(x - s * 0.1 + j())} ${n(y + s * 0.7 + j())} C${n(x + s * 0.2)} ${n(y)} ${n(x + s * 0.6)} ${n(y - s * 0.6)} ${n(x + s * (1 + random.range(0, 0.6)))} ${n(y - s * (1 + random.range(0, 0.5)))}"/>`;
    }
    case 'scribble-border': {
      // A tick crossed out by a dense zigzag over the box and its border, kept close to it.
      let d = '';
      const left = box.x - random.range(0, 0.7);
      const right = box.x + box.w + random.range(0, 0.7);
      const top = box.y - random.range(0, 0.6);
      const bottom = box.y + box.h + random.range(0, 0.6);
      const turns = random.int(7, 13);
      const vertical = random.chance(0.3);
      for (let k = 0; k <= turns; k++) {
        const t = k / turns;
        const a = k % 2 ? 1 : 0;
        const [x, y] = vertical
          ? [left + (right - left) * t + j(), a ? bottom + j() : top + j()]
          : [a ? right + j() : left + j(), top + (bottom - top) * t + j()];
        d += `${k ? 'L' : 'M'}${n(x)} ${n(y)} `;
      }
      const under = random.chance(0.7) ? tickAt(cx, cy, s, stroke) : '';
      return `${under}<path ${stroke} d="${d}"/>`;
    }
    case 'scribble-inside': {
      // A tick crossed out by a tangle kept inside the box: a few looping strokes in several directions between
      // random points inside, gaps left between them (a fill is even and covers the box).
      const under = tickAt(cx, cy, s * random.range(0.7, 1), stroke);
      const inset = random.range(0.3, 0.6);
      const x0 = box.x + inset;
      const x1 = box.x + box.w - inset;
      const y0 = box.y + inset;
      const y1 = box.y + box.h - inset;
      const point = () => `${n(random.range(x0, x1))} ${n(random.range(y0, y1))}`;
      let d = `M${point()} `;
      const segments = random.int(5, 9);
      for (let k = 0; k < segments; k++) d += `Q${point()} ${point()} `;
      return `${under}<path ${stroke} d="${d}"/>`;
    }
    case 'strike': {
      // A tick struck through: one or two lines across the box, well past both sides.
      const under = tickAt(cx, cy, s, stroke);
      let d = '';
      const lines = random.chance(0.35) ? 2 : 1;
      for (let k = 0; k < lines; k++) {
        const y = cy + random.range(-0.7, 0.7);
        const tilt = random.range(-0.35, 0.35) * s;
        d += `M${n(box.x - random.range(1.2, 3))} ${n(y - tilt)} L${n(box.x + box.w + random.range(1.2, 3))} ${n(y + tilt)} `;
      }
      return `${under}<path ${stroke} d="${d}"/>`;
    }
    case 'scribble-loops': {
      // Held out: a row of loops (cursive e's) run over the box and beyond it.
      let d = '';
      const left = box.x - random.range(0.3, 1.5);
      const right = box.x + box.w + random.range(0.3, 1.5);
      const loops = random.int(4, 7);
      const r = random.range(0.8, 1.3);
      for (let k = 0; k <= loops * 12; k++) {
        const t = k / 12;
        const a = t * Math.PI * 2;
        const x = left + ((right - left) * t) / loops + Math.cos(a) * r * 0.6;
        const y = cy + Math.sin(a) * r * 1.3 + random.range(-0.1, 0.1);
        d += `${k ? 'L' : 'M'}${n(x)} ${n(y)} `;
      }
      return `<path ${stroke} d="${d}"/>`;
    }
  }
}

/** How wide `text` comes out at `height` (before each glyph's random extra spacing, which adds up to 10%). */
export function textWidth(text: string, height: number, font: HandFont): number {
  const f = handFont(font);
  const scale = height / f.unitsPerEm;
  return [...text].reduce(
    (sum, ch) => sum + (ch === ' ' ? height * 0.32 : f.layout(ch).advanceWidth * scale) + 0.1 * height,
    0,
  );
}

/** Text as glyph outlines, each glyph slightly jittered like handwriting; `height` is the font size in mm. */
export function textSvg(
  text: string,
  x: number,
  baseline: number,
  height: number,
  font: HandFont,
  random: Random,
  ink: string,
  maxWidth = Number.POSITIVE_INFINITY,
): { svg: string; text: string } {
  const f = handFont(font);
  const scale = height / f.unitsPerEm;
  // Character by character: Nanum Pen Script's space glyph trips fontkit, and handwriting has no kerning.
  const advance = (ch: string) => (ch === ' ' ? height * 0.32 : f.layout(ch).advanceWidth * scale);
  const width = (t: string) => [...t].reduce((sum, ch) => sum + advance(ch), 0);
  let fitted = text;
  while (fitted && width(fitted) > maxWidth) fitted = [...fitted].slice(0, -1).join('');
  fitted = fitted.trimEnd();
  let pen = x;
  const parts: string[] = [];
  const slant = random.range(-0.08, 0.04);
  for (const ch of fitted) {
    const d = ch === ' ' ? '' : f.layout(ch).glyphs[0]!.path.toSVG();
    if (d) {
      const dy = random.range(-0.15, 0.15);
      const rot = random.range(-3, 3);
      parts.push(
        `<path transform="translate(${n(pen)} ${n(baseline + dy)}) rotate(${n(rot)}) skewX(${n(slant * 57)}) scale(${scale.toPrecision(5)} ${(-scale).toPrecision(5)})" d="${d}"/>`,
      );
    }
    pen += advance(ch) + random.range(-0.05, 0.1) * height;
  }
  return { svg: `<g fill="${ink}">${parts.join('')}</g>`, text: fitted };
}

export function inkColour(random: Random): string {
  return random.pick(INKS);
}

export function checkboxById(layout: Layout, id: string): CheckboxSpec {
  const box = layout.checkboxes.find((b) => b.id === id);
  if (!box) throw new Error(`no checkbox ${id}`);
  return box;
}
