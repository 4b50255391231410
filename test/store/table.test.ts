import { mkdir, mkdtemp, readFile, rm, rmdir } from 'node:fs/promises';
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

  it('undoes a change it could not write, and every change made on top of it, and says so to each caller', async () => {
    const file = join(dir, 'items.json');
    const table = await Table.open<{ items: number[] }>(file, () => ({ items: [] }));
    await table.update((d) => d.items.push(1));
    // The temp file the next write goes through is taken by a folder: the write fails (even for root).
    const temp = join(dir, '.items.json.tmp');
    await mkdir(temp);
    const failed = table.update((d) => d.items.push(2));
    const onTop = table.update((d) => d.items.push(3));
    await expect(failed).rejects.toThrow(/EISDIR|illegal operation on a directory/);
    await expect(onTop).rejects.toThrow();
    expect(table.data.items).toEqual([1]);
    await rmdir(temp);
    await table.update((d) => d.items.push(4));
    expect(JSON.parse(await readFile(file, 'utf8')).items).toEqual([1, 4]);
  });

  it('undoes a failed first write of a table that has no file yet', async () => {
    const file = join(dir, 'fresh.json');
    const table = await Table.open<{ items: number[] }>(file, () => ({ items: [] }));
    await mkdir(join(dir, '.fresh.json.tmp'));
    await expect(table.update((d) => d.items.push(1))).rejects.toThrow();
    expect(table.data.items).toEqual([]);
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

describe('Table journal', () => {
  type Data = { items: { id: number }[] };
  const journal = {
    replay(data: Data, entries: { id: number }[]) {
      const known = new Set(data.items.map((i) => i.id));
      for (const entry of entries) if (!known.has(entry.id)) data.items.push(entry);
    },
  };

  it('appends without rewriting the file, replays on open and folds the journal into the next full write', async () => {
    const file = join(dir, 'items.json');
    const table = await Table.open<Data, { id: number }>(file, () => ({ items: [] }), journal);
    await table.update((d) => d.items.push({ id: 0 }));
    const before = await readFile(file, 'utf8');
    await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        table.append((d) => {
          d.items.push({ id: i + 1 });
          return { id: i + 1 };
        }),
      ),
    );
    expect(await readFile(file, 'utf8')).toBe(before);
    expect((await readFile(`${file}.journal`, 'utf8')).trim().split('\n')).toHaveLength(200);
    const reopened = await Table.open<Data, { id: number }>(file, () => ({ items: [] }), journal);
    expect(reopened.data.items.map((i) => i.id)).toEqual(Array.from({ length: 201 }, (_, i) => i));
    expect(await readFile(`${file}.journal`, 'utf8')).toBe('');
    expect(JSON.parse(await readFile(file, 'utf8')).items).toHaveLength(201);
  });

  it('skips a last line cut off by a crash and entries already in the file', async () => {
    const file = join(dir, 'items.json');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(file, JSON.stringify({ items: [{ id: 1 }] }));
    await writeFile(`${file}.journal`, '{"id":1}\n{"id":2}\n{"id":3');
    const table = await Table.open<Data, { id: number }>(file, () => ({ items: [] }), journal);
    expect(table.data.items.map((i) => i.id)).toEqual([1, 2]);
  });

  it('records nothing when the change returns null', async () => {
    const file = join(dir, 'items.json');
    const table = await Table.open<Data, { id: number }>(file, () => ({ items: [] }), journal);
    expect(await table.append(() => null)).toBeNull();
    await expect(readFile(`${file}.journal`, 'utf8')).rejects.toThrow();
  });
});
