import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { DurableJsonFile } from './durable-json-file.ts';
import type { Sealed } from './records.ts';
import { Sealer } from './sealer.ts';

/** The file beside `secret.key` that records which key sealed the folder's data: a fingerprint, never the key. */
export const FINGERPRINT_FILE = 'key-fingerprint.json';

interface FingerprintFile {
  /** HMAC-SHA256 of a fixed label under the key (hex): tells keys apart, reveals nothing of the key. */
  hmacSha256: string;
  recordedAt: string;
}

export interface LoadKeyOptions {
  /** `<data>/secret.key`. */
  file: string;
  /** `CARDBOX_KEY`, when set: then the key file is neither read nor made. */
  fromEnv: string | undefined;
  /** A few sealed values of the folder (contacts, contact drafts); empty when it holds none. */
  sealed: Sealed[];
}

/**
 * The key that seals contact details: `CARDBOX_KEY` (64 hex characters or base64 of 32 bytes) if set, else
 * `<data>/secret.key`, created on first start with owner-only permissions. The key's fingerprint is kept in
 * `key-fingerprint.json`; when the folder holds sealed data, a key that is not the one that sealed it (a lost
 * `secret.key`, a wrong `CARDBOX_KEY`) is refused rather than a new key made, which would leave every stored
 * contact unreadable. A folder from before fingerprints is checked by opening its sealed data.
 */
export async function loadKey(options: LoadKeyOptions): Promise<Buffer> {
  const { file, fromEnv, sealed } = options;
  const dir = dirname(file);
  const fingerprintFile = new DurableJsonFile<FingerprintFile>(join(dir, FINGERPRINT_FILE));
  const recorded = (await fingerprintFile.read())?.hmacSha256;
  if (recorded !== undefined && !/^[0-9a-f]{64}$/.test(recorded)) {
    throw new Error(
      `${join(dir, FINGERPRINT_FILE)}: 키 지문이 올바르지 않습니다. 백업에서 되살려 주세요. (the key fingerprint is malformed; restore the file from a backup)`,
    );
  }
  const source = fromEnv ? 'CARDBOX_KEY' : file;
  let key = fromEnv ? parseKey(fromEnv, 'CARDBOX_KEY') : await readKeyFile(file);
  if (!key) {
    if (sealed.length > 0) throw lostKey(file);
    key = randomBytes(32);
    await writeFile(file, key.toString('hex'), { mode: 0o600, flag: 'wx' });
  }
  const actual = keyFingerprint(key);
  if (recorded !== undefined && sameFingerprint(recorded, actual)) return key;
  // No fingerprint yet (a new folder, or one from before them), or another key's: the sealed data decides.
  if (sealed.length > 0 && !opensAny(new Sealer(key), sealed)) throw wrongKey(source, dir, file, fromEnv);
  await fingerprintFile.write({ hmacSha256: actual, recordedAt: new Date().toISOString() });
  return key;
}

/** Tells keys apart and reveals nothing of the key: also what a database keeps to check its key against. */
export function keyFingerprint(key: Buffer): string {
  return createHmac('sha256', key).update('cardbox contact key fingerprint v1').digest('hex');
}

export function sameFingerprint(a: string, b: string): boolean {
  return timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'));
}

/** True when the key opens one of the samples (one damaged record does not make a right key wrong). */
export function opensAny(sealer: Sealer, samples: Sealed[]): boolean {
  return samples.some((sample) => {
    try {
      sealer.open(sample);
      return true;
    } catch {
      return false;
    }
  });
}

async function readKeyFile(file: string): Promise<Buffer | null> {
  try {
    return parseKey((await readFile(file, 'utf8')).trim(), file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function lostKey(file: string): Error {
  return new Error(
    `${file} 파일이 없습니다. 이 데이터 폴더에는 그 키로 암호화한 연락처가 있어, 새 키를 만들면 모두 읽을 수 없게 되므로 시작하지 않습니다. ` +
      `백업에서 ${basename(file)}를 되살려 ${file}에 두거나, 예전 키를 CARDBOX_KEY로 설정한 뒤 다시 시작하세요. ` +
      `(${file} is missing, but this data folder holds contact details encrypted with that key: a new key would leave them ` +
      `all unreadable, so Cardbox does not start. Restore ${basename(file)} from a backup into ${file}, or set CARDBOX_KEY ` +
      `to the key used before, and start again.)`,
  );
}

function wrongKey(source: string, dir: string, file: string, fromEnv: string | undefined): Error {
  const fix = fromEnv
    ? `CARDBOX_KEY를 이 폴더의 연락처를 암호화한 키로 고치거나, CARDBOX_KEY를 지우고 ${file}를 쓰세요.`
    : `백업에서 원래의 ${basename(file)}를 되살리거나, 원래 키를 CARDBOX_KEY로 설정하세요.`;
  const fixEnglish = fromEnv
    ? `set CARDBOX_KEY to the key that encrypted this folder's contacts, or unset it to use ${file}`
    : `restore the original ${basename(file)} from a backup, or set CARDBOX_KEY to the original key`;
  return new Error(
    `${source}의 키가 데이터 폴더 ${dir}의 연락처를 암호화한 키와 맞지 않습니다(${FINGERPRINT_FILE}). 이 키로는 저장된 연락처를 열 수 없으므로 시작하지 않습니다. ${fix} ` +
      `(the key of ${source} does not match the key that encrypted the contact details in ${dir} (${FINGERPRINT_FILE}); ` +
      `with it no stored contact could be read, so Cardbox does not start: ${fixEnglish}.)`,
  );
}

export function parseKey(text: string, source: string): Buffer {
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32) throw new Error(`${source}: the key must be 32 bytes (64 hex characters or base64)`);
  return key;
}
