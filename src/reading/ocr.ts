import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createWorker, OEM, PSM, type Worker } from 'tesseract.js';

/**
 * Long-lived pools of tesseract.js workers (LSTM models from npm, nothing downloaded): loading a model costs
 * half a second, so workers are made once and reused for every line of every card. Handwritten Korean is read
 * with the Korean model alone: with English loaded too, strokes it could not place became Latin letters
 * ("열어" → "Fed"), and the message error rate was 2–3× higher (6.0 → 2.4% on Nanum Pen Script, 38 → 26% on
 * Gaegu, 21 → 16% on Gamja Flower). The Korean model reads digits as well; e-mail addresses are read by the
 * English model fine-tuned on handwritten addresses, printed serials by the npm English model.
 */
const require = createRequire(import.meta.url);

/** The npm models, and Cardbox's own models for handwriting: the Korean one fine-tuned on synthetic message
 * lines, the English one on synthetic e-mail lines (docs/reading.md, "The handwriting model", "The e-mail
 * model"; made by test/ocr-training/train.sh). */
function modelFiles(): Record<Language, string> {
  return {
    kor: npmModel('kor'),
    eng: npmModel('eng'),
    kor_hand: fileURLToPath(new URL('./models/kor_hand.traineddata.gz', import.meta.url)),
    eng_hand: fileURLToPath(new URL('./models/eng_hand.traineddata.gz', import.meta.url)),
  };
}

function npmModel(lang: string): string {
  return join(
    require.resolve(`@tesseract.js-data/${lang}/package.json`),
    '..',
    '4.0.0_best_int',
    `${lang}.traineddata.gz`,
  );
}

let langDir: string | undefined;
/** All models in one folder (tesseract.js takes a single langPath), named by their content so that a changed
 * model is never served from an older copy. */
function langPath(): string {
  if (langDir) return langDir;
  const models = modelFiles();
  const hash = createHash('sha256');
  for (const file of Object.values(models)) hash.update(readFileSync(file));
  const dir = join(tmpdir(), `cardbox-tessdata-${hash.digest('hex').slice(0, 12)}`);
  mkdirSync(dir, { recursive: true });
  for (const [lang, source] of Object.entries(models)) {
    const target = join(dir, `${lang}.traineddata.gz`);
    if (!existsSync(target)) {
      copyFileSync(source, `${target}.${process.pid}.tmp`);
      renameSync(`${target}.${process.pid}.tmp`, target);
    }
  }
  langDir = dir;
  return dir;
}

export interface OcrText {
  text: string;
  /** 0–1, tesseract's own word confidence (a rough guide, not a guarantee). */
  confidence: number;
}

export type LineKind = 'text' | 'digits' | 'digit' | 'email' | 'serial' | 'serial-raw';
type Language = 'kor' | 'kor_hand' | 'eng' | 'eng_hand';

const LANGUAGE: Record<LineKind, Language> = {
  text: 'kor_hand',
  digits: 'kor',
  digit: 'kor',
  email: 'eng_hand',
  serial: 'eng',
  'serial-raw': 'eng',
};

const SERIAL_CHARACTERS = '0123456789ABCDEFGHJKMNPQRSTVWXYZ-';
const TEXT_BLACKLIST = '{}<>|;\\_`';

