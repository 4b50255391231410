import type { AuditEntry } from '../../store/records.ts';
import type { AuditQuery, AuditRepository } from '../audit.ts';
import { db, type PgScope } from './db.ts';
import { where } from './table.ts';

/** The audit log in PostgreSQL: rows appended, read newest first by their sequence. */
export class PgAuditRepository implements AuditRepository {
  readonly #scope: PgScope;

  constructor(scope: PgScope) {
    this.#scope = scope;
  }

  async append(entry: AuditEntry): Promise<void> {
    await db(this.#scope).query(
      'INSERT INTO audit (institution_id, at, by, action, case_id, record) VALUES ($1, $2, $3, $4, $5, $6)',
      [
        this.#scope.institution,
        entry.at,
        entry.by,
        entry.action,
        entry.caseId ?? null,
        JSON.stringify(entry),
      ],
    );
  }

  async list(query: AuditQuery = {}): Promise<AuditEntry[]> {
    const condition = where(
      query.caseId !== undefined && ['case_id = ?', query.caseId],
      query.by !== undefined && ['by = ?', query.by],
      query.action !== undefined && ['action = ?', query.action],
      query.from !== undefined && ['at >= ?::timestamptz', query.from],
      query.before !== undefined && ['at < ?::timestamptz', query.before],
    );
    const limit = condition.params.length + 2;
    const { rows } = await db(this.#scope).query<{ record: AuditEntry }>(
      `SELECT record FROM audit WHERE institution_id = $1 AND (${condition.sql}) ORDER BY seq DESC LIMIT $${limit}`,
      [this.#scope.institution, ...condition.params, query.limit ?? 500],
    );
    return rows.map((row) => row.record);
  }

  async people(): Promise<string[]> {
    const { rows } = await db(this.#scope).query<{ by: string }>(
      'SELECT DISTINCT by FROM audit WHERE institution_id = $1',
      [this.#scope.institution],
    );
    return rows.map((row) => row.by).sort();
  }
}
