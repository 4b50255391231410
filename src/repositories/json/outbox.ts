import type { OutboxFile, OutboxMessage } from '../../store/records.ts';
import type { Table } from '../../store/table.ts';
import type { OutboxQuery, OutboxRepository } from '../outbox.ts';
import { JsonCollection } from './collection.ts';

/** The outbox in the embedded store (`outbox.json`). */
export class JsonOutboxRepository implements OutboxRepository {
  readonly #messages: JsonCollection<OutboxFile, OutboxMessage>;

  constructor(table: Table<OutboxFile>) {
    this.#messages = new JsonCollection(
      table,
      (data) => data.messages,
      (message) => message.id,
    );
  }

  async add(message: OutboxMessage): Promise<void> {
    await this.#messages.insert(message);
  }

  async get(id: string): Promise<OutboxMessage | undefined> {
    return this.#messages.get(id);
  }

  async list(query: OutboxQuery = {}): Promise<OutboxMessage[]> {
    return this.#messages.all().filter(matching(query));
  }

  update<R>(id: string, change: (message: OutboxMessage) => R): Promise<{ result: R } | undefined> {
    return this.#messages.update(id, change);
  }

  updateEach(query: OutboxQuery, change: (message: OutboxMessage) => void): Promise<OutboxMessage[]> {
    return this.#messages.updateWhere(matching(query), change);
  }
}

function matching(query: OutboxQuery): (message: OutboxMessage) => boolean {
  const cases = query.caseIds ? new Set(query.caseIds) : undefined;
  return (m) =>
    (!query.status || m.status === query.status) &&
    (!query.dueBy || m.nextAttemptAt <= query.dueBy) &&
    (!cases || (m.caseId !== undefined && cases.has(m.caseId))) &&
    (query.toVisitor === undefined || 'visitor' in m.to === query.toVisitor);
}
