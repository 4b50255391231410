import { newPdf, pdfToBuffer } from '../cards/render-pdf.ts';
import { PLAN_STATUS_LABELS } from '../cases/labels.ts';
import { localDate } from '../time/zone.ts';
import type { AnnualReport } from './annual.ts';
import { annualKeyFigures, deadlineStateLabel, ruleFigures, sourceRows } from './annual-text.ts';
import { type Chart, drawChartPdf, layoutChart, percent } from './charts.ts';

const MARGIN = 56;
const A4: [number, number] = [210, 297];
const INK = '#1a1a1a';
const MUTED = '#555555';
const RULE = '#b5b5b5';

/** A4 pages that flow: headings, paragraphs, tables and charts, each kept whole on a page. */
class Writer {
  readonly doc: PDFKit.PDFDocument;
  readonly width: number;
  readonly footer: string;
  #pages = 0;

  constructor(doc: PDFKit.PDFDocument, footer: string) {
    this.doc = doc;
    this.footer = footer;
    this.page();
    this.width = doc.page.width - MARGIN * 2;
  }

  page(): void {
    const { doc } = this;
    doc.addPage({ size: 'A4', margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN } });
    this.#pages++;
    // The footer sits in the bottom margin; with the margin lifted for a moment pdfkit does not start a page.
    doc.page.margins.bottom = 0;
    doc
      .font('regular')
      .fontSize(8)
      .fillColor(MUTED)
      .text(`${this.footer} · ${this.#pages}`, MARGIN, doc.page.height - MARGIN / 2 - 6, {
        width: doc.page.width - MARGIN * 2,
        align: 'center',
        lineBreak: false,
      });
    doc.page.margins.bottom = MARGIN;
    doc.x = MARGIN;
    doc.y = MARGIN;
  }

  room(height: number): void {
    if (this.doc.y + height > this.doc.page.height - MARGIN) this.page();
  }

  heading(text: string, size = 15): void {
    this.room(size * 3);
    this.doc.moveDown(0.6).font('bold').fontSize(size).fillColor(INK).text(text, MARGIN, this.doc.y);
    this.doc.moveDown(0.3);
  }

  paragraph(text: string, options: { size?: number; colour?: string; bold?: boolean } = {}): void {
    const { doc } = this;
    doc.font(options.bold ? 'bold' : 'regular').fontSize(options.size ?? 10);
    this.room(doc.heightOfString(text, { width: this.width }));
    doc.fillColor(options.colour ?? INK).text(text, MARGIN, doc.y, { width: this.width });
  }

  table(headers: string[], rows: string[][], widths: number[]): void {
    const { doc } = this;
    const total = widths.reduce((a, b) => a + b, 0);
    const columns = widths.map((w) => (w / total) * this.width);
    const drawRow = (cells: string[], bold: boolean) => {
      doc.font(bold ? 'bold' : 'regular').fontSize(9);
      const height =
        Math.max(...cells.map((cell, i) => doc.heightOfString(cell || ' ', { width: columns[i]! - 6 }))) + 6;
      this.room(height);
      const top = doc.y;
      let x = MARGIN;
      cells.forEach((cell, i) => {
        doc.fillColor(INK).text(cell, x + 3, top + 3, { width: columns[i]! - 6 });
        x += columns[i]!;
      });
      doc
        .moveTo(MARGIN, top + height)
        .lineTo(MARGIN + this.width, top + height)
        .lineWidth(0.5)
        .stroke(RULE);
      doc.y = top + height;
    };
    drawRow(headers, true);
    for (const row of rows) drawRow(row, false);
    doc.x = MARGIN;
    doc.moveDown(0.5);
  }

  chart(chart: Chart): void {
    const { doc } = this;
    const height = layoutChart(chart, this.width).height;
    this.room(height + 24);
    doc.font('bold').fontSize(10).fillColor(INK).text(chart.title, MARGIN, doc.y);
    const top = doc.y + 2;
    drawChartPdf(doc, chart, MARGIN, top, this.width);
    doc.x = MARGIN;
    doc.y = top + height + 8;
  }
}

