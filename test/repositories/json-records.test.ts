import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
