/**
 * Where photos, card images and crops are kept, by path (`photos/ab/<sha256>.jpg`). The data folder by default
 * (`src/store/files.ts`); any store that several machines reach can stand behind it (docs/scale-out.md).
 */
export interface FileStorage {
  /** Stores `bytes` under `folder` named by their SHA-256, so the same bytes are stored once. */
  putByHash(folder: string, bytes: Uint8Array, extension: string): Promise<{ path: string; hash: string }>;
  put(path: string, bytes: Uint8Array | string): Promise<void>;
  /** Takes a finished local file (an upload staged on this machine's disk) in as `path`; the local file goes. */
  adopt(path: string, localFile: string): Promise<void>;
  read(path: string): Promise<Buffer>;
  exists(path: string): Promise<boolean>;
  /** Deletes a stored file; a file already gone is fine. */
  remove(path: string): Promise<void>;
}