const PARAMS: Record<LineKind, Record<string, string>> = {
  // Curly and angle brackets, bars, semicolons, backslash, underscore and backtick are what the model makes of
  // strokes it cannot place (기 → ">]") and are next to never written on a card; barred, it picks a letter.
  // Round and square brackets were barred too (Gamja Flower 20.6 → 19.0% with the npm model), but visitors
  // write them ("주차장(지하 2층)"): allowed since issue 19 (docs/reading.md gives the held-out figures).
  // Emoticon marks such as ^^ and ~ stay allowed.
  text: {
    tessedit_pageseg_mode: PSM.SINGLE_LINE,
    tessedit_char_whitelist: '',
    tessedit_char_blacklist: TEXT_BLACKLIST,
    user_defined_dpi: '300',
  },
  digits: {
    tessedit_pageseg_mode: PSM.SINGLE_LINE,
    tessedit_char_whitelist: '0123456789',
    user_defined_dpi: '300',
  },
  digit: {
    tessedit_pageseg_mode: PSM.SINGLE_CHAR,
    tessedit_char_whitelist: '0123456789',
    user_defined_dpi: '300',
  },
  email: {
    tessedit_pageseg_mode: PSM.SINGLE_LINE,
    tessedit_char_whitelist: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@._-+',
    user_defined_dpi: '300',
  },
  // A card's serial as printed, G-4K7M-2QX9-T: the serial alphabet (no I, L, O, U) and hyphens; read as a
  // line, and as a raw line without tesseract's layout analysis, which on blurred print each fail where the
  // other reads.
  serial: {
    tessedit_pageseg_mode: PSM.SINGLE_LINE,
    tessedit_char_whitelist: SERIAL_CHARACTERS,
    user_defined_dpi: '300',
  },
  'serial-raw': {
    tessedit_pageseg_mode: PSM.RAW_LINE,
    tessedit_char_whitelist: SERIAL_CHARACTERS,
    user_defined_dpi: '300',
  },
};

class OcrPool {
  readonly #workers: Promise<Worker>[] = [];
  readonly #idle: Worker[] = [];
  readonly #waiting: ((worker: Worker) => void)[] = [];
  readonly #mode = new WeakMap<Worker, LineKind>();
  readonly #size: number;
  readonly #language: Language;

  constructor(language: Language, size: number) {
    this.#language = language;
    this.#size = size;
  }

  async #acquire(): Promise<Worker> {
    const idle = this.#idle.pop();
    if (idle) return idle;
    if (this.#workers.length < this.#size) {
      const made = createWorker(this.#language, OEM.LSTM_ONLY, {
        langPath: langPath(),
        gzip: true,
        cacheMethod: 'none',
        errorHandler: (error: unknown) => console.error('tesseract worker:', error),
      });
      this.#workers.push(made);
      return made;
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  #release(worker: Worker): void {
    const next = this.#waiting.shift();
    if (next) next(worker);
    else this.#idle.push(worker);
  }

  async recognize(png: Buffer, kind: LineKind): Promise<OcrText> {
    const worker = await this.#acquire();
    try {
      if (this.#mode.get(worker) !== kind) {
        await worker.setParameters(PARAMS[kind] as never);
        this.#mode.set(worker, kind);
      }
      const { data } = await worker.recognize(png);
      return { text: data.text.replace(/\s+/g, ' ').trim(), confidence: Math.max(0, data.confidence) / 100 };
    } finally {
      this.#release(worker);
    }
  }

  async close(): Promise<void> {
    const workers = this.#workers.splice(0);
    this.#idle.length = 0;
    await Promise.all(workers.map(async (w) => (await w).terminate()));
  }
}

const pools = new Map<Language, OcrPool>();
let observer: ((png: Buffer, kind: LineKind) => void) | undefined;

/** Lets the benchmark see every line image sent to OCR (to time native tesseract on the same crops). */
export function observeOcr(fn: typeof observer): void {
  observer = fn;
}

/** OCR of one line image on the shared pools: handwritten lines (the fine-tuned Korean model), phone digits
 * (the npm Korean model: the fine-tuned one saw no digits and reads them worse), e-mail (the fine-tuned English
 * model) and printed serials (the npm English model), up to one worker per CPU core each. */
export function recognizeLine(png: Buffer, kind: LineKind): Promise<OcrText> {
  const language = LANGUAGE[kind];
  let pool = pools.get(language);
  if (!pool) {
    // Every model one worker a core (made only when needed): each e-mail line is read four ways.
    pool = new OcrPool(language, Math.max(1, availableParallelism()));
    pools.set(language, pool);
  }
  observer?.(png, kind);
  return pool.recognize(png, kind);
}

/** Ends the pools' workers (the CLI calls this before exiting; a server keeps them). */
export async function closeOcr(): Promise<void> {
  const current = [...pools.values()];
  pools.clear();
  await Promise.all(current.map((pool) => pool.close()));
}
