import type { OutboxMessage } from '../../store/records.ts';
import type { OutboxQuery, OutboxRepository } from '../outbox.ts';
import type { PgScope } from './db.ts';
import { PgTable, type Where, where } from './table.ts';

/** The outbox in PostgreSQL: due messages found by their state and next attempt. */
export class PgOutboxRepository implements OutboxRepository {
  readonly #rows: PgTable<OutboxMessage>;

  constructor(scope: PgScope) {
    this.#rows = new PgTable(scope, {
      table: 'outbox',
      key: (m) => m.id,
      columns: (m) => ({
        status: m.status,
        next_attempt_at: m.nextAttemptAt,
        case_id: m.caseId ?? null,
        to_visitor: 'visitor' in m.to,
      }),
    });
  }

  async add(message: OutboxMessage): Promise<void> {
    await this.#rows.insert(message);
  }

  get(id: string): Promise<OutboxMessage | undefined> {
    return this.#rows.get(id);
  }

  list(query: OutboxQuery = {}): Promise<OutboxMessage[]> {
    return this.#rows.list(matching(query));
  }

  update<R>(id: string, change: (message: OutboxMessage) => R): Promise<{ result: R } | undefined> {
    return this.#rows.update(id, change);
  }

  updateEach(query: OutboxQuery, change: (message: OutboxMessage) => void): Promise<OutboxMessage[]> {
    return this.#rows.updateWhere(matching(query), (m) => {
      change(m);
    });
  }
}

function matching(query: OutboxQuery): Where {
  return where(
    query.status !== undefined && ['status = ?', query.status],
    query.dueBy !== undefined && ['next_attempt_at <= ?::timestamptz', query.dueBy],
    query.caseIds !== undefined && ['case_id = ANY(?::text[])', [...query.caseIds]],
    query.toVisitor !== undefined && ['to_visitor = ?', query.toVisitor],
  );
}
