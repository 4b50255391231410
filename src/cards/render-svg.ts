import { escapeXml } from '../text/xml.ts';
import type { Shape } from './drawing.ts';
import { font, PT_TO_MM } from './fonts.ts';

/**
 * Draws shapes as SVG in millimetres. Text is drawn as glyph outlines from the card font, so an SVG (and the
 * PNG rasterised from it) looks the same on a machine without any font installed.
 */
export function shapesToSvg(shapes: Shape[], width: number, height: number, title: string): string {
  const body = shapes.map(shapeToSvg).join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}mm" height="${height}mm" viewBox="0 0 ${width} ${height}"><title>${escapeXml(title)}</title><rect width="${width}" height="${height}" fill="#ffffff"/>\n${body}\n</svg>\n`;
}

function n(value: number): string {
  return Number(value.toFixed(3)).toString();
}

function shapeToSvg(shape: Shape): string {
  switch (shape.kind) {
    case 'rect': {
      const radius = shape.radius ? ` rx="${n(shape.radius)}"` : '';
      const paint = `fill="${shape.fill ?? 'none'}"${shape.stroke ? ` stroke="${shape.stroke}" stroke-width="${n(shape.lineWidth ?? 0.25)}"` : ''}`;
      return `<rect x="${n(shape.x)}" y="${n(shape.y)}" width="${n(shape.w)}" height="${n(shape.h)}"${radius} ${paint}/>`;
    }
    case 'line': {
      const dash = shape.dash ? ` stroke-dasharray="${shape.dash.map(n).join(' ')}"` : '';
      return `<line x1="${n(shape.x1)}" y1="${n(shape.y1)}" x2="${n(shape.x2)}" y2="${n(shape.y2)}" stroke="${shape.stroke}" stroke-width="${n(shape.lineWidth)}"${dash}/>`;
    }
    case 'qr': {
      const module = shape.size / shape.modules;
      const d = shape.runs
        .map(
          (r) =>
            `M${n(shape.x + r.x * module)} ${n(shape.y + r.y * module)}h${n(r.w * module)}v${n(module)}h${n(-r.w * module)}z`,
        )
        .join('');
      return `<path d="${d}" fill="#000000" shape-rendering="crispEdges"/>`;
    }
    case 'text':
      return textToPath(shape);
  }
}

interface PlacedGlyph {
  d: string;
  xAdvance: number;
  xOffset: number;
  yOffset: number;
}

const shaped = new Map<string, PlacedGlyph[]>();

/** Shapes `text` once per font (shaping Hangul is slow) and keeps the outlines for the next card. */
function shapeText(fontName: Extract<Shape, { kind: 'text' }>['font'], text: string): PlacedGlyph[] {
  const key = `${fontName}|${text}`;
  let glyphs = shaped.get(key);
  if (!glyphs) {
    const run = font(fontName).layout(text);
    glyphs = run.glyphs.map((glyph, i) => {
      const position = run.positions[i]!;
      return {
        d: glyph.path.toSVG(),
        xAdvance: position.xAdvance,
        xOffset: position.xOffset,
        yOffset: position.yOffset,
      };
    });
    shaped.set(key, glyphs);
  }
  return glyphs;
}

function textToPath(item: Extract<Shape, { kind: 'text' }>): string {
  const f = font(item.font);
  const scale = (item.size * PT_TO_MM) / f.unitsPerEm;
  const baseline = item.y + f.ascent * scale;
  const spacing = item.spacing ?? 0;
  let pen = item.x;
  const parts: string[] = [];
  for (const glyph of shapeText(item.font, item.text)) {
    if (glyph.d) {
      parts.push(
        `<path transform="translate(${n(pen + glyph.xOffset * scale)} ${n(baseline - glyph.yOffset * scale)}) scale(${scale.toPrecision(5)} ${(-scale).toPrecision(5)})" d="${glyph.d}"/>`,
      );
    }
    pen += glyph.xAdvance * scale + spacing;
  }
  return `<g fill="${item.fill}" aria-label="${escapeXml(item.text)}">${parts.join('')}</g>`;
}
