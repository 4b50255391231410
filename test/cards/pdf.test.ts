import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printCards } from '../../src/cards/print.ts';
import { cardUrl, formatSerial } from '../../src/cards/serial.ts';
import { findCodes } from '../../src/reading/codes.ts';
import { IN_CI, type TestCardbox, tempCardbox } from '../helpers/cardbox.ts';

const run = promisify(execFile);
const hasPoppler = await run('pdftoppm', ['-v']).then(
  () => true,
  () => false,
);
if (!hasPoppler && !IN_CI)
  console.warn('\n*** SKIPPING the PDF tests: poppler-utils (pdftoppm, pdftotext) is not installed ***\n');

describe.skipIf(!hasPoppler && !IN_CI)('printed PDF', () => {
  let t: TestCardbox;
  let dir: string;
  let pdf: string;
  let serials: string[];

  beforeAll(async () => {
    t = await tempCardbox({ env: { PUBLIC_BASE_URL: 'https://cards.example.or.kr' } });
    dir = await mkdtemp(join(tmpdir(), 'cardbox-pdf-'));
    const result = await printCards(t.cardbox, { type: 'green', count: 6, format: 'pdf', dpi: 300 }, 'test');
    serials = result.serials;
    pdf = join(dir, 'cards.pdf');
    await writeFile(pdf, result.files[0]!.bytes);
  });
  afterAll(async () => {
    await t.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  it('is A4 with four cards a page', async () => {
    const { stdout } = await run('pdfinfo', [pdf]);
    expect(stdout).toMatch(/Pages:\s+2/);
    expect(stdout).toMatch(/Page size:\s+595\.2\d* x 841\.8\d* pts \(A4\)/);
  });

  it('carries Korean as real text in an embedded font', async () => {
    const { stdout: fonts } = await run('pdffonts', [pdf]);
    const rows = fonts.split('\n').filter((line) => line.includes('NotoSansKR'));
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const row of rows) expect(row).toMatch(/yes\s+yes\s+yes/);
    const { stdout: text } = await run('pdftotext', ['-layout', pdf, '-']);
    for (const words of [
      '그린카드',
      '칭찬 · 제안',
      '교육문화관',
      '개인정보 수집·이용 동의',
      '보관용 확인증',
      '어린이자료실',
    ]) {
      expect(text).toContain(words);
    }
    // Letter-spaced serials come out whole in reading order (-raw); card and stub each print it once.
    const { stdout: raw } = await run('pdftotext', ['-raw', pdf, '-']);
    for (const serial of serials) expect(raw.split(formatSerial(serial)).length - 1, serial).toBe(2);
  });

  it('has QR codes that decode at 150 dpi to the URL of the serial printed beside them', async () => {
    await run('pdftoppm', ['-r', '150', '-gray', '-png', pdf, join(dir, 'page')]);
    const pages = (await readdir(dir)).filter((f) => f.startsWith('page')).sort();
    expect(pages).toHaveLength(2);
    const found: string[] = [];
    for (const page of pages) {
      const { data, info } = await sharp(join(dir, page))
        .greyscale()
        .raw()
        .toBuffer({ resolveWithObject: true });
      const codes = await findCodes({ data: new Uint8Array(data), width: info.width, height: info.height });
      for (const code of codes) {
        expect(code.serial, code.text).not.toBeNull();
        expect(code.text).toBe(cardUrl('https://cards.example.or.kr', code.serial!));
        found.push(code.serial!);
      }
    }
    // Each card has its code and the stub's code: two of each serial, none missing, none foreign.
    expect(found.sort()).toEqual([...serials, ...serials].sort());
  });
});
