import type { AuditEntry } from '../store/records.ts';

/** The audit log: appended to, never changed; read newest first. */
export interface AuditRepository {
  /** Resolves once the entry is durable. */
  append(entry: AuditEntry): Promise<void>;
  /** Newest first, at most `limit` (default 500), every condition given holding. */
  list(query?: AuditQuery): Promise<AuditEntry[]>;
  /** Everyone who appears in the log. */
  people(): Promise<string[]>;
}

export interface AuditQuery {
  caseId?: string;
  by?: string;
  action?: string;
  /** At or after this instant (ISO). */
  from?: string;
  /** Before this instant (ISO). */
  before?: string;
  limit?: number;
}
