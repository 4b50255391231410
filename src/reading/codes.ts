import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { prepareZXingModule, type ReaderOptions, readBarcodes } from 'zxing-wasm/reader';
import { serialFromUrl } from '../cards/serial.ts';
import type { GreyImage, Point } from './homography.ts';

const require = createRequire(import.meta.url);
let ready: Promise<unknown> | undefined;

/** zxing-wasm, loaded from node_modules: without the override it fetches its wasm from a CDN. */
function zxing(): Promise<unknown> {
  ready ??= Promise.resolve(
    prepareZXingModule({
      overrides: { wasmBinary: readFileSync(require.resolve('zxing-wasm/reader/zxing_reader.wasm')).buffer },
      fireImmediately: true,
    }),
  );
  return ready;
}

// tryHarder stays on: without it zxing found fewer than half of the codes in a tabletop photo.
const OPTIONS: ReaderOptions = { formats: ['QRCode'], tryHarder: true, maxNumberOfSymbols: 255 };

export interface FoundCode {
  text: string;
  /** The card serial the URL carries, or null when the code is not one of our card URLs. */
  serial: string | null;
  /** The code's corners in image pixels, in the code's own order: top-left, top-right, bottom-right, bottom-left. */
  corners: Point[];
}

/** Every QR code in a greyscale image. */
export async function findCodes(image: GreyImage, options: ReaderOptions = {}): Promise<FoundCode[]> {
  await zxing();
  const { data, width, height } = image;
  // zxing-wasm takes RGBA image data (and turns it back into grey itself).
  const rgba = new Uint8ClampedArray(width * height * 4);
  const words = new Uint32Array(rgba.buffer);
  for (let i = 0; i < data.length; i++) words[i] = 0xff000000 | (data[i]! * 0x010101);
  const results = await readBarcodes({ data: rgba, width, height, colorSpace: 'srgb' } as ImageData, {
    ...OPTIONS,
    ...options,
  });
  return results
    .filter((r) => r.isValid)
    .map((r) => {
      const p = r.position;
      return {
        text: r.text,
        serial: serialFromUrl(r.text),
        corners: [p.topLeft, p.topRight, p.bottomRight, p.bottomLeft].map((q) => [q.x, q.y] as Point),
      };
    });
}
