import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IN_CI } from '../helpers/cardbox.ts';
import { intModelToFloat } from './int-to-float.ts';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const hasTesseract = await run('combine_tessdata', []).then(
  () => true,
  (error: { code?: unknown }) => error.code !== 'ENOENT',
);
if (!hasTesseract && !IN_CI)
  console.warn(
    '\n*** SKIPPING the model conversion tests: tesseract-ocr (combine_tessdata) is not installed ***\n',
  );

describe.skipIf(!hasTesseract && !IN_CI)('integer model to float', () => {
  let dir: string;
  let line: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cardbox-int-float-'));
    const gz = join(
      require.resolve('@tesseract.js-data/kor/package.json'),
      '..',
      '4.0.0_best_int',
      'kor.traineddata.gz',
    );
    await writeFile(join(dir, 'kor.traineddata'), gunzipSync(await readFile(gz)));
    await run('combine_tessdata', ['-u', join(dir, 'kor.traineddata'), join(dir, 'kor.')]);
    // A printed Korean line to read with both models.
    line = join(dir, 'line.png');
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="90"><rect width="900" height="90" fill="white"/>
      <text x="20" y="62" font-family="Noto Sans CJK KR, Noto Sans KR, sans-serif" font-size="44">도서관 열람실이 조용해서 좋아요</text></svg>`;
    await sharp(Buffer.from(svg)).png().toFile(line);
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('turns every weight matrix of the npm Korean model to float, and clears the integer flag', async () => {
    const int = await readFile(join(dir, 'kor.lstm'));
    const { model, matrices, spec } = intModelToFloat(int);
    expect(spec).toBe('[1,48,0,1Ct3,3,16Mp3,3Lfys64Lfx96Lrx96Lfx512O1c1]');
    // The convolution's non-linearity, four gates of each of four LSTMs, the output layer.
    expect(matrices).toBe(18);
    // int8 weights become doubles: about eight times the size.
    expect(model.length).toBeGreaterThan(7 * int.length);
    expect(() => intModelToFloat(model)).toThrow(/not an integer weight matrix/);
  });

  it('gives a model tesseract loads and reads with as the integer one does', async () => {
    const { model } = intModelToFloat(await readFile(join(dir, 'kor.lstm')));
    await copyFile(join(dir, 'kor.traineddata'), join(dir, 'korf.traineddata'));
    await writeFile(join(dir, 'korf.lstm'), model);
    await run('combine_tessdata', ['-o', join(dir, 'korf.traineddata'), join(dir, 'korf.lstm')]);
    const read = async (lang: string) =>
      (await run('tesseract', [line, '-', '--tessdata-dir', dir, '-l', lang, '--psm', '7'])).stdout.trim();
    const asInt = await read('kor');
    expect(asInt.replace(/\s/g, '')).toBe('도서관열람실이조용해서좋아요');
    expect(await read('korf')).toBe(asInt);
  });

  it('refuses what is not a Tesseract network, or a model cut short', async () => {
    expect(() => intModelToFloat(Buffer.from('not a model at all'))).toThrow();
    expect(() => intModelToFloat(Buffer.alloc(0))).toThrow();
    const int = await readFile(join(dir, 'kor.lstm'));
    expect(() => intModelToFloat(int.subarray(0, int.length - 5))).toThrow();
    expect(() => intModelToFloat(int.subarray(0, 100_000))).toThrow();
  });
});
