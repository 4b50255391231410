import type { AuditEntry, AuditFile } from '../../store/records.ts';
import type { Table } from '../../store/table.ts';
import type { AuditQuery, AuditRepository } from '../audit.ts';

/** The audit log in the embedded store: `audit.json` with its journal (an entry costs one line). */
export class JsonAuditRepository implements AuditRepository {
  readonly #table: Table<AuditFile, AuditEntry>;

  constructor(table: Table<AuditFile, AuditEntry>) {
    this.#table = table;
  }

  async append(entry: AuditEntry): Promise<void> {
    await this.#table.append((data) => {
      data.entries.push(entry);
      return entry;
    });
  }

  async list(query: AuditQuery = {}): Promise<AuditEntry[]> {
    const chosen = this.#table.data.entries.filter(
      (e) =>
        (!query.caseId || e.caseId === query.caseId) &&
        (!query.by || e.by === query.by) &&
        (!query.action || e.action === query.action) &&
        (!query.from || e.at >= query.from) &&
        (!query.before || e.at < query.before),
    );
    return chosen.slice(-(query.limit ?? 500)).reverse();
  }

  async people(): Promise<string[]> {
    return [...new Set(this.#table.data.entries.map((e) => e.by))].sort();
  }
}
