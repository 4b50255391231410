import { z } from 'zod';
import type { Cardbox } from '../context.ts';
import type { PrintBatch } from '../store/records.ts';
import type { CardContent } from './drawing.ts';
import { issueSerials } from './registry.ts';
import { CARDS_PER_SHEET, cardPng, cardSvg, cardsPdf } from './render.ts';

export const MAX_CARDS_PER_RUN = 2000;

export const printRequestSchema = z.object({
  type: z.enum(['green', 'yellow'], {
    message: '카드 종류는 그린 또는 옐로입니다 (type must be "green" or "yellow")',
  }),
  count: z.coerce
    .number({ message: '장수는 숫자여야 합니다 (count must be a number)' })
    .int('장수는 정수여야 합니다 (count must be a whole number)')
    .min(1, '1장 이상이어야 합니다 (count must be at least 1)')
    .max(
      MAX_CARDS_PER_RUN,
      `한 번에 ${MAX_CARDS_PER_RUN}장까지입니다 (count must be at most ${MAX_CARDS_PER_RUN} per run)`,
    ),
  format: z
    .enum(['pdf', 'png', 'svg'], {
      message: '형식은 pdf, png, svg 중 하나입니다 (format must be pdf, png or svg)',
    })
    .default('pdf'),
  dpi: z.coerce
    .number()
    .int()
    .min(72, 'dpi must be at least 72')
    .max(1200, 'dpi must be at most 1200')
    .default(300),
});

export type PrintRequest = z.infer<typeof printRequestSchema>;

export interface PrintedFile {
  name: string;
  contentType: string;
  bytes: Buffer;
}

export interface PrintResult {
  batch: PrintBatch;
  serials: string[];
  files: PrintedFile[];
}

/** The printed batches, newest first, with how many of their cards have come back (as cases). */
export async function printHistory(
  cardbox: Cardbox,
): Promise<{ batch: PrintBatch; used: number; unused: number }[]> {
  const history = [];
  for (const batch of await cardbox.registry.batches({ printed: true })) {
    const serials = await cardbox.registry.serialsOf(batch.id);
    const back = await cardbox.cases.countWithSerials(serials.map((s) => s.serial));
    history.push({ batch, used: back, unused: serials.length - back });
  }
  return history.reverse();
}

/** How many A4 sheets `count` cards take. */
export function sheetsOf(count: number): number {
  return Math.ceil(count / CARDS_PER_SHEET);
}

/** A printed batch and its serials in the order they are printed (four to an A4 sheet). */
export async function printedBatch(
  cardbox: Cardbox,
  batchId: string,
): Promise<{ batch: PrintBatch; serials: string[] } | null> {
  const batch = await cardbox.registry.batch(batchId);
  if (!batch || batch.format === 'none') return null;
  return { batch, serials: (await cardbox.registry.serialsOf(batchId)).map((s) => s.serial) };
}

/**
 * The same cards of a printed batch again (a reprint: no new serials), as one A4 PDF; with `sheet` (from 1)
 * only that sheet's four cards, for a page the printer spoiled. Null for an unknown batch or sheet.
 */
export async function reprintBatch(
  cardbox: Cardbox,
  batchId: string,
  options: { sheet?: number } = {},
): Promise<PrintedFile | null> {
  const { layout, profile, settings } = cardbox;
  const printed = await printedBatch(cardbox, batchId);
  if (!printed) return null;
  const { batch } = printed;
  let serials = printed.serials;
  let part = '';
  const { sheet } = options;
  if (sheet !== undefined) {
    if (!Number.isInteger(sheet) || sheet < 1 || sheet > sheetsOf(serials.length)) return null;
    serials = serials.slice((sheet - 1) * CARDS_PER_SHEET, sheet * CARDS_PER_SHEET);
    part = `-sheet${sheet}`;
  }
  const cards = serials.map((serial) => ({
    type: batch.type,
    serial,
    publicBaseUrl: settings.PUBLIC_BASE_URL,
  }));
  const name = `cards-${batch.type}-${batch.createdAt.slice(0, 10)}-${batch.id.slice(0, 8)}${part}.pdf`;
  return { name, contentType: 'application/pdf', bytes: await cardsPdf(layout, profile, cards) };
}

/** A PNG or SVG batch's card images again, one file per card named by serial (PNG at `dpi`). */
export async function reprintImages(
  cardbox: Cardbox,
  batchId: string,
  dpi = 300,
): Promise<PrintedFile[] | null> {
  const printed = await printedBatch(cardbox, batchId);
  if (!printed || printed.batch.format === 'pdf') return null;
  const cards = printed.serials.map((serial) => ({
    type: printed.batch.type,
    serial,
    publicBaseUrl: cardbox.settings.PUBLIC_BASE_URL,
  }));
  return cardImages(cardbox, cards, printed.batch.format === 'svg' ? 'svg' : 'png', dpi);
}

/**
 * Issues a batch of new serials for printing without rendering it (the print page's confirmation then offers
 * the file): the serials are in the registry when this returns.
 */
export async function issuePrintBatch(
  cardbox: Cardbox,
  request: PrintRequest,
  createdBy: string,
): Promise<PrintBatch> {
  const { batch } = await issueSerials(
    cardbox.registry,
    { type: request.type, count: request.count, origin: 'print', createdBy, format: request.format },
    cardbox.now(),
  );
  return batch;
}

async function cardImages(
  cardbox: Cardbox,
  cards: CardContent[],
  format: 'png' | 'svg',
  dpi: number,
): Promise<PrintedFile[]> {
  const { layout, profile } = cardbox;
  if (format === 'svg')
    return cards.map((card) => ({
      name: `${card.serial}.svg`,
      contentType: 'image/svg+xml',
      bytes: Buffer.from(cardSvg(layout, profile, card)),
    }));
  const files: PrintedFile[] = [];
  for (const card of cards) {
    files.push({
      name: `${card.serial}.png`,
      contentType: 'image/png',
      bytes: await cardPng(layout, profile, card, dpi),
    });
  }
  return files;
}

/**
 * Issues new serials and renders their cards: one A4 PDF (four cards a page, cut marks), or one PNG/SVG per
 * card named `<serial>.png`. The serials are in the registry when this returns; call `result.cancel()` if the
 * files cannot be delivered, so no serial is registered for a card that was never printed.
 */
export async function printCards(
  cardbox: Cardbox,
  request: PrintRequest,
  createdBy: string,
): Promise<PrintResult & { cancel: () => Promise<void> }> {
  const { layout, profile, settings } = cardbox;
  const { batch, serials } = await issueSerials(
    cardbox.registry,
    { type: request.type, count: request.count, origin: 'print', createdBy, format: request.format },
    cardbox.now(),
  );
  const cancel = () => cardbox.registry.withdraw(batch.id);
  try {
    const cards = serials.map((serial) => ({
      type: request.type,
      serial,
      publicBaseUrl: settings.PUBLIC_BASE_URL,
    }));
    let files: PrintedFile[];
    if (request.format === 'pdf') {
      const name = `cards-${request.type}-${batch.createdAt.slice(0, 10)}-${batch.id.slice(0, 8)}.pdf`;
      files = [{ name, contentType: 'application/pdf', bytes: await cardsPdf(layout, profile, cards) }];
    } else {
      files = await cardImages(cardbox, cards, request.format, request.dpi);
    }
    return { batch, serials, files, cancel };
  } catch (error) {
    await cancel();
    throw error;
  }
}
