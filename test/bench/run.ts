/**
 * `npm run bench [name…]`: runs every `test/bench/*.bench.ts` (or the named ones), each exporting
 * `run(): Promise<string>` that measures one part and returns a Markdown section, and writes them all to
 * docs/benchmarks.md with the command and the machine. Sections of parts not run this time are kept.
 */

import { readdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { basename, join } from 'node:path';

const here = import.meta.dirname;
const output = join(here, '../../docs/benchmarks.md');
const wanted = process.argv.slice(2);

const modules = (await readdir(here)).filter((f) => f.endsWith('.bench.ts')).sort();
const chosen = modules.filter((f) => wanted.length === 0 || wanted.includes(basename(f, '.bench.ts')));
if (chosen.length === 0) {
  console.error(
    `no benchmark named ${wanted.join(', ')}; there are: ${modules.map((f) => basename(f, '.bench.ts')).join(', ')}`,
  );
  process.exit(2);
}

const previous = await readFile(output, 'utf8').catch(() => '');
const sections = new Map<string, string>();
for (const match of previous.matchAll(/<!-- bench:(\S+) -->\n([\s\S]*?)<!-- \/bench -->/g))
  sections.set(match[1]!, match[2]!);

for (const file of chosen) {
  const name = basename(file, '.bench.ts');
  console.log(`— ${name}`);
  const started = performance.now();
  const { run } = (await import(join(here, file))) as { run: () => Promise<string> };
  const section = await run();
  console.log(section);
  console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s)`);
  sections.set(
    name,
    `${section.trim()}\n\n_Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC._\n`,
  );
}

const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${process.platform}`;
const body = [...sections.entries()]
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([name, text]) => `<!-- bench:${name} -->\n${text}<!-- /bench -->`);
await writeFile(
  output,
  `# Benchmarks\n\nMade by \`npm run bench\` (all parts) or \`npm run bench -- NAME\` (one part: ${modules.map((f) => basename(f, '.bench.ts')).join(', ')}).\nMachine of the last run: ${machine}.\nEach part names its targets; figures are real measurements, never edited by hand.\n\n${body.join('\n\n')}\n`,
);
console.log(`wrote ${output}`);
