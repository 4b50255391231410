import { textWidth } from '../cards/fonts.ts';
import { escapeXml } from '../text/xml.ts';
import type { Count, Statistics } from './statistics.ts';

/**
 * Charts as data first: one `Chart` is drawn the same way as SVG (web pages) and by pdfkit (the annual
 * report), from the same list of shapes, and shown beside a table of the same numbers for screen readers.
 */
export interface Bar {
  label: string;
  value: number;
  /** The value as printed beside the bar and in the table. */
  display: string;
  /**
   * The bar split into green-card and yellow-card parts (stacked, green first), or a whole bar of one card
   * type. Absent: a plain bar. Green is solid, yellow is hatched with a dark outline, and a legend names both,
   * so the two are told apart without colour (colour-blind readers, black-and-white print).
   */
  segments?: { kind: CardKind; value: number }[];
}

export type CardKind = 'green' | 'yellow';

export interface Chart {
  id: string;
  title: string;
  /** Column heading of the value in the data table. */
  valueHeading: string;
  bars: Bar[];
  /** Scale maximum; defaults to the largest value. */
  max?: number;
}

export type ChartShape =
  | {
      kind: 'rect';
      x: number;
      y: number;
      w: number;
      h: number;
      fill: string;
      /** An outline, and diagonal hatching in that colour when `hatch` is set. */
      stroke?: string;
      hatch?: boolean;
    }
  | { kind: 'line'; x1: number; y1: number; x2: number; y2: number; stroke: string }
  | {
      kind: 'text';
      x: number;
      /** Vertical centre of the text. */
      y: number;
      text: string;
      size: number;
      anchor: 'start' | 'end';
      fill: string;
    };

export interface ChartDrawing {
  width: number;
  height: number;
  shapes: ChartShape[];
}

const PT_PER_MM = 72 / 25.4;
/** Print size: 9 pt text; the web draws the same layout with larger text (see `chartSvg`). */
const PRINT_FONT = 9;
export const BAR_COLOUR = '#1f5fa8';
const TEXT_COLOUR = '#1a1a1a';
const AXIS_COLOUR = '#6b6b6b';
/** The card colours of the stylesheet; yellow (too light to see on white alone) is outlined and hatched. */
export const CARD_BAR_STYLES: Record<
  CardKind,
  { fill: string; stroke?: string; hatch?: boolean; legend: string }
> = {
  green: { fill: '#1b7a3a', legend: '그린카드 (칭찬·제안): 칠한 막대' },
  yellow: { fill: '#e0a800', stroke: '#5c4300', hatch: true, legend: '옐로카드 (불편·불만): 빗금 막대' },
};

function cardRect(kind: CardKind, x: number, y: number, w: number, h: number): ChartShape {
  const style = CARD_BAR_STYLES[kind];
  return {
    kind: 'rect',
    x,
    y,
    w,
    h,
    fill: style.fill,
    ...(style.stroke ? { stroke: style.stroke } : {}),
    ...(style.hatch ? { hatch: true } : {}),
  };
}

