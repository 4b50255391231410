import { access, mkdir } from 'node:fs/promises';
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
  SequencesFile,
} from './records.ts';
import { checkFile } from './schemas.ts';
import { Sealer } from './sealer.ts';
import { type Journal, Table } from './table.ts';

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
  /** Named counters (voucher numbers). */
  sequences: Table<SequencesFile>;
  files: FileStore;
  sealer: Sealer;
  /** Resolves once every table's pending change is on disk. */
  flush(): Promise<void>;
  /** Flushes and releases the data folder for another process. */
  close(): Promise<void>;
}

export interface StoreOptions {
  /** Key for contact details (the `CARDBOX_KEY` setting); without it, `<dir>/secret.key`. */
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
  const missing: Table<unknown, unknown>[] = [];
  const table = async <T, J = never>(
    name: string,
    defaults: () => T,
    check: (value: unknown) => T,
    journal?: Journal<T, J>,
  ): Promise<Table<T, J>> => {
    const file = join(root, name);
    const [hasFile, hasJournal] = await Promise.all([exists(file), exists(`${file}.journal`)]);
    // A table's file is written when it is first opened, before any journal line: a journal without its file
    // means the file was lost, and starting from the journal alone would silently drop every earlier record.
    if (!hasFile && hasJournal) {
      throw new Error(
        `${file} 파일이 없는데 저널 ${file}.journal은 남아 있습니다. 파일이 지워졌거나 백업에서 빠졌으므로 시작하지 않습니다. 백업에서 ${name}를 되살려 주세요. ` +
          `(${file} is missing while its journal ${file}.journal exists: the file was lost, so Cardbox does not start with what the journal alone holds; restore ${name} from a backup)`,
      );
    }
    const opened = await Table.open<T, J>(file, defaults, journal, check);
    if (!hasFile) missing.push(opened as Table<unknown, unknown>);
    return opened;
  };
  const registry = await table(
    'registry.json',
    (): RegistryFile => ({ serials: [], batches: [] }),
    checkFile.registry,
    registryJournal,
  );
  const cases = await table('cases.json', (): CasesFile => ({ cases: [] }), checkFile.cases, caseJournal);
  const auth = await table('auth.json', (): AuthFile => ({ users: [], sessions: [] }), checkFile.auth);
  const outbox = await table('outbox.json', (): OutboxFile => ({ messages: [] }), checkFile.outbox);
  const audit = await table('audit.json', (): AuditFile => ({ entries: [] }), checkFile.audit, auditJournal);
  const plans = await table('plans.json', (): PlansFile => ({ plans: [], milestones: [] }), checkFile.plans);
  const digitize = await table(
    'digitize.json',
    (): DigitizeFile => ({ photos: [], batches: [], unidentified: [] }),
    checkFile.digitize,
  );
  const sequences = await table(
    'sequences.json',
    (): SequencesFile => ({ counters: {} }),
    checkFile.sequences,
  );
  const sealer = new Sealer(
    await loadKey({
      file: join(root, 'secret.key'),
      fromEnv: options.key,
      sealed: sealedSamples(cases.data),
    }),
  );
  // Only now that every file was read and the key accepted: a refused start changes nothing in the folder.
  for (const fresh of missing) await fresh.update(() => {});
  const tables = [registry, cases, auth, outbox, audit, plans, digitize, sequences];
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
    sequences,
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

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
