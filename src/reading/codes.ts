import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  binarizers,
  characterSets,
  defaultReaderOptions,
  eanAddOnSymbols,
  encodeFormats,
  getZXingModule,
  prepareZXingModule,
  type ReaderOptions,
  readBarcodes,
  textModes,
} from 'zxing-wasm/reader';
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
  const merged = { ...OPTIONS, ...options };
  const results = (await readGrey(image, merged)) ?? (await readRgba(image, merged));
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

interface RawResult {
  text: string;
  isValid: boolean;
  position: ReadResultPosition;
}
type ReadResultPosition = Record<
  'topLeft' | 'topRight' | 'bottomRight' | 'bottomLeft',
  { x: number; y: number }
>;

interface PixmapModule {
  _malloc(size: number): number;
  _free(pointer: number): void;
  HEAPU8: Uint8Array;
  readBarcodesFromPixmap(
    pointer: number,
    width: number,
    height: number,
    options: unknown,
  ): { size(): number; get(i: number): RawResult; delete?(): void };
}

let pixmapBroken = false;

/**
 * Hands the grey pixels straight to zxing-cpp (`readBarcodesFromPixmap` takes one byte a pixel): the public
 * API wants RGBA and turns it back into grey in JavaScript, which costs more than the search on a 12 MP
 * photo. The options are encoded as the library's own `readBarcodes` encodes them. Falls back to the public
 * API if this zxing-wasm version differs.
 */
async function readGrey(image: GreyImage, options: ReaderOptions): Promise<RawResult[] | null> {
  if (pixmapBroken) return null;
  try {
    const module = (await getZXingModule()) as unknown as PixmapModule;
    const o = { ...defaultReaderOptions, ...options };
    const encoded = {
      ...o,
      formats: encodeFormats(o.formats ?? []),
      binarizer: binarizers.indexOf(o.binarizer ?? 'LocalAverage'),
      eanAddOnSymbol: eanAddOnSymbols.indexOf(o.eanAddOnSymbol ?? 'Ignore'),
      textMode: textModes.indexOf(o.textMode ?? 'HRI'),
      characterSet: characterSets.indexOf(o.characterSet ?? 'Unknown'),
      tryCode39ExtendedMode: o.tryCode39ExtendedMode ?? true,
    };
    const pointer = module._malloc(image.data.length);
    if (!pointer) return null;
    try {
      module.HEAPU8.set(image.data, pointer);
      const vector = module.readBarcodesFromPixmap(pointer, image.width, image.height, encoded);
      const out: RawResult[] = [];
      for (let i = 0; i < vector.size(); i++) {
        const r = vector.get(i);
        out.push({ text: r.text, isValid: r.isValid, position: r.position });
      }
      vector.delete?.();
      return out;
    } finally {
      module._free(pointer);
    }
  } catch (error) {
    pixmapBroken = true;
    console.warn('zxing-wasm: reading grey pixels directly failed, using RGBA:', (error as Error).message);
    return null;
  }
}

async function readRgba(image: GreyImage, options: ReaderOptions): Promise<RawResult[]> {
  const { data, width, height } = image;
  const rgba = new Uint8ClampedArray(width * height * 4);
  const words = new Uint32Array(rgba.buffer);
  for (let i = 0; i < data.length; i++) words[i] = 0xff000000 | (data[i]! * 0x010101);
  return readBarcodes({ data: rgba, width, height, colorSpace: 'srgb' } as ImageData, options);
}
