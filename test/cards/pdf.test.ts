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
      '개인정보 수집·이용에 동의합니다',
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

  it('leaves a gutter between the cards of a sheet, with cut marks at every card edge and nothing else in it', async () => {
    const dpi = 100;
    const mm = dpi / 25.4;
    await run('pdftoppm', ['-r', String(dpi), '-png', '-f', '1', '-l', '1', pdf, join(dir, 'colour')]);
    const file = (await readdir(dir)).find((f) => f.startsWith('colour'))!;
    const { data, info } = await sharp(join(dir, file))
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number) => {
      const i = (Math.round(y) * info.width + Math.round(x)) * 3;
      return [data[i]!, data[i + 1]!, data[i + 2]!] as const;
    };
    // The cards' frames are the green card's accent colour; where a scan line crosses them, a card's edge is
    // 1.2 mm further out.
    const green = (x: number, y: number) => {
      const [r, g, b] = at(x, y);
      return g > r + 50 && g > b + 30 && g < 190;
    };
    // The middle of each run of green pixels, in millimetres.
    const runs = (points: number[]) => {
      const out: number[][] = [];
      for (const p of points) {
        const last = out.at(-1);
        if (last && p - last.at(-1)! <= 1) last.push(p);
        else out.push([p]);
      }
      return out.map((r) => (r[0]! + r.at(-1)!) / 2 / mm);
    };
    const across = (y: number) =>
      runs(Array.from({ length: info.width }, (_, x) => x).filter((x) => green(x, y * mm)));
    const down = (x: number) =>
      runs(Array.from({ length: info.height }, (_, y) => y).filter((y) => green(x * mm, y)));
    // Through the top cards' message areas: left and right frame of each card.
    const xs = across(80);
    expect(xs).toHaveLength(4);
    const gapX = xs[2]! - xs[1]! - 2 * 1.2;
    // Down through the cards' QR codes' column: top and bottom frame of each card.
    const ys = down(xs[0]! + 78);
    expect(ys).toHaveLength(4);
    const gapY = ys[2]! - ys[1]! - 2 * 1.2;
    expect(gapX).toBeGreaterThanOrEqual(3.5);
    expect(gapY).toBeGreaterThanOrEqual(3.5);

    const dark = (x: number, y: number) => at(x * mm, y * mm).every((v) => v < 160);
    // A thin line near (x, y): dark within half a millimetre.
    const near = (x: number, y: number) =>
      [-0.5, -0.25, 0, 0.25, 0.5].some((d) => dark(x + d, y) || dark(x, y + d));
    const edgesX = [xs[0]! - 1.2, xs[1]! + 1.2, xs[2]! - 1.2, xs[3]! + 1.2];
    const edgesY = [ys[0]! - 1.2, ys[1]! + 1.2, ys[2]! - 1.2, ys[3]! + 1.2];
    // A cut mark on every card edge where it meets the gutter (both ends of each edge).
    for (const x of edgesX)
      expect(near(x, (edgesY[1]! + edgesY[2]!) / 2), `mark at x ${x.toFixed(1)}`).toBe(true);
    for (const y of edgesY)
      expect(near((edgesX[1]! + edgesX[2]!) / 2, y), `mark at y ${y.toFixed(1)}`).toBe(true);
    // Inside the gutters, away from the marks, blank paper.
    for (let y = edgesY[0]! + 3; y < edgesY[3]! - 3; y += 0.25) {
      if (Math.min(...edgesY.map((e) => Math.abs(e - y))) < 0.8) continue;
      for (let x = edgesX[1]! + 0.6; x < edgesX[2]! - 0.6; x += 0.25)
        expect(dark(x, y), `ink in the gutter at ${x.toFixed(1)}, ${y.toFixed(1)}`).toBe(false);
    }
  });
});
