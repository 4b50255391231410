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

/** Width in millimetres of `text` set at `sizePt`. */
export function textWidth(text: string, name: FontName, sizePt: number): number {
  const f = font(name);
  return (f.layout(text).advanceWidth / f.unitsPerEm) * sizePt * PT_TO_MM;
}

/** Breaks `text` into lines no wider than `widthMm`, between words where possible, else between syllables. */
export function wrapText(text: string, name: FontName, sizePt: number, widthMm: number): string[] {
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
