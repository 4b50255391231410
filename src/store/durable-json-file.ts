import { createReadStream } from 'node:fs';
import { type FileHandle, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Adapter } from 'lowdb';

/**
 * Files up to this size are read whole; larger ones line by line (one record a line, as `write` lays them out),
 * since V8 cannot hold a string of more than about 512 MB.
 */
const READ_WHOLE_BYTES = 256 * 1024 * 1024;

/**
 * A lowdb adapter whose writes survive a crash: the JSON goes to a temp file that is fsync'ed, renamed over
 * the real file, and the folder is fsync'ed so the rename itself is on disk before `write` resolves. A write
 * that fails (a full disk) removes its temp file. The JSON is written in pieces, each record of a top-level
 * array on a line of its own, so a table of half a million cases is never one string in memory. With `check`, what is read must have the table's shape
 * (`schemas.ts`), or reading fails naming the file and the problem.
 */
export class DurableJsonFile<T> implements Adapter<T> {
  readonly #file: string;
  readonly #temp: string;
  readonly #check: ((value: unknown) => T) | undefined;
  readonly #readWholeBytes: number;

  constructor(file: string, check?: (value: unknown) => T, options: { readWholeBytes?: number } = {}) {
    this.#file = file;
    this.#readWholeBytes = options.readWholeBytes ?? READ_WHOLE_BYTES;
    this.#temp = join(dirname(file), `.${basename(file)}.tmp`);
    this.#check = check;
  }

  async read(): Promise<T | null> {
    let size: number;
    try {
      size = (await stat(this.#file)).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    let value: unknown;
    try {
      value =
        size > this.#readWholeBytes
          ? await readByLines(this.#file)
          : JSON.parse(await readFile(this.#file, 'utf8'));
    } catch (error) {
      throw new Error(
        `${this.#file} 파일이 올바른 JSON이 아닙니다. 백업에서 되살려 주세요. (${this.#file} is not valid JSON (${(error as Error).message}); restore it from a backup)`,
      );
    }
    if (!this.#check) return value as T;
    try {
      return this.#check(value);
    } catch (error) {
      throw new Error(
        `${this.#file} 파일의 형식이 올바르지 않습니다. 백업에서 되살려 주세요. (${this.#file} does not have the expected shape: ${(error as Error).message}; restore it from a backup)`,
      );
    }
  }

  /** The file's size in bytes (0 when there is none yet). */
  async size(): Promise<number> {
    return stat(this.#file).then(
      (s) => s.size,
      () => 0,
    );
  }

  async write(data: T): Promise<void> {
    await mkdir(dirname(this.#file), { recursive: true });
    try {
      const handle = await open(this.#temp, 'w', 0o600);
      try {
        await writeJson(handle, data);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(this.#temp, this.#file);
    } catch (error) {
      // A full disk leaves a partial temp file: it goes, so failed writes do not fill the folder further.
      await rm(this.#temp, { force: true }).catch(() => {});
      throw error;
    }
    const folder = await open(dirname(this.#file), 'r');
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
  }
}

/** `data` as JSON: a top-level array's records one a line (`{"cases":[` … `]}`), written in ~1 MB pieces. */
async function writeJson(handle: FileHandle, data: unknown): Promise<void> {
  let pending = '';
  const put = async (text: string) => {
    pending += text;
    if (pending.length > 1 << 20) {
      await handle.write(pending, null, 'utf8');
      pending = '';
    }
  };
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    await put(JSON.stringify(data));
  } else {
    const entries = Object.entries(data).filter(([, value]) => value !== undefined);
    await put('{');
    for (const [i, [key, value]] of entries.entries()) {
      await put(`${i ? ',' : ''}${JSON.stringify(key)}:`);
      if (!Array.isArray(value)) {
        await put(JSON.stringify(value));
        continue;
      }
      await put('[\n');
      for (const [j, item] of value.entries()) await put(`${j ? ',\n' : ''}${JSON.stringify(item)}`);
      await put('\n]');
    }
    await put('}');
  }
  if (pending) await handle.write(pending, null, 'utf8');
}

/** Reads a file `writeJson` wrote, a line at a time; anything else laid out differently is refused. */
async function readByLines(file: string): Promise<unknown> {
  const value: Record<string, unknown> = {};
  let open: unknown[] | undefined;
  let expectRecord = false;
  const lines = createInterface({
    input: createReadStream(file, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const raw of lines) {
    let line = raw;
    // A line closing one array may open the next ('\n],"batches":[') or hold a scalar key before it.
    if (open && line.startsWith(']')) {
      open = undefined;
      line = line.slice(1);
      if (line === '}' || line === '') continue;
      if (line.startsWith(',')) line = `{${line.slice(1)}`;
    }
    if (open) {
      const text = line.endsWith(',') ? line.slice(0, -1) : line;
      if (!expectRecord && !text) continue;
      open.push(JSON.parse(text));
      expectRecord = line.endsWith(',');
      continue;
    }
    // Scalar keys after the last array: ',"x":1}' (made '{"x":1}' above).
    if (line.endsWith('}')) {
      Object.assign(value, JSON.parse(line) as object);
      continue;
    }
    // A header: '{"key":[' or '{"a":1,"key":['; the keys before the array are whole JSON values.
    if (!line.endsWith('[')) throw new Error('not laid out one record a line');
    const head = JSON.parse(`${line.slice(0, -1)}null}`) as Record<string, unknown>;
    const keys = Object.keys(head);
    const arrayKey = keys.at(-1)!;
    for (const key of keys.slice(0, -1)) value[key] = head[key];
    open = [];
    value[arrayKey] = open;
  }
  return value;
}
