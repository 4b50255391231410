import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.ts';
import { Table } from '../../src/store/table.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cardbox-table-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('Table', () => {
  it('loses none of 500 concurrent updates and has them all on disk when they resolve', async () => {
    const file = join(dir, 'items.json');
    const table = await Table.open<{ items: number[] }>(file, () => ({ items: [] }));
    await Promise.all(Array.from({ length: 500 }, (_, i) => table.update((d) => d.items.push(i))));
    const onDisk = JSON.parse(await readFile(file, 'utf8')) as { items: number[] };
    expect(onDisk.items.sort((a, b) => a - b)).toEqual(Array.from({ length: 500 }, (_, i) => i));
    const reopened = await Table.open<{ items: number[] }>(file, () => ({ items: [] }));
    expect(reopened.data.items).toHaveLength(500);
  });

  it('refuses a corrupt file with a message naming it', async () => {
    const file = join(dir, 'bad.json');
    await (await import('node:fs/promises')).writeFile(file, '{"items": [1, 2');
    await expect(Table.open(file, () => ({ items: [] }))).rejects.toThrow(/bad\.json is not valid JSON/);
  });
});

describe('Store', () => {
  it('locks its data folder against a second process and seals contact details', async () => {
    const store = await openStore(dir);
    const sealed = store.sealer.seal({ phone: '01012345678' });
    expect(JSON.stringify(sealed)).not.toContain('01012345678');
    expect(store.sealer.open(sealed)).toEqual({ phone: '01012345678' });
    await store.close();
    const again = await openStore(dir);
    expect(again.sealer.open(sealed)).toEqual({ phone: '01012345678' });
    await again.close();
  });

  it('keeps the key file readable by its owner only', async () => {
    const store = await openStore(dir);
    const { stat } = await import('node:fs/promises');
    expect((await stat(join(dir, 'secret.key'))).mode & 0o077).toBe(0);
    await store.close();
  });
});
