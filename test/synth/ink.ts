import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import { FONT_FILES } from '../../src/cards/fonts.ts';
import type { CheckboxSpec, Layout } from '../../src/cards/layout.ts';
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

export type MarkStyle = 'tick' | 'tick-long' | 'cross' | 'fill' | 'scribble';
export const TICKED_STYLES: MarkStyle[] = ['tick', 'tick-long', 'cross', 'fill'];

const INKS = ['#1b1b1f', '#1d2f8c', '#23356e', '#2a2a2a'];

const n = (v: number) => v.toFixed(2);

export function markSvg(box: CheckboxSpec, style: MarkStyle, random: Random, ink: string): string {
  const cx = box.x + box.w / 2 + random.range(-0.3, 0.3);
  const cy = box.y + box.h / 2 + random.range(-0.3, 0.3);
  const s = box.w / 2;
  const width = random.range(0.35, 0.6);
  const stroke = `fill="none" stroke="${ink}" stroke-width="${n(width)}" stroke-linecap="round" stroke-linejoin="round"`;
  const j = () => random.range(-0.25, 0.25);
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
  }
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
