import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonCaseRepository } from '../../src/repositories/json/cases.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { caseRepositoryContract } from './case-contract.ts';

caseRepositoryContract('embedded JSON store', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cardbox-repo-'));
  let store: Store = await openStore(dir);
  return {
    repo: new JsonCaseRepository(store.cases),
    reopen: async () => {
      await store.close();
      store = await openStore(dir);
      return new JsonCaseRepository(store.cases);
    },
    cleanup: async () => {
      await store.close().catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
});
