import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { cardPng, cardsPdf } from '../../src/cards/render.ts';
import type { Cardbox } from '../../src/context.ts';

const run = promisify(execFile);

/**
 * The printed card itself for people to look at: a green and a yellow card at 200 dpi, and an A4 sheet of four
 * (the PDF as poppler's pdftoppm shows it, at 100 dpi: the gutters and cut marks between the cards).
 */
export async function cardPictures(
  cardbox: Cardbox,
  out: string,
  serials: { green: string; yellow: string },
) {
  const base = cardbox.settings.PUBLIC_BASE_URL;
  const written: string[] = [];
  for (const type of ['green', 'yellow'] as const) {
    const png = await cardPng(
      cardbox.layout,
      cardbox.profile,
      { type, serial: serials[type], publicBaseUrl: base },
      200,
    );
    const name = `card-${type}.jpg`;
    await sharp(png).jpeg({ quality: 80 }).toFile(join(out, name));
    written.push(name);
  }
  const cards = (['green', 'yellow', 'yellow', 'green'] as const).map((type) => ({
    type,
    serial: serials[type],
    publicBaseUrl: base,
  }));
  const dir = await mkdtemp(join(tmpdir(), 'cardbox-shots-'));
  try {
    await writeFile(join(dir, 'sheet.pdf'), await cardsPdf(cardbox.layout, cardbox.profile, cards));
    await run('pdftoppm', [
      '-r',
      '100',
      '-jpeg',
      '-singlefile',
      join(dir, 'sheet.pdf'),
      join(out, 'card-sheet'),
    ]);
    written.push('card-sheet.jpg');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return written;
}
