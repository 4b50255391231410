import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../src/store/records.ts';
import { type TestCardbox, tempCardbox } from '../helpers/cardbox.ts';
import { runCli } from '../helpers/cli.ts';
import { SECRET_MESSAGE, storeSeededCases } from './seed.ts';

let t: TestCardbox;
let cases: CaseRecord[];
let out: string;

beforeAll(async () => {
  t = await tempCardbox();
  cases = await storeSeededCases(
    t.cardbox,
    120,
    5,
    new Date('2025-01-01T00:00:00+09:00'),
    new Date('2025-12-01T00:00:00+09:00'),
  );
  await t.cardbox.store.close();
  out = await mkdtemp(join(tmpdir(), 'cardbox-report-cli-'));
});
afterAll(async () => {
  await t?.cleanup();
  await rm(out, { recursive: true, force: true });
});

const cli = (...argv: string[]) => runCli(argv, t.cardbox);

describe('cardbox report', () => {
  it('writes the annual PDF, an export and prints the figures', async () => {
    const pdf = join(out, 'report.pdf');
    const annual = await cli('report', 'annual', '--year', '2025', '--out', pdf);
    expect(annual.code, annual.err).toBe(0);
    expect((await readFile(pdf)).subarray(0, 5).toString()).toBe('%PDF-');

    const csv = join(out, 'cases.csv');
    const exported = await cli(
      'report',
      'export',
      '--from',
      '2025-01-01',
      '--to',
      '2025-12-31',
      '--out',
      csv,
    );
    expect(exported.code, exported.err).toBe(0);
    const text = await readFile(csv, 'utf8');
    expect(parse(text, { bom: true, columns: true })).toHaveLength(cases.length);
    expect(text).not.toContain(SECRET_MESSAGE);

    const stats = await cli('report', 'stats', '--from', '2025-01-01', '--to', '2025-12-31');
    expect(stats.out).toContain(`접수 건수: ${cases.length}건`);
  });

  it('explains wrong usage with exit code 2', async () => {
    const noOut = await cli('report', 'annual', '--year', '2025');
    expect([noOut.code, noOut.err]).toEqual([2, expect.stringContaining('--out is required')]);
    const badYear = await cli('report', 'annual', '--year', '25', '--out', join(out, 'x.pdf'));
    expect([badYear.code, badYear.err]).toEqual([2, expect.stringContaining('네 자리 숫자')]);
    const badFormat = await cli('report', 'export', '--format', 'ods', '--out', join(out, 'x.ods'));
    expect([badFormat.code, badFormat.err]).toEqual([2, expect.stringContaining('--format must be one of')]);
    expect((await cli('report')).code).toBe(2);
  });
});
