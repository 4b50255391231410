import type {
  AuditEntry,
  AuditFile,
  CaseRecord,
  CasesFile,
  PrintBatch,
  RegistryFile,
  SerialRecord,
} from './records.ts';
import type { Journal } from './table.ts';

/**
 * What the append-only journals of the busiest tables record, and how their entries are replayed on open.
 * Replays are idempotent: after a crash between a full write and the emptying of the journal, the entries
 * are already in the file and are skipped.
 */

/** A new case (intake from any channel). */
export type CaseEntry = { add: CaseRecord };

export const caseJournal: Journal<CasesFile, CaseEntry> = {
  replay(data, entries) {
    const known = new Set(data.cases.map((c) => c.id));
    for (const { add } of entries) if (!known.has(add.id)) data.cases.push(add);
  },
};

/** A batch of newly issued serials. */
export type RegistryEntry = { batch: PrintBatch; serials: SerialRecord[] };

export const registryJournal: Journal<RegistryFile, RegistryEntry> = {
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
  replay(data, entries) {
    const known = new Set(data.entries.map((e) => JSON.stringify(e)));
    for (const entry of entries) if (!known.has(JSON.stringify(entry))) data.entries.push(entry);
  },
};
