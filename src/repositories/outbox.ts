import type { OutboxMessage } from '../store/records.ts';

/** The persisted outbox: every delivery and each attempt at it. */
export interface OutboxRepository {
  add(message: OutboxMessage): Promise<void>;
  get(id: string): Promise<OutboxMessage | undefined>;
  /** Oldest first, every condition given holding. */
  list(query?: OutboxQuery): Promise<OutboxMessage[]>;
  /** Runs `change` on the stored message and stores it; `undefined` when there is no such message. */
  update<R>(id: string, change: (message: OutboxMessage) => R): Promise<{ result: R } | undefined>;
  /** Runs `change` on every stored message matching `query`, in one write; resolves with those changed. */
  updateEach(query: OutboxQuery, change: (message: OutboxMessage) => void): Promise<OutboxMessage[]>;
}

export interface OutboxQuery {
  status?: OutboxMessage['status'];
  /** Due: its next attempt at or before this instant (ISO). */
  dueBy?: string;
  caseIds?: readonly string[];
  /** Only messages to the visitor (not to staff). */
  toVisitor?: boolean;
}
