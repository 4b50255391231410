import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { assignCase } from '../../src/cases/assign.ts';
import { receiveCase } from '../../src/cases/intake.ts';
import { runSweep } from '../../src/cases/sweep.ts';
import { type TestCardbox, tempCardbox } from '../helpers/cardbox.ts';

/**
 * Issue 17: every case change rewrote the whole cases.json (3.3 s a change at 50k cases), and an idle sweep
 * rewrote it three times a minute. A change is now one journal line with the records it changed.
 */
let t: TestCardbox;
afterEach(async () => t?.cleanup());

async function seed(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const { record } = await receiveCase(t.cardbox, {
      serial: null,
      type: i % 2 ? 'green' : 'yellow',
      channel: 'online',
      areas: ['facility'],
      satisfaction: 3,
      message: `의견 ${i}: 열람실이 조금 춥습니다`,
      replyWanted: false,
      consent: false,
    });
    ids.push(record.id);
  }
  return ids;
}

describe('case changes on disk', () => {
  it('a change appends one line naming its case; the cases file is not rewritten; a restart replays it', async () => {
    t = await tempCardbox();
    const ids = await seed(200);
    await t.cardbox.store.cases.compact();
    const file = join(t.dir, 'cases.json');
    const before = await readFile(file, 'utf8');
    await assignCase(t.cardbox, ids[17]!, 'tester', {
      department: 'admin',
      name: '한담당',
      phone: '258-2518',
    });
    expect(await readFile(file, 'utf8')).toBe(before);
    const lines = (await readFile(`${file}.journal`, 'utf8')).split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]!) as { put: { id: string; officer?: { name: string } }[] };
    expect(entry.put.map((r) => r.id)).toEqual([ids[17]]);
    expect(lines[0]!.length).toBeLessThan(before.length / 50);
    t = await t.restart();
    const reopened = t.cardbox.store.cases.data.cases;
    expect(reopened).toHaveLength(200);
    expect(reopened.find((c) => c.id === ids[17])!.officer?.name).toBe('한담당');
  });

  it('a sweep with nothing due writes nothing', async () => {
    t = await tempCardbox();
    await seed(20);
    await t.cardbox.store.cases.compact();
    await runSweep(t.cardbox);
    const files = ['cases.json', 'outbox.json', 'digitize.json'].map((f) => join(t.dir, f));
    const stamps = await Promise.all(files.map(async (f) => (await stat(f)).mtimeMs));
    const journal = await stat(join(t.dir, 'cases.json.journal')).then(
      (s) => s.size,
      () => 0,
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    for (let i = 0; i < 3; i++) await runSweep(t.cardbox);
    expect(await Promise.all(files.map(async (f) => (await stat(f)).mtimeMs))).toEqual(stamps);
    expect(
      await stat(join(t.dir, 'cases.json.journal')).then(
        (s) => s.size,
        () => 0,
      ),
    ).toBe(journal);
  });
});
