import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DurableJsonFile } from '../../src/store/durable-json-file.ts';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('a table file too large to be one string', () => {
  it('is written a record a line and read back line by line, the same value as JSON.parse gives', async () => {
    dir = await mkdtemp(join(tmpdir(), 'cardbox-large-'));
    const file = join(dir, 'digitize.json');
    const value = {
      version: 3,
      photos: Array.from({ length: 500 }, (_, i) => ({ id: `p${i}`, text: `줄\n바꿈 "따옴표" ,],[ ${i}` })),
      batches: [],
      note: { nested: [1, 2, 3] },
      unidentified: [{ id: 'u1' }],
    };
    // Read line by line above 1 byte: the path a 500k-case file takes.
    const small = new DurableJsonFile<typeof value>(file, undefined, { readWholeBytes: 1 });
    await small.write(value);
    const text = await readFile(file, 'utf8');
    expect(JSON.parse(text)).toEqual(value);
    expect(text.split('\n').length).toBeGreaterThan(500);
    expect(await small.read()).toEqual(value);
    expect(await new DurableJsonFile<typeof value>(file).read()).toEqual(value);
  });

  it('refuses a large file laid out otherwise, naming it', async () => {
    dir = await mkdtemp(join(tmpdir(), 'cardbox-large-'));
    const file = join(dir, 'cases.json');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(file, '{"cases":\n  [ {"id": 1} ]}');
    await expect(new DurableJsonFile(file, undefined, { readWholeBytes: 1 }).read()).rejects.toThrow(
      /cases\.json/,
    );
  });
});