/** Lays out a horizontal bar chart `width` units wide (label | bar | value) with text of `font` units. */
export function layoutChart(chart: Chart, width = 480, font = PRINT_FONT): ChartDrawing {
  const scale = font / PRINT_FONT;
  const [row, barHeight, pad, size] = [20 * scale, 13 * scale, 6 * scale, font];
  const widthPt = (text: string) => textWidth(text, 'regular', size) * PT_PER_MM;
  const labelWidth = Math.min(width * 0.4, Math.max(40, ...chart.bars.map((b) => widthPt(b.label))) + pad);
  const valueWidth = Math.max(24, ...chart.bars.map((b) => widthPt(b.display))) + pad;
  const barStart = labelWidth + pad;
  const barSpace = Math.max(20, width - barStart - valueWidth - pad);
  const max = chart.max ?? Math.max(0, ...chart.bars.map((b) => b.value));
  const shapes: ChartShape[] = [];
  // A legend above the bars whenever card colours are used: a swatch of each and its name in words.
  const kinds = (['green', 'yellow'] as const).filter((k) =>
    chart.bars.some((b) => b.segments?.some((s) => s.kind === k)),
  );
  let top = 0;
  if (kinds.length > 0) {
    let x = pad;
    for (const kind of kinds) {
      shapes.push(cardRect(kind, x, pad + (row - barHeight) / 2, barHeight * 1.4, barHeight));
      x += barHeight * 1.4 + 4;
      const legend = CARD_BAR_STYLES[kind].legend;
      shapes.push({
        kind: 'text',
        x,
        y: pad + row / 2,
        text: legend,
        size,
        anchor: 'start',
        fill: TEXT_COLOUR,
      });
      x += widthPt(legend) + pad * 2;
      if (x > width * 0.55 && kind !== kinds.at(-1)) {
        top += row;
        x = pad;
      }
    }
    top += row;
  }
  chart.bars.forEach((bar, index) => {
    const centre = top + pad + index * row + row / 2;
    const length = max > 0 ? (Math.max(0, bar.value) / max) * barSpace : 0;
    shapes.push({
      kind: 'text',
      x: labelWidth,
      y: centre,
      text: bar.label,
      size: size,
      anchor: 'end',
      fill: TEXT_COLOUR,
    });
    if (length > 0 && bar.segments?.length) {
      const total = bar.segments.reduce((sum, seg) => sum + Math.max(0, seg.value), 0);
      let x = barStart;
      for (const seg of bar.segments) {
        const w = total > 0 ? (Math.max(0, seg.value) / total) * length : 0;
        if (w > 0) shapes.push(cardRect(seg.kind, x, centre - barHeight / 2, w, barHeight));
        x += w;
      }
    } else if (length > 0)
      shapes.push({
        kind: 'rect',
        x: barStart,
        y: centre - barHeight / 2,
        w: length,
        h: barHeight,
        fill: BAR_COLOUR,
      });
    shapes.push({
      kind: 'text',
      x: barStart + length + 4,
      y: centre,
      text: bar.display,
      size: size,
      anchor: 'start',
      fill: TEXT_COLOUR,
    });
  });
  const height = top + pad * 2 + chart.bars.length * row;
  shapes.push({
    kind: 'line',
    x1: barStart,
    y1: top + pad / 2,
    x2: barStart,
    y2: height - pad / 2,
    stroke: AXIS_COLOUR,
  });
  return { width, height, shapes };
}

/**
 * The chart as an inline SVG element. Presentation attributes only (no style attribute), so pages keep a
 * Content-Security-Policy without 'unsafe-inline'.
 */
