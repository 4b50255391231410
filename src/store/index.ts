import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { FileStore } from './files.ts';
import {
  auditJournal,
  type CaseEntry,
  caseJournal,
  type RegistryEntry,
  registryJournal,
} from './journals.ts';
import { loadKey } from './key-file.ts';
import { lockDataFolder } from './lock.ts';
import type {
  AuditEntry,
  AuditFile,
  AuthFile,
  CasesFile,
  DigitizeFile,
  OutboxFile,
  PlansFile,
  RegistryFile,
  Sealed,
} from './records.ts';
import { Sealer } from './sealer.ts';
import { Table } from './table.ts';

export type { Table } from './table.ts';

/** Everything Cardbox keeps, under one data folder: JSON tables (lowdb) and binary files. */
export interface Store {
  dir: string;
  registry: Table<RegistryFile, RegistryEntry>;
  cases: Table<CasesFile, CaseEntry>;
  auth: Table<AuthFile>;
  outbox: Table<OutboxFile>;
  audit: Table<AuditFile, AuditEntry>;
  /** The yearly improvement plan and the charter's publication steps (reports). */
  plans: Table<PlansFile>;
  /** Box digitizing: uploaded photos (each a persisted job), batches, unidentified cards. */
  digitize: Table<DigitizeFile>;
  files: FileStore;
  sealer: Sealer;
  /** Resolves once every table's pending change is on disk. */
  flush(): Promise<void>;
  /** Flushes and releases the data folder for another process. */
  close(): Promise<void>;
}

export interface StoreOptions {
  /** Key for contact details; defaults to `CARDBOX_KEY` or `<dir>/secret.key`. */
  key?: string;
}

export async function openStore(dir: string, options: StoreOptions = {}): Promise<Store> {
  const root = resolve(dir);
  await mkdir(root, { recursive: true, mode: 0o700 });
  const unlock = await lockDataFolder(root);
  try {
    return await openLocked(root, options, unlock);
  } catch (error) {
    // Refused (a wrong key, a damaged file): the folder is left as found, not locked by a store that never opened.
    await unlock();
    throw error;
  }
}

async function openLocked(root: string, options: StoreOptions, unlock: () => Promise<void>): Promise<Store> {
  const registry = await Table.open(
    join(root, 'registry.json'),
    (): RegistryFile => ({ serials: [], batches: [] }),
    registryJournal,
  );
  const cases = await Table.open(join(root, 'cases.json'), (): CasesFile => ({ cases: [] }), caseJournal);
  const sealer = new Sealer(
    await loadKey({
      file: join(root, 'secret.key'),
      fromEnv: options.key ?? process.env.CARDBOX_KEY,
      sealed: sealedSamples(cases.data),
    }),
  );
  const auth = await Table.open<AuthFile>(join(root, 'auth.json'), () => ({ users: [], sessions: [] }));
  const outbox = await Table.open<OutboxFile>(join(root, 'outbox.json'), () => ({ messages: [] }));
  const audit = await Table.open(join(root, 'audit.json'), (): AuditFile => ({ entries: [] }), auditJournal);
  const plans = await Table.open<PlansFile>(join(root, 'plans.json'), () => ({ plans: [], milestones: [] }));
  const digitize = await Table.open<DigitizeFile>(join(root, 'digitize.json'), () => ({
    photos: [],
    batches: [],
    unidentified: [],
  }));
  const tables = [registry, cases, auth, outbox, audit, plans, digitize];
  const flush = async () => {
    await Promise.all(tables.map((table) => table.flush()));
  };
  return {
    dir: root,
    registry,
    cases,
    auth,
    outbox,
    audit,
    plans,
    digitize,
    files: new FileStore(root),
    sealer,
    flush,
    close: async () => {
      await flush();
      await Promise.all(tables.map((table) => table.compact()));
      await unlock();
    },
  };
}

/** A few of the folder's sealed values (contacts, then OCR drafts of contact fields), to check a key against. */
function sealedSamples(data: CasesFile, count = 5): Sealed[] {
  const samples: Sealed[] = [];
  for (const record of data.cases) {
    if (record.contact) samples.push(record.contact);
    for (const field of Object.values(record.reading?.fields ?? {}))
      if (field.sealed) samples.push(field.sealed);
    if (samples.length >= count) break;
  }
  return samples;
}