/** The annual charter report as a print-ready A4 PDF with the Korean font embedded and the same charts. */
export async function annualReportPdf(report: AnnualReport): Promise<Buffer> {
  const title = `${report.year}년 서비스헌장 이행 결과 보고서`;
  const doc = newPdf(A4, `${title} · ${report.institution}`);
  const w = new Writer(doc, `${report.institution} ${title}`);
  const chart = (id: string) => report.charts.find((c) => c.id === id)!;
  const { stats } = report;

  doc
    .font('bold')
    .fontSize(20)
    .fillColor(INK)
    .text(`${report.year}년 서비스헌장 이행 결과 보고서`, MARGIN, MARGIN);
  w.paragraph(
    `${report.institution} · 대상 기간 ${stats.period.from} ~ ${stats.period.to} · 작성 ${localDate(report.generatedAt)}`,
    {
      colour: MUTED,
    },
  );

  w.heading('1. 한눈에 보기');
  w.table(['항목', '값'], annualKeyFigures(stats), [3, 2]);

  w.heading('2. 고객만족도 조사 결과');
  w.paragraph(
    `카드와 온라인 양식의 만족도 문항(5점 척도) 응답 ${stats.satisfaction.answered.toLocaleString('ko-KR')}건, 평균 ${
      stats.satisfaction.mean === null ? '—' : stats.satisfaction.mean.toFixed(2)
    }점, '만족' 이상 ${percent(stats.satisfaction.satisfiedShare)}.`,
  );
  w.chart(chart('satisfaction'));
  w.table(['응답 경로', ...stats.satisfaction.labels, '계'], sourceRows(stats), [3, 2, 2, 2, 2, 2, 2]);

  w.heading('3. 서비스 이행기준별 이행 결과');
  w.chart(chart('on-time'));
  for (const rule of stats.rules) {
    w.paragraph(rule.title, { bold: true, size: 11 });
    if (rule.promise) w.paragraph(`“${rule.promise}”`, { colour: MUTED, size: 9 });
    w.paragraph(ruleFigures(rule), { size: 9.5 });
    doc.moveDown(0.4);
  }

  w.heading('4. 기한 미준수와 보상');
  w.paragraph(
    `기한 미준수 기록 ${stats.breaches.count.toLocaleString('ko-KR')}건(의견 ${stats.breaches.cases.toLocaleString('ko-KR')}건), 상품권 ${stats.vouchers.count.toLocaleString('ko-KR')}매 ${stats.vouchers.amountKrw.toLocaleString('ko-KR')}원 지급.`,
  );

  w.heading('5. 주요 의견');
  w.chart(chart('area'));
  for (const theme of report.themes.slice(0, 5)) {
    w.paragraph(
      `${theme.label}: ${theme.count.toLocaleString('ko-KR')}건 (${percent(theme.share)}) · 칭찬·제안 ${theme.green} · 불편·불만 ${theme.yellow}`,
      { bold: true, size: 10 },
    );
    for (const example of theme.examples)
      w.paragraph(`· ${example.summary} → ${example.action} (${example.department})`, { size: 9 });
  }
  w.chart(chart('classification'));
  w.chart(chart('type'));
  w.chart(chart('channel'));
  w.chart(chart('department'));
  w.chart(chart('month'));

  w.heading('6. 개선(시정) 계획');
  if (report.plans.length === 0) w.paragraph('등록된 개선 과제가 없습니다.', { colour: MUTED });
  else
    w.table(
      ['개선 과제', '담당', '상태', '목표일'],
      report.plans.map((p) => [p.title, p.owner, PLAN_STATUS_LABELS[p.status], p.due ?? '—']),
      [6, 3, 1.5, 2],
    );

  w.heading('7. 헌장 공표 일정');
  w.table(
    ['단계', '기한', '상태'],
    report.deadlines.map((d) => [d.title, d.dueOn, deadlineStateLabel(d)]),
    [5, 2, 3],
  );
  return pdfToBuffer(doc);
}
