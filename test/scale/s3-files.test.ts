import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueSerials } from '../../src/cards/registry.ts';
import type { FileStorage } from '../../src/repositories/files.ts';
import { parseS3Url, S3FileStorage } from '../../src/repositories/s3/files.ts';
import { FileStore } from '../../src/store/files.ts';
import { tempCardbox } from '../helpers/cardbox.ts';
import { uploadAndRead } from '../helpers/digitize.ts';
import { asStaff, loginAs } from '../helpers/staff.ts';
import { Random } from '../synth/random.ts';
import { makeScene } from '../synth/scene.ts';

/**
 * Issue 18: photos and crops behind the storage interface, the data folder or an S3-compatible object store
 * (`CARDBOX_FILES`), which every machine of a region reaches. Tested against s3rver, an S3-protocol server on
 * loopback (the AWS SDK speaks to it as to any S3-compatible store).
 */
let server: S3rver;
let url: string;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cardbox-s3-'));
  server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: join(dir, 'objects'),
    configureBuckets: [{ name: 'cardbox', configs: [] }],
  });
  const { port } = (await server.run()) as { port: number };
  url = `s3://S3RVER:S3RVER@127.0.0.1:${port}/cardbox/region-1?tls=off`;
});

afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

const storages: [string, () => Promise<FileStorage>][] = [
  ['the data folder', async () => new FileStore(await mkdtemp(join(dir, 'folder-')))],
  ['an S3-compatible store', async () => new S3FileStorage(parseS3Url(url))],
];

describe.each(storages)('file storage: %s', (_name, open) => {
  it('stores by content once, reads back, adopts a staged upload, removes, and says what is missing', async () => {
    const files = await open();
    const bytes = new TextEncoder().encode(`사진 ${Math.random()}`);
    const first = await files.putByHash('photos', bytes, '.jpg');
    expect(first.path).toMatch(/^photos\/[0-9a-f]{2}\/[0-9a-f]{64}\.jpg$/);
    expect(await files.putByHash('photos', bytes, '.jpg')).toEqual(first);
    expect(Buffer.from(await files.read(first.path)).equals(Buffer.from(bytes))).toBe(true);
    await files.put('letters/a.pdf', 'PDF');
    expect((await files.read('letters/a.pdf')).toString()).toBe('PDF');
    const staged = join(dir, `staged-${Math.random()}`);
    await writeFile(staged, 'big upload');
    await files.adopt('photos/zz/upload.jpg', staged);
    expect((await files.read('photos/zz/upload.jpg')).toString()).toBe('big upload');
    await expect(readFile(staged)).rejects.toThrow();
    await files.remove(first.path);
    await files.remove(first.path);
    expect(await files.exists(first.path)).toBe(false);
    await expect(files.read(first.path)).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(files.read('../secret.key')).rejects.toThrow();
  });
});

describe('a Cardbox with its files in an S3-compatible store', () => {
  it('reads a box photo into cases whose card images are served from the store, none in the data folder', async () => {
    const t = await tempCardbox({ env: { CARDBOX_FILES: url } });
    try {
      const { cookie } = await loginAs(t, 'admin');
      const { serials } = await issueSerials(
        t.cardbox.registry,
        { type: 'green', count: 1, origin: 'print', createdBy: 'test', format: 'pdf' },
        new Date(),
      );
      const scene = await makeScene(t.cardbox.layout, t.cardbox.profile, new Random(7), {
        width: 2000,
        height: 1500,
        cards: 1,
        tilt: 0.05,
        serials: [{ serial: serials[0]!, type: 'green' }],
      });
      await uploadAndRead(t, cookie, scene.jpeg);
      const record = (await t.cardbox.cases.getBySerial(serials[0]!))!;
      expect(record.reading?.image).toMatch(/^cards\//);
      const image = await asStaff(t, cookie, `/staff/cases/${record.id}/image`);
      expect(image.status).toBe(200);
      expect((await image.arrayBuffer()).byteLength).toBeGreaterThan(1000);
      const local = new FileStore(t.dir);
      expect(await local.exists(record.reading!.image!)).toBe(false);
      expect(await new S3FileStorage(parseS3Url(url)).exists(record.reading!.image!)).toBe(true);
    } finally {
      await t.cleanup();
    }
  });

  it('refuses a CARDBOX_FILES that is not an s3:// address, naming it', async () => {
    await expect(tempCardbox({ env: { CARDBOX_FILES: 'https://bucket.example' } })).rejects.toThrow(
      'CARDBOX_FILES',
    );
  });
});
