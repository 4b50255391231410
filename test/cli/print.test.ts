import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../../src/cli/bin.js');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cardbox-cli-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs the CLI in this process against a data folder in `dir`. */
const cli = (...argv: string[]) =>
  runCli(argv, { DATA_DIR: join(dir, 'data'), PUBLIC_BASE_URL: 'https://cards.example.or.kr' });

async function registeredSerials(): Promise<string[]> {
  const file = await readFile(join(dir, 'data', 'registry.json'), 'utf8').catch(() => '{"serials":[]}');
  return (JSON.parse(file) as { serials: { serial: string }[] }).serials.map((s) => s.serial);
}

describe('cardbox print', () => {
  it('prints PNG cards of exactly the card size, named by serial, and records every serial', async () => {
    const out = join(dir, 'png');
    const result = await cli(
      'print',
      '--type',
      'yellow',
      '--count',
      '2',
      '--format',
      'png',
      '--dpi',
      '150',
      '--out',
      out,
      '--json',
    );
    expect(result.code).toBe(0);
    const report = JSON.parse(result.out) as { serials: string[]; files: string[] };
    expect(report.serials).toHaveLength(2);
    expect((await readdir(out)).sort()).toEqual(report.serials.map((s) => `${s}.png`).sort());
    const meta = await sharp(join(out, `${report.serials[0]}.png`)).metadata();
    expect([meta.width, meta.height]).toEqual([
      Math.round((100 * 150) / 25.4),
      Math.round((140 * 150) / 25.4),
    ]);
    expect((await registeredSerials()).sort()).toEqual([...report.serials].sort());
    for (const serial of report.serials) expect(serial.startsWith('Y')).toBe(true);
  });

  it('prints SVG cards', async () => {
    const out = join(dir, 'svg');
    const result = await cli(
      'print',
      '--type',
      'green',
      '--count',
      '1',
      '--format',
      'svg',
      '--out',
      out,
      '--json',
    );
    expect(result.code).toBe(0);
    const [serial] = (JSON.parse(result.out) as { serials: string[] }).serials;
    const svg = await readFile(join(out, `${serial}.svg`), 'utf8');
    expect(svg).toContain('<svg');
    expect(svg).toContain('그린카드');
  });

  it.each([
    [['--type', 'blue', '--count', '4'], 'type must be "green" or "yellow"'],
    [['--type', 'green', '--count', '0'], 'count must be at least 1'],
    [['--type', 'green', '--count', '100000'], 'count must be at most 2000'],
    [['--type', 'green', '--count', 'many'], 'count must be a number'],
    [['--type', 'green', '--count', '4', '--format', 'gif'], 'format must be pdf, png or svg'],
    [['--type', 'green', '--count', '4', '--colour', 'red'], "Unknown option '--colour'"],
  ])('refuses %j with a clear message, exit code 2 and nothing written', async (args, message) => {
    const result = await cli('print', ...args, '--out', join(dir, 'cards.pdf'));
    expect(result.code).toBe(2);
    expect(result.err).toContain(message);
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses an output path it cannot write before issuing any serial', async () => {
    const result = await cli(
      'print',
      '--type',
      'green',
      '--count',
      '4',
      '--out',
      join(dir, 'no', 'such', 'folder', 'cards.pdf'),
    );
    expect(result.code).toBe(1);
    expect(result.err).toContain('the folder does not exist or is not writable');
    expect(await registeredSerials()).toEqual([]);
    await mkdir(join(dir, 'taken.pdf'));
    const onFolder = await cli('print', '--type', 'green', '--count', '4', '--out', join(dir, 'taken.pdf'));
    expect(onFolder.code).toBe(1);
    expect(onFolder.err).toContain('is a folder');
  });

  it('prints the layout as JSON in the documented shape', async () => {
    const result = await cli('layout', '--json');
    expect(result.code).toBe(0);
    const layout = JSON.parse(result.out);
    expect(layout).toMatchObject({
      version: 1,
      unit: 'mm',
      card: { width: 100, height: 140 },
      qr: { size: 23 },
    });
    expect(layout.checkboxes[0]).toMatchObject({ id: 'area.general', group: 'area', label: '종합자료실' });
  });

  it('explains an unknown command', async () => {
    const result = await cli('frobnicate');
    expect(result.code).toBe(2);
    expect(result.err).toContain('unknown command "frobnicate"');
  });
});

describe('the cardbox command itself', () => {
  const env = (extra: Record<string, string>) => ({ ...process.env, DATA_DIR: join(dir, 'data'), ...extra });

  it('runs from the checkout and prints a PDF with --json', async () => {
    const { stdout } = await run(
      process.execPath,
      [BIN, 'print', '--type', 'green', '--count', '5', '--out', join(dir, 'c.pdf'), '--json'],
      { env: env({}) },
    );
    const report = JSON.parse(stdout) as { serials: string[]; files: string[] };
    expect(report.serials).toHaveLength(5);
    expect((await readFile(join(dir, 'c.pdf'))).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('refuses a bad profile file with the problem and where it is', async () => {
    const profile = join(dir, 'profile.json');
    await writeFile(
      profile,
      JSON.stringify({ areas: [{ id: 'x', label: '어린이', labelEn: 'Kids', department: 'nowhere' }] }),
    );
    const failed = await run(
      process.execPath,
      [BIN, 'print', '--type', 'green', '--count', '1', '--out', join(dir, 'c.pdf')],
      {
        env: env({ CARDBOX_PROFILE: profile }),
      },
    ).catch((error: { code: number; stderr: string }) => error);
    expect('code' in failed && failed.code).toBe(1);
    expect((failed as { stderr: string }).stderr).toContain(
      'areas.0.department: unknown department "nowhere"',
    );
    expect(await readdir(dir)).toEqual(['profile.json']);
  });
});
