import type {
  AuditEntry,
  AuditFile,
  CaseRecord,
  CasesFile,
  PrintBatch,
  RegistryFile,
  SerialRecord,
} from './records.ts';
import { checkEntry } from './schemas.ts';

/** How a table replays the entries of its journal onto the data read from its file. */
export interface Journal<T, J> {
  /** Must be idempotent: entries may be replayed onto data that already holds them. */
  replay: (data: T, entries: J[]) => void;
  /** Checks one entry's shape as read back (`schemas.ts`); throws what is wrong. */
  entry?: (value: unknown) => J;
}

/**
 * What the append-only journals of the busiest tables record, and how their entries are replayed on open.
 * Replays are idempotent: after a crash between a full write and the emptying of the journal, the entries
 * are already in the file and are skipped.
 */

/**
 * A new case (intake from any channel), or cases as they are after a change (`put`: each replaces the
 * stored record of its id). A change costs the size of the records it changed, not the whole file's.
 */
export type CaseEntry = { add: CaseRecord } | { put: CaseRecord[] };

export const caseJournal: Journal<CasesFile, CaseEntry> = {
  entry: checkEntry.cases,
  replay(data, entries) {
    const at = new Map(data.cases.map((c, i) => [c.id, i]));
    const put = (record: CaseRecord) => {
      const i = at.get(record.id);
      if (i === undefined) {
        at.set(record.id, data.cases.length);
        data.cases.push(record);
      } else {
        data.cases[i] = record;
      }
    };
    for (const entry of entries) {
      if ('add' in entry) {
        if (!at.has(entry.add.id)) put(entry.add);
      } else {
        for (const record of entry.put) put(record);
      }
    }
  },
};

/** A batch of newly issued serials. */
export type RegistryEntry = { batch: PrintBatch; serials: SerialRecord[] };

export const registryJournal: Journal<RegistryFile, RegistryEntry> = {
  entry: checkEntry.registry,
  replay(data, entries) {
    const known = new Set(data.batches.map((b) => b.id));
    for (const entry of entries) {
      if (known.has(entry.batch.id)) continue;
      data.batches.push(entry.batch);
      data.serials.push(...entry.serials);
    }
  },
};

export const auditJournal: Journal<AuditFile, AuditEntry> = {
  entry: checkEntry.audit,
  replay(data, entries) {
    const known = new Set(data.entries.map((e) => JSON.stringify(e)));
    for (const entry of entries) if (!known.has(JSON.stringify(entry))) data.entries.push(entry);
  },
};

/**
 * The entries of a journal's text, one JSON value a line, each checked with `check`. A last line without its
 * newline was cut off by a crash before it was acknowledged: it is dropped. Any other bad line is refused,
 * naming the file and the line: replaying around it would silently lose what it held.
 */
export function journalEntries<J>(file: string, text: string, check?: (value: unknown) => J): J[] {
  const lines = text.split('\n').slice(0, -1);
  const entries: J[] = [];
  lines.forEach((line, index) => {
    if (!line) return;
    const where = `${file} ${index + 1}번째 줄 (${file} line ${index + 1})`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new Error(
        `${where}: 올바른 JSON이 아닙니다. 백업에서 되살려 주세요. (not valid JSON: ${(error as Error).message}; restore the file from a backup)`,
      );
    }
    try {
      entries.push(check ? check(value) : (value as J));
    } catch (error) {
      throw new Error(
        `${where}: 형식이 올바르지 않습니다. 백업에서 되살려 주세요. (not the expected shape: ${(error as Error).message}; restore the file from a backup)`,
      );
    }
  });
  return entries;
}
