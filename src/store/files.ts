import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, normalize, sep } from 'node:path';

/** Binary files under the data folder (photos, crops, generated PDFs); every write is fsync'ed. Serves as the
 * default `FileStorage` (src/repositories/files.ts). */
export class FileStore {
  readonly root: string;

  constructor(root: string) {
    this.root = root;
  }

  /** Stores `bytes` under `folder` named by their SHA-256, so the same bytes are stored once. */
  async putByHash(
    folder: string,
    bytes: Uint8Array,
    extension: string,
  ): Promise<{ path: string; hash: string }> {
    return putByContent(this, folder, bytes, extension);
  }

  async put(path: string, bytes: Uint8Array | string): Promise<void> {
    const full = this.resolve(path);
    await mkdir(dirname(full), { recursive: true });
    const temp = `${full}.${process.pid}.tmp`;
    const handle = await open(temp, 'w', 0o600);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, full);
  }

  async adopt(path: string, localFile: string): Promise<void> {
    const full = this.resolve(path);
    await mkdir(dirname(full), { recursive: true });
    await rename(localFile, full);
  }

  /** Deletes a stored file; a file already gone is fine. */
  async remove(path: string): Promise<void> {
    await rm(this.resolve(path), { force: true });
  }

  async read(path: string): Promise<Buffer> {
    return readFile(this.resolve(path));
  }

  async exists(path: string): Promise<boolean> {
    try {
      await stat(this.resolve(path));
      return true;
    } catch {
      return false;
    }
  }

  /** The absolute path of a stored file; refuses paths that would leave the data folder. */
  resolve(path: string): string {
    const full = normalize(join(this.root, path));
    if (!full.startsWith(this.root + sep))
      throw new Error(`refusing a path outside the data folder: ${path}`);
    return full;
  }
}

/** Where `bytes` are kept under `folder` in any file storage: named by their SHA-256, in 256 subfolders. */
export function contentPath(
  folder: string,
  bytes: Uint8Array,
  extension: string,
): { path: string; hash: string } {
  const hash = createHash('sha256').update(bytes).digest('hex');
  return { path: `${folder}/${hash.slice(0, 2)}/${hash}${extension}`, hash };
}

/** Stores `bytes` by their content in any file storage, once: a file already there is left as it is. */
export async function putByContent(
  files: {
    exists: (path: string) => Promise<boolean>;
    put: (path: string, bytes: Uint8Array) => Promise<void>;
  },
  folder: string,
  bytes: Uint8Array,
  extension: string,
): Promise<{ path: string; hash: string }> {
  const named = contentPath(folder, bytes, extension);
  if (!(await files.exists(named.path))) await files.put(named.path, bytes);
  return named;
}
