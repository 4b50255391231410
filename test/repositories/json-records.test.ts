import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonRepositories } from '../../src/repositories/json/index.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { repositoriesContract } from './records-contract.ts';

repositoriesContract('embedded JSON store', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cardbox-repos-'));
  let store: Store = await openStore(dir);
  return {
    repos: jsonRepositories(store),
    reopen: async () => {
      await store.close();
      store = await openStore(dir);
      return jsonRepositories(store);
    },
    cleanup: async () => {
      await store.close().catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
});

describe('periodic work on the embedded store', () => {
  it('runs once an interval when it says every, and whenever asked otherwise', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cardbox-repos-'));
    const store = await openStore(dir);
    try {
      const { runAlone } = jsonRepositories(store);
      let runs = 0;
      const work = async () => ++runs;
      expect(await runAlone('retention', work, { every: 60_000 })).toEqual({ ran: true, result: 1 });
      expect(await runAlone('retention', work, { every: 60_000 })).toEqual({ ran: false });
      expect(await runAlone('sweep', work, { every: 60_000 })).toEqual({ ran: true, result: 2 });
      expect(await runAlone('retention', work)).toEqual({ ran: true, result: 3 });
    } finally {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
