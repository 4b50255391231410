import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cardLayout } from '../../src/profile/card-layout.ts';
import { defaultProfile } from '../../src/profile/defaults.ts';
import { checkboxBenchSection } from './bench-section.ts';

/**
 * Re-measures only the "Checkboxes by mark style" part of the ingest section of docs/benchmarks.md, with the
 * same code `npm run bench -- ingest` runs (bench-section.ts), and puts it in place of the last one, saying
 * when; the rest of the ingest section stays as its last full run left it. For a change to the box reading
 * alone, where the whole ingest benchmark (OCR of 100 cards and more) would measure nothing else new.
 *
 *   npx tsx test/mark-training/bench-update.ts
 */
const file = join(import.meta.dirname, '../../docs/benchmarks.md');
const text = await readFile(file, 'utf8');
const start = text.indexOf('**Checkboxes by mark style**');
const end = text.indexOf('**Real digits**', start);
if (start < 0 || end < 0) throw new Error('docs/benchmarks.md: no checkbox part in the ingest section');
const lines = await checkboxBenchSection(cardLayout(defaultProfile), defaultProfile);
const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
const part = `${lines.join('\n')}_This part re-measured alone ${when} UTC (\`npx tsx test/mark-training/bench-update.ts\`, the same code as \`npm run bench -- ingest\`); the rest of this section is from the last full run._\n\n`;
await writeFile(file, text.slice(0, start) + part + text.slice(end));
console.log(part);
