import sharp from 'sharp';
import { CARD_HEIGHT, CARD_WIDTH, type Layout } from '../profile/card-layout.ts';
import type { Profile } from '../profile/schema.ts';
import { CARD_STYLES, type CardContent, drawCard } from './drawing.ts';
import { drawShapesPdf, newPdf, PT_PER_MM, pdfToBuffer } from './render-pdf.ts';
import { shapesToSvg } from './render-svg.ts';
import { formatSerial } from './serial.ts';

const A4 = { width: 210, height: 297 };
const COLUMNS = 2;
const ROWS = 2;
export const CARDS_PER_SHEET = COLUMNS * ROWS;
const SHEET_X = (A4.width - COLUMNS * CARD_WIDTH) / 2;
const SHEET_Y = (A4.height - ROWS * CARD_HEIGHT) / 2;

/** Where card `index` (0–3) sits on its A4 sheet, in millimetres. */
export function sheetPosition(index: number): { x: number; y: number } {
  return {
    x: SHEET_X + (index % COLUMNS) * CARD_WIDTH,
    y: SHEET_Y + Math.floor(index / COLUMNS) * CARD_HEIGHT,
  };
}

export function cardSvg(layout: Layout, profile: Profile, card: CardContent): string {
  const title = `${CARD_STYLES[card.type].title} ${formatSerial(card.serial)}`;
  return shapesToSvg(drawCard(layout, profile, card), CARD_WIDTH, CARD_HEIGHT, title);
}

/** Exactly the card, blank, at `dpi`: one pixel is `25.4 / dpi` millimetres. */
export async function cardPng(
  layout: Layout,
  profile: Profile,
  card: CardContent,
  dpi: number,
): Promise<Buffer> {
  const width = Math.round((CARD_WIDTH * dpi) / 25.4);
  const height = Math.round((CARD_HEIGHT * dpi) / 25.4);
  return sharp(Buffer.from(cardSvg(layout, profile, card)), { density: dpi })
    .resize(width, height, { fit: 'fill' })
    .flatten({ background: '#ffffff' })
    .png()
    .toBuffer();
}

/** A4 sheets, four cards each, with cut marks in the margins. */
export async function cardsPdf(layout: Layout, profile: Profile, cards: CardContent[]): Promise<Buffer> {
  const doc = newPdf([A4.width, A4.height], `${profile.institution.name} 의견 카드`);
  cards.forEach((card, index) => {
    const slot = index % CARDS_PER_SHEET;
    if (slot === 0) {
      doc.addPage();
      drawCutMarks(doc);
    }
    const { x, y } = sheetPosition(slot);
    drawShapesPdf(doc, drawCard(layout, profile, card), x, y);
  });
  return pdfToBuffer(doc);
}

function drawCutMarks(doc: PDFKit.PDFDocument): void {
  const mm = PT_PER_MM;
  const length = 4;
  const gap = 1;
  doc
    .save()
    .lineWidth(0.2 * mm)
    .strokeColor('#000000');
  for (let c = 0; c <= COLUMNS; c++) {
    const x = SHEET_X + c * CARD_WIDTH;
    doc.moveTo(x * mm, (SHEET_Y - gap - length) * mm).lineTo(x * mm, (SHEET_Y - gap) * mm);
    const bottom = SHEET_Y + ROWS * CARD_HEIGHT;
    doc.moveTo(x * mm, (bottom + gap) * mm).lineTo(x * mm, (bottom + gap + length) * mm);
  }
  for (let r = 0; r <= ROWS; r++) {
    const y = SHEET_Y + r * CARD_HEIGHT;
    doc.moveTo((SHEET_X - gap - length) * mm, y * mm).lineTo((SHEET_X - gap) * mm, y * mm);
    const right = SHEET_X + COLUMNS * CARD_WIDTH;
    doc.moveTo((right + gap) * mm, y * mm).lineTo((right + gap + length) * mm, y * mm);
  }
  doc.stroke().restore();
}
