import { textWidth } from '../cards/fonts.ts';
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
}

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
  | { kind: 'rect'; x: number; y: number; w: number; h: number; fill: string }
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
  chart.bars.forEach((bar, index) => {
    const centre = pad + index * row + row / 2;
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
    if (length > 0)
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
  const height = pad * 2 + chart.bars.length * row;
  shapes.push({
    kind: 'line',
    x1: barStart,
    y1: pad / 2,
    x2: barStart,
    y2: height - pad / 2,
    stroke: AXIS_COLOUR,
  });
  return { width, height, shapes };
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The chart as an inline SVG element. Presentation attributes only (no style attribute), so pages keep a
 * Content-Security-Policy without 'unsafe-inline'.
 */
export function chartSvg(chart: Chart, width = 640, font = 14): string {
  const drawing = layoutChart(chart, width, font);
  const titleId = `chart-${chart.id}-title`;
  const parts = drawing.shapes.map((s) => {
    if (s.kind === 'rect')
      return `<rect x="${s.x.toFixed(1)}" y="${s.y.toFixed(1)}" width="${s.w.toFixed(1)}" height="${s.h.toFixed(1)}" fill="${s.fill}"/>`;
    if (s.kind === 'line')
      return `<line x1="${s.x1.toFixed(1)}" y1="${s.y1.toFixed(1)}" x2="${s.x2.toFixed(1)}" y2="${s.y2.toFixed(1)}" stroke="${s.stroke}" stroke-width="1"/>`;
    return `<text x="${s.x.toFixed(1)}" y="${s.y.toFixed(1)}" font-size="${s.size}" text-anchor="${s.anchor}" dominant-baseline="central" fill="${s.fill}">${escapeXml(s.text)}</text>`;
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${drawing.width} ${drawing.height.toFixed(0)}" ` +
    `width="${drawing.width}" height="${drawing.height.toFixed(0)}" role="img" aria-labelledby="${titleId}" ` +
    `font-family="'Noto Sans KR', 'Malgun Gothic', sans-serif">` +
    `<title id="${titleId}">${escapeXml(chart.title)}</title>${parts.join('')}</svg>`
  );
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
    if (s.kind === 'rect') doc.rect(x + s.x, y + s.y, s.w, s.h).fill(s.fill);
    else if (s.kind === 'line')
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
      title: `만족도 분포 (응답 ${sat.answered.toLocaleString('ko-KR')}건)`,
      valueHeading: '응답 수',
      bars: sat.labels.map((label, i) => ({
        label: `${i + 1} ${label}`,
        value: sat.all[i]!,
        display: `${sat.all[i]!.toLocaleString('ko-KR')}건`,
      })),
    },
    { id: 'type', title: '카드 종류별 접수', valueHeading: '건수', bars: countBars(stats.byType) },
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
