import PDFDocument from 'pdfkit';
import type { Shape } from './drawing.ts';
import { FONT_FILES } from './fonts.ts';

const MM = 72 / 25.4;

/** Draws one card's shapes onto a pdfkit page, with the card's top-left at (ox, oy) millimetres. */
export function drawShapesPdf(doc: PDFKit.PDFDocument, shapes: Shape[], ox: number, oy: number): void {
  for (const shape of shapes) {
    switch (shape.kind) {
      case 'rect': {
        const x = (ox + shape.x) * MM;
        const y = (oy + shape.y) * MM;
        if (shape.radius) doc.roundedRect(x, y, shape.w * MM, shape.h * MM, shape.radius * MM);
        else doc.rect(x, y, shape.w * MM, shape.h * MM);
        if (shape.fill && shape.stroke)
          doc.lineWidth((shape.lineWidth ?? 0.25) * MM).fillAndStroke(shape.fill, shape.stroke);
        else if (shape.fill) doc.fill(shape.fill);
        else if (shape.stroke) doc.lineWidth((shape.lineWidth ?? 0.25) * MM).stroke(shape.stroke);
        break;
      }
      case 'line':
        doc.save();
        if (shape.dash) doc.dash(shape.dash[0]! * MM, { space: (shape.dash[1] ?? shape.dash[0]!) * MM });
        doc
          .moveTo((ox + shape.x1) * MM, (oy + shape.y1) * MM)
          .lineTo((ox + shape.x2) * MM, (oy + shape.y2) * MM)
          .lineWidth(shape.lineWidth * MM)
          .stroke(shape.stroke);
        doc.restore();
        break;
      case 'qr': {
        const module = (shape.size / shape.modules) * MM;
        for (const run of shape.runs) {
          doc.rect(
            (ox + shape.x) * MM + run.x * module,
            (oy + shape.y) * MM + run.y * module,
            run.w * module,
            module,
          );
        }
        doc.fill('#000000');
        break;
      }
      case 'text':
        doc
          .font(shape.font)
          .fontSize(shape.size)
          .fillColor(shape.fill)
          .text(shape.text, (ox + shape.x) * MM, (oy + shape.y) * MM, {
            lineBreak: false,
            characterSpacing: (shape.spacing ?? 0) * MM,
          });
        break;
    }
  }
}

/** A new A4 (or card-sized) PDF document with the card fonts registered and embedded. */
export function newPdf(size: [number, number], title: string): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    size: [size[0] * MM, size[1] * MM],
    margin: 0,
    autoFirstPage: false,
    info: { Title: title, Creator: 'Cardbox' },
    lang: 'ko-KR',
    pdfVersion: '1.7',
    tagged: false,
  });
  doc.registerFont('regular', FONT_FILES.regular);
  doc.registerFont('bold', FONT_FILES.bold);
  return doc;
}

export function pdfToBuffer(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

export { MM as PT_PER_MM };
