import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';

/**
 * A lowdb adapter whose writes survive a crash: the JSON goes to a temp file that is fsync'ed, renamed over
 * the real file, and the folder is fsync'ed so the rename itself is on disk before `write` resolves. A write
 * that fails (a full disk) removes its temp file. With `check`, what is read must have the table's shape
 * (`schemas.ts`), or reading fails naming the file and the problem.
 */
export class DurableJsonFile<T> implements Adapter<T> {
  readonly #file: string;
  readonly #temp: string;
  readonly #check: ((value: unknown) => T) | undefined;

  constructor(file: string, check?: (value: unknown) => T) {
    this.#file = file;
    this.#temp = join(dirname(file), `.${basename(file)}.tmp`);
    this.#check = check;
  }

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(this.#file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
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

  async write(data: T): Promise<void> {
    await this.writeText(JSON.stringify(data));
  }

  async writeText(text: string): Promise<void> {
    await mkdir(dirname(this.#file), { recursive: true });
    try {
      const handle = await open(this.#temp, 'w', 0o600);
      try {
        await handle.writeFile(text, 'utf8');
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