export function chartSvg(chart: Chart, width = 640, font = 14): string {
  const drawing = layoutChart(chart, width, font);
  const titleId = `chart-${chart.id}-title`;
  const hatchId = `chart-${chart.id}-hatch`;
  const hatches = new Map<string, string>();
  const parts = drawing.shapes.map((s) => {
    if (s.kind === 'rect') {
      const box = `x="${s.x.toFixed(1)}" y="${s.y.toFixed(1)}" width="${s.w.toFixed(1)}" height="${s.h.toFixed(1)}"`;
      const outline = s.stroke ? ` stroke="${s.stroke}" stroke-width="1.5"` : '';
      if (!s.hatch) return `<rect ${box} fill="${s.fill}"${outline}/>`;
      const key = `${s.fill}${s.stroke ?? TEXT_COLOUR}`;
      const id = hatches.get(key) ?? `${hatchId}-${hatches.size}`;
      if (!hatches.has(key)) hatches.set(key, id);
      return `<rect ${box} fill="url(#${id})"${outline}/>`;
    }
    if (s.kind === 'line')
      return `<line x1="${s.x1.toFixed(1)}" y1="${s.y1.toFixed(1)}" x2="${s.x2.toFixed(1)}" y2="${s.y2.toFixed(1)}" stroke="${s.stroke}" stroke-width="1"/>`;
    return `<text x="${s.x.toFixed(1)}" y="${s.y.toFixed(1)}" font-size="${s.size}" text-anchor="${s.anchor}" dominant-baseline="central" fill="${s.fill}">${escapeXml(s.text)}</text>`;
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${drawing.width} ${drawing.height.toFixed(0)}" ` +
    `width="${drawing.width}" height="${drawing.height.toFixed(0)}" role="img" aria-labelledby="${titleId}" ` +
    `font-family="'Noto Sans KR', 'Malgun Gothic', sans-serif">` +
    `<title id="${titleId}">${escapeXml(chart.title)}</title>${hatchDefs(hatches)}${parts.join('')}</svg>`
  );
}

/** Diagonal hatching: the fill colour with dark stripes, as a pattern (presentation attributes only). */
function hatchDefs(hatches: Map<string, string>): string {
  if (hatches.size === 0) return '';
  const patterns = [...hatches].map(([key, id]) => {
    const [fill, stroke] = [key.slice(0, 7), key.slice(7)];
    return (
      `<pattern id="${id}" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">` +
      `<rect width="6" height="6" fill="${fill}"/><line x1="0" y1="0" x2="0" y2="6" stroke="${stroke}" stroke-width="2.5"/></pattern>`
    );
  });
  return `<defs>${patterns.join('')}</defs>`;
}

/** Draws the chart with pdfkit, its top-left at (x, y) points; fonts 'regular' must be registered. */
export function drawChartPdf(
  doc: PDFKit.PDFDocument,
  chart: Chart,
  x: number,
  y: number,
  width: number,
): number {
  const drawing = layoutChart(chart, width);
  for (const s of drawing.shapes) {
    if (s.kind === 'rect') {
      doc.rect(x + s.x, y + s.y, s.w, s.h).fill(s.fill);
      if (s.hatch) {
        doc.save();
        doc.rect(x + s.x, y + s.y, s.w, s.h).clip();
        doc.lineWidth(1.2).strokeColor(s.stroke ?? TEXT_COLOUR);
        for (let d = -s.h; d < s.w; d += 4) {
          doc
            .moveTo(x + s.x + d, y + s.y + s.h)
            .lineTo(x + s.x + d + s.h, y + s.y)
            .stroke();
        }
        doc.restore();
      }
      if (s.stroke)
        doc
          .rect(x + s.x, y + s.y, s.w, s.h)
          .lineWidth(0.75)
          .stroke(s.stroke);
    } else if (s.kind === 'line')
      doc
        .moveTo(x + s.x1, y + s.y1)
        .lineTo(x + s.x2, y + s.y2)
        .lineWidth(0.75)
        .stroke(s.stroke);
    else {
      doc.font('regular').fontSize(s.size).fillColor(s.fill);
      const w = doc.widthOfString(s.text);
      const left = s.anchor === 'end' ? x + s.x - w : x + s.x;
      doc.text(s.text, left, y + s.y - doc.currentLineHeight(true) / 2, { lineBreak: false });
    }
  }
  return drawing.height;
}

function countBars(list: Count[]): Bar[] {
  return list.map((c) => ({
    label: c.label,
    value: c.count,
    display: `${c.count.toLocaleString('ko-KR')}건`,
  }));
}

/** Counts by card type: each bar in its card's style. */
function typeBars(list: Count[]): Bar[] {
  return countBars(list).map((bar, i) => {
    const key = list[i]!.key;
    return key === 'green' || key === 'yellow'
      ? { ...bar, segments: [{ kind: key, value: bar.value }] }
      : bar;
  });
}

export function percent(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(1)}%`;
}

/** The charts of a statistics page / annual report, in reading order. */
export function statisticsCharts(stats: Statistics): Chart[] {
  const sat = stats.satisfaction;
  return [
    {
      id: 'on-time',
      title: '서비스 이행기준별 기한 준수율',
      valueHeading: '기한 준수율 (준수/판정)',
      max: 1,
      bars: stats.rules
        .filter((r) => r.cases > 0 || r.breaches > 0)
        .map((r) => {
          const decided = r.onTime + r.late + r.overdue;
          return {
            label: r.title,
            value: r.rate ?? 0,
            display: `${percent(r.rate)} (${r.onTime}/${decided})`,
          };
        }),
    },
    {
      id: 'satisfaction',
      title: `만족도 분포 (응답 ${sat.answered.toLocaleString('ko-KR')}건${
        sat.unconfirmedCount > 0
          ? `, 직원이 확인하지 않은 카드 판독 ${sat.unconfirmedCount.toLocaleString('ko-KR')}건 제외`
          : ''
      })`,
      valueHeading: '응답 수 (그린 · 옐로)',
      bars: sat.labels.map((label, i) => {
        const [green, yellow] = [sat.byType.green[i]!, sat.byType.yellow[i]!];
        return {
          label: `${i + 1} ${label}`,
          value: sat.all[i]!,
          display: `${sat.all[i]!.toLocaleString('ko-KR')}건 (그린 ${green.toLocaleString('ko-KR')} · 옐로 ${yellow.toLocaleString('ko-KR')})`,
          segments: [
            { kind: 'green', value: green },
            { kind: 'yellow', value: yellow },
          ],
        };
      }),
    },
    { id: 'type', title: '카드 종류별 접수', valueHeading: '건수', bars: typeBars(stats.byType) },
    {
      id: 'classification',
      title: '의견 분류별 (담당자 분류)',
      valueHeading: '건수',
      bars: countBars(stats.byClassification),
    },
    { id: 'area', title: '서비스 분야별 접수', valueHeading: '건수', bars: countBars(stats.byArea) },
    {
      id: 'department',
      title: '담당 부서별 접수',
      valueHeading: '건수',
      bars: countBars(stats.byDepartment),
    },
    { id: 'channel', title: '접수 경로별', valueHeading: '건수', bars: countBars(stats.byChannel) },
    { id: 'month', title: '월별 접수', valueHeading: '건수', bars: countBars(stats.byMonth) },
  ];
}
