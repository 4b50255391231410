import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as fontkit from 'fontkit';

/** Noto Sans KR from the `@embedpdf/fonts-kr` npm package, so cards print the same on any machine. */
const require = createRequire(import.meta.url);
// The package exports only its JS entry (dist/), so find the fonts folder beside it.
const fontDir = join(dirname(require.resolve('@embedpdf/fonts-kr')), '..', 'fonts');

export type FontName = 'regular' | 'bold';

export const FONT_FILES: Record<FontName, string> = {
  regular: join(fontDir, 'NotoSansKR-Regular.otf'),
  bold: join(fontDir, 'NotoSansKR-Bold.otf'),
};

const cache = new Map<FontName, fontkit.Font>();

export function font(name: FontName): fontkit.Font {
  let loaded = cache.get(name);
  if (!loaded) {
    loaded = fontkit.openSync(FONT_FILES[name]) as fontkit.Font;
    cache.set(name, loaded);
  }
  return loaded;
}

export const PT_TO_MM = 25.4 / 72;

const advances = new Map<string, number>();

/** Advance of one character in font units. Hangul has no kerning in this font, so per-character sums are exact
 * enough for wrapping, and far faster than shaping every candidate line. */
function advance(name: FontName, char: string): number {
  const key = name + char;
  let value = advances.get(key);
  if (value === undefined) {
    value = font(name).glyphForCodePoint(char.codePointAt(0)!).advanceWidth;
    advances.set(key, value);
  }
  return value;
}

/** Width in millimetres of `text` set at `sizePt`. */
export function textWidth(text: string, name: FontName, sizePt: number): number {
  let units = 0;
  for (const char of text) units += advance(name, char);
  return (units / font(name).unitsPerEm) * sizePt * PT_TO_MM;
}

/** Breaks `text` into lines no wider than `widthMm`, between words where possible, else between syllables. */
export function wrapText(text: string, name: FontName, sizePt: number, widthMm: number): string[] {
  const key = `${name}|${sizePt}|${widthMm}|${text}`;
  let lines = wrapped.get(key);
  if (!lines) {
    lines = wrap(text, name, sizePt, widthMm);
    wrapped.set(key, lines);
  }
  return lines;
}

const wrapped = new Map<string, string[]>();

/**
 * `text` wrapped to `widthMm`, its first line starting `indentMm` in (after a run-in heading set in another
 * font): the words that fit beside the heading, then the rest wrapped to the full width.
 */
export function wrapAfter(
  indentMm: number,
  text: string,
  name: FontName,
  sizePt: number,
  widthMm: number,
): string[] {
  let first = '';
  let rest = text;
  for (const word of text.split(/(?<=\s)/)) {
    if (textWidth(first + word, name, sizePt) > widthMm - indentMm) break;
    first += word;
    rest = rest.slice(word.length);
  }
  return [first.trimEnd(), ...(rest ? wrapText(rest, name, sizePt, widthMm) : [])];
}

function wrap(text: string, name: FontName, sizePt: number, widthMm: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/(?<=\s)/)) {
      if (textWidth(line + word, name, sizePt) <= widthMm) {
        line += word;
        continue;
      }
      if (line.trim()) lines.push(line.trimEnd());
      line = '';
      for (const char of word) {
        if (textWidth(line + char, name, sizePt) > widthMm && line.trim()) {
          lines.push(line.trimEnd());
          line = '';
        }
        line += char;
      }
    }
    lines.push(line.trimEnd());
  }
  return lines;
}
