import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.ts';
import type { Contact } from '../../src/store/records.ts';
import { type TestCardbox, tempCardbox } from '../helpers/cardbox.ts';
import { printedSerials, Visitor } from '../visitor/helpers.ts';

const ROOT = join(import.meta.dirname, '../..');

let t: TestCardbox;
let dir: string;
let serial: string;
beforeEach(async () => {
  t = await tempCardbox();
  dir = t.dir;
  [serial] = (await printedSerials(t, 'yellow')) as [string];
  const sent = await new Visitor(t).submit(`/c/${serial}`, {
    message: '열람실 조명이 어둡습니다',
    reply: 'yes',
    phone: '010-2345-6789',
    consent: 'yes',
  });
  expect(sent.status).toBe(303);
  await t.cardbox.store.close();
});
afterEach(async () => t.cleanup());

const contactOf = async (key?: string) => {
  const store = await openStore(dir, key ? { key } : {});
  try {
    const record = store.cases.data.cases.find((c) => c.serial === serial)!;
    return store.sealer.open<Contact>(record.contact!);
  } finally {
    await store.close();
  }
};

/** Starts the real server on the folder; resolves with its exit code and output once it exits or listens. */
async function startServer(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const port = await freePort();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/server.ts')], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dir, PORT: String(port), HOST: '127.0.0.1', CARDBOX_KEY: '', ...env },
    });
    let output = '';
    const take = (chunk: Buffer) => {
      output += chunk.toString();
      if (/Cardbox .* on http/.test(output)) child.kill('SIGTERM');
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('exit', (code) => resolve({ code, output }));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe('the contact key', () => {
  it('refuses to start when secret.key is lost and sealed contacts exist, and starts with the right CARDBOX_KEY', async () => {
    const key = (await readFile(join(dir, 'secret.key'), 'utf8')).trim();
    expect(await contactOf()).toEqual({ phone: '01023456789' });
    await rm(join(dir, 'secret.key'));

    await expect(openStore(dir)).rejects.toThrow(/secret\.key/);
    await expect(openStore(dir)).rejects.toThrow(/연락처/);
    // No new key was made in its place, and the folder is not left locked.
    expect(await readdir(dir)).not.toContain('secret.key');
    expect(await readdir(dir)).not.toContain('.lock');

    const refused = await startServer({});
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(/secret\.key/);
    expect(refused.output).toMatch(/CARDBOX_KEY/);
    expect(refused.output).not.toMatch(/ on http:/);

    expect(await contactOf(key)).toEqual({ phone: '01023456789' });
    const started = await startServer({ CARDBOX_KEY: key });
    expect(started.output).toMatch(/Cardbox .* on http/);
  }, 60_000);

  it('refuses a wrong CARDBOX_KEY, naming it', async () => {
    await expect(openStore(dir, { key: randomBytes(32).toString('hex') })).rejects.toThrow(
      /CARDBOX_KEY.*(맞지 않|does not match)/s,
    );
    expect(await contactOf()).toEqual({ phone: '01023456789' });
  });

  it('keeps a fingerprint of the key, never the key', async () => {
    const key = (await readFile(join(dir, 'secret.key'), 'utf8')).trim();
    const names = await readdir(dir);
    const fingerprint = names.find((n) => n.includes('fingerprint'));
    expect(fingerprint).toBeDefined();
    const text = await readFile(join(dir, fingerprint!), 'utf8');
    expect(text).not.toContain(key);
    expect(text).not.toContain(Buffer.from(key, 'hex').toString('base64'));
  });

  it('checks a folder from before fingerprints by opening its sealed data', async () => {
    const fingerprint = (await readdir(dir)).find((n) => n.includes('fingerprint'))!;
    await rm(join(dir, fingerprint));
    await expect(openStore(dir, { key: randomBytes(32).toString('hex') })).rejects.toThrow(/CARDBOX_KEY/);
    expect(await contactOf()).toEqual({ phone: '01023456789' });
    expect(await readdir(dir)).toContain(fingerprint);
  });

  it('makes a new key for a folder with no sealed data', async () => {
    const store = await openStore(dir);
    await store.cases.update((data) => {
      for (const c of data.cases) c.contact = null;
    });
    await store.close();
    await rm(join(dir, 'secret.key'));
    const again = await openStore(dir);
    expect(again.sealer.open(again.sealer.seal({ phone: '1' }))).toEqual({ phone: '1' });
    await again.close();
    expect(await readdir(dir)).toContain('secret.key');
  });
});
