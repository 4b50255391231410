import { readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.ts';
import type { CaseRecord } from '../../src/store/records.ts';
import { Table } from '../../src/store/table.ts';
import { type TestCardbox, tempCardbox } from '../helpers/cardbox.ts';
import { printedSerials, Visitor } from '../visitor/helpers.ts';

let t: TestCardbox;
let dir: string;
let stored: CaseRecord[];
beforeEach(async () => {
  t = await tempCardbox();
  dir = t.dir;
  for (const serial of await printedSerials(t, 'green', 2)) {
    const sent = await new Visitor(t).submit(`/c/${serial}`, { message: '의자가 삐걱거립니다' });
    expect(sent.status).toBe(303);
  }
  stored = t.cardbox.store.cases.data.cases;
  await t.cardbox.store.close();
});
afterEach(async () => t.cleanup());

const file = (name: string) => join(dir, name);
const casesFile = async () =>
  JSON.parse(await readFile(file('cases.json'), 'utf8')) as { cases: CaseRecord[] };

/** Opening must fail, naming the file, and leave the folder unlocked and unchanged. */
async function refused(pattern: RegExp): Promise<string> {
  const before = await snapshot();
  const error = await openStore(dir).then(
    async (store) => {
      await store.close();
      return null;
    },
    (e: Error) => e,
  );
  expect(error, 'the store opened').not.toBeNull();
  expect(error!.message).toMatch(pattern);
  expect(error!.message).not.toMatch(/is not a function|Cannot read properties/);
  expect(await snapshot()).toEqual(before);
  return error!.message;
}

async function snapshot(): Promise<Record<string, string>> {
  const names = (await readdir(dir)).filter(
    (n) => n.endsWith('.json') || n.endsWith('.journal') || n === '.lock',
  );
  const entries = await Promise.all(names.map(async (n) => [n, await readFile(file(n), 'utf8')] as const));
  return Object.fromEntries(entries.sort());
}

describe('the shape of every table, checked on open', () => {
  it('refuses a cases.json holding null instead of starting with no cases', async () => {
    await writeFile(file('cases.json'), 'null');
    const message = await refused(/cases\.json/);
    expect(message).toMatch(/null/);
    expect(message).toMatch(/백업/);
  });

  it('refuses a missing cases.json whose journal is still there', async () => {
    expect(stored).toHaveLength(2);
    await rm(file('cases.json'));
    const message = await refused(/cases\.json/);
    expect(message).toMatch(/cases\.json\.journal/);
  });

  it('refuses a table of the wrong shape, naming the file and the place', async () => {
    const data = await casesFile();
    await writeFile(file('cases.json'), JSON.stringify({ cases: { ...data.cases } }));
    expect(await refused(/cases\.json/)).toMatch(/\bcases\b.*array/i);
  });

  it('refuses a record missing an essential field, naming the record', async () => {
    const data = await casesFile();
    (data.cases[1] as unknown as Record<string, unknown>).type = 'red';
    delete (data.cases[0] as Partial<CaseRecord>).id;
    await writeFile(file('cases.json'), JSON.stringify(data));
    const message = await refused(/cases\.json/);
    expect(message).toMatch(/cases\.0\.id/);
    expect(message).toMatch(/cases\.1\.type/);
  });

  const wrong: [string, unknown][] = [
    ['registry.json', { serials: 'G4K7M2QX9T', batches: [] }],
    ['registry.json', { serials: [{ serial: 7 }], batches: [] }],
    ['auth.json', { users: [{ username: 'admin' }], sessions: [] }],
    ['auth.json', []],
    ['outbox.json', { messages: null }],
    ['audit.json', { entries: [{ at: 1 }] }],
    ['plans.json', { plans: {}, milestones: [] }],
    ['digitize.json', { photos: [{ id: 'x' }], batches: [], unidentified: [] }],
    ['digitize.json', 42],
    ['sequences.json', { counters: { 'voucher-2026': -1 } }],
    ['sequences.json', { counters: [] }],
  ];
  it.each(wrong)('refuses a wrong %s (%j)', async (name, content) => {
    await writeFile(file(name), JSON.stringify(content));
    await refused(new RegExp(name.replace('.', '\\.')));
  });

  it('names the file and the line of a bad journal line', async () => {
    const good = (await readFile(file('registry.json.journal'), 'utf8').catch(() => '')) || '';
    expect(good).toBe('');
    const batch = {
      id: 'b1',
      type: 'green',
      count: 0,
      createdAt: '2026-01-01T00:00:00Z',
      createdBy: 't',
      format: 'none',
    };
    await writeFile(file('registry.json.journal'), `${JSON.stringify({ batch, serials: [] })}\n{"batch": \n`);
    const message = await refused(/registry\.json\.journal/);
    expect(message).toMatch(/line 2|2번째 줄/);
  });

  it('names the file and the line of a journal entry of the wrong shape', async () => {
    const lines = [JSON.stringify({ add: stored[0] }), JSON.stringify({ add: { id: 5 } }), ''];
    await writeFile(file('cases.json.journal'), lines.join('\n'));
    const message = await refused(/cases\.json\.journal/);
    expect(message).toMatch(/line 2|2번째 줄/);
  });

  it('still opens good files and keeps a journal line cut off by a crash out', async () => {
    const extra = { ...stored[0]!, id: 'crash-test' };
    await writeFile(file('cases.json.journal'), `${JSON.stringify({ add: extra })}\n{"add": {"id"`);
    const store = await openStore(dir);
    expect(store.cases.data.cases.map((c) => c.id)).toEqual([...stored.map((c) => c.id), 'crash-test']);
    await store.close();
  });
});

describe('a write that fails', () => {
  it('removes its temp file (a full disk)', async () => {
    const items = file('items.json');
    const table = await Table.open<{ items: number[] }>(items, () => ({ items: [] }));
    await table.update((d) => d.items.push(1));
    // The temp file the next write goes through leads to /dev/full: every write to it fails with ENOSPC.
    await symlink('/dev/full', file('.items.json.tmp'));
    await expect(table.update((d) => d.items.push(2))).rejects.toThrow(/ENOSPC/);
    expect((await readdir(dir)).filter((n) => n.includes('.tmp'))).toEqual([]);
    expect(JSON.parse(await readFile(items, 'utf8'))).toEqual({ items: [1] });
    await table.update((d) => d.items.push(3));
    expect(JSON.parse(await readFile(items, 'utf8'))).toEqual({ items: [1, 3] });
  });
});
