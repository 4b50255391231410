import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';

/**
 * The key that seals contact details: `CARDBOX_KEY` (64 hex characters or base64 of 32 bytes) if set, else
 * `<data>/secret.key`, created on first start with owner-only permissions.
 */
export async function loadKey(file: string, fromEnv: string | undefined): Promise<Buffer> {
  if (fromEnv) return parseKey(fromEnv, 'CARDBOX_KEY');
  try {
    return parseKey((await readFile(file, 'utf8')).trim(), file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = randomBytes(32);
  await writeFile(file, key.toString('hex'), { mode: 0o600, flag: 'wx' });
  return key;
}

function parseKey(text: string, source: string): Buffer {
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32) throw new Error(`${source}: the key must be 32 bytes (64 hex characters or base64)`);
  return key;
}
