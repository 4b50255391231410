import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { printCards } from '../../src/cards/print.ts';
import { readSettings } from '../../src/config/settings.ts';
import { openEmbeddedCardbox } from '../helpers/cardbox.ts';

/** Issue 2: 200 cards as a PDF in ≤ 2 s and ≤ 1 MB. */
export async function run(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cardbox-bench-print-'));
  const cardbox = await openEmbeddedCardbox(
    readSettings({ DATA_DIR: dir, PUBLIC_BASE_URL: 'https://cards.example.or.kr' }),
  );
  try {
    // The first run pays for loading the fonts once per process, as a server does at its first print.
    const rows: string[] = [];
    for (const [label, count] of [
      ['first run in a fresh process', 200],
      ['second run', 200],
      ['third run', 200],
    ] as const) {
      const started = performance.now();
      const result = await printCards(cardbox, { type: 'green', count, format: 'pdf', dpi: 300 }, 'bench');
      const ms = performance.now() - started;
      const size = result.files[0]!.bytes.length;
      rows.push(`| ${label} | ${count} | ${(ms / 1000).toFixed(2)} s | ${(size / 1024).toFixed(0)} KiB |`);
    }
    const png = performance.now();
    await printCards(cardbox, { type: 'yellow', count: 20, format: 'png', dpi: 300 }, 'bench');
    const pngMs = (performance.now() - png) / 20;
    return [
      '## Printing cards (issue 2)',
      '',
      'Command: `npm run bench -- print`. Target: 200 cards as an A4 PDF (four a page, embedded Noto Sans KR subset) in ≤ 2 s and ≤ 1 MB.',
      '',
      '| run | cards | time (serials issued, recorded, PDF rendered) | PDF size |',
      '| --- | ---: | ---: | ---: |',
      ...rows,
      '',
      `PNG at 300 dpi: ${pngMs.toFixed(0)} ms a card.`,
    ].join('\n');
  } finally {
    await cardbox.store.close();
    await rm(dir, { recursive: true, force: true });
  }
}
