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
/**
 * Clear paper between neighbouring cards (mm), so that a cut a little off the line does not take the edge of
 * the next card: each card is cut out on its own four lines, the gutter falls away.
 */
export const GUTTER = { x: 4, y: 6 };
const SHEET_X = (A4.width - COLUMNS * CARD_WIDTH - (COLUMNS - 1) * GUTTER.x) / 2;
const SHEET_Y = (A4.height - ROWS * CARD_HEIGHT - (ROWS - 1) * GUTTER.y) / 2;

/** Where card `index` (0–3) sits on its A4 sheet, in millimetres. */
export function sheetPosition(index: number): { x: number; y: number } {
  return {
    x: SHEET_X + (index % COLUMNS) * (CARD_WIDTH + GUTTER.x),
    y: SHEET_Y + Math.floor(index / COLUMNS) * (CARD_HEIGHT + GUTTER.y),
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

/** A4 sheets, four cards each with a gutter between them and cut marks at every card's corners. */
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

/**
 * Cut marks: each edge of each card carried out beyond its corners, starting 1 mm off the card, up to 3 mm
 * long into the page margin (short of the paper's edge) and as far as the gutter allows between cards (the
 * marks of two neighbours meet there as one line).
 */
function drawCutMarks(doc: PDFKit.PDFDocument): void {
  const mm = PT_PER_MM;
  const off = 1;
  const reach = (gutter: number, margin: number, outer: boolean) =>
    outer ? Math.min(3, margin - off - 0.5) : gutter / 2 - off;
  doc
    .save()
    .lineWidth(0.2 * mm)
    .strokeColor('#000000');
  const line = (x1: number, y1: number, x2: number, y2: number) =>
    doc.moveTo(x1 * mm, y1 * mm).lineTo(x2 * mm, y2 * mm);
  for (let slot = 0; slot < CARDS_PER_SHEET; slot++) {
    const { x, y } = sheetPosition(slot);
    const column = slot % COLUMNS;
    const row = Math.floor(slot / COLUMNS);
    const up = reach(GUTTER.y, SHEET_Y, row === 0);
    const down = reach(GUTTER.y, SHEET_Y, row === ROWS - 1);
    const left = reach(GUTTER.x, SHEET_X, column === 0);
    const right = reach(GUTTER.x, SHEET_X, column === COLUMNS - 1);
    for (const cx of [x, x + CARD_WIDTH]) {
      line(cx, y - off - up, cx, y - off);
      line(cx, y + CARD_HEIGHT + off, cx, y + CARD_HEIGHT + off + down);
    }
    for (const cy of [y, y + CARD_HEIGHT]) {
      line(x - off - left, cy, x - off, cy);
      line(x + CARD_WIDTH + off, cy, x + CARD_WIDTH + off + right, cy);
    }
  }
  doc.stroke().restore();
}
