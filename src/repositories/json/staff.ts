import type { AuthFile, StaffSession, StaffUser } from '../../store/records.ts';
import type { Table } from '../../store/table.ts';
import type { SessionRepository, UserRepository } from '../staff.ts';
import { JsonCollection } from './collection.ts';

/** Staff accounts in the embedded store (`auth.json`). */
export class JsonUserRepository implements UserRepository {
  readonly #users: JsonCollection<AuthFile, StaffUser>;

  constructor(table: Table<AuthFile>) {
    this.#users = new JsonCollection(
      table,
      (data) => data.users,
      (user) => user.id,
    );
  }

  async list(): Promise<StaffUser[]> {
    return [...this.#users.all()];
  }

  async get(id: string): Promise<StaffUser | undefined> {
    return this.#users.get(id);
  }

  async getByUsername(username: string): Promise<StaffUser | undefined> {
    return this.#users.all().find((u) => u.username === username);
  }

  insert(user: StaffUser): Promise<boolean> {
    return this.#users.insert(user, (stored) => stored.some((u) => u.username === user.username));
  }

  update<R>(id: string, change: (user: StaffUser) => R): Promise<{ result: R } | undefined> {
    return this.#users.update(id, change);
  }
}

/** Staff sessions in the embedded store (`auth.json`, beside the accounts). */
export class JsonSessionRepository implements SessionRepository {
  readonly #table: Table<AuthFile>;
  readonly #sessions: JsonCollection<AuthFile, StaffSession>;

  constructor(table: Table<AuthFile>) {
    this.#table = table;
    this.#sessions = new JsonCollection(
      table,
      (data) => data.sessions,
      (session) => session.id,
    );
  }

  async start(session: StaffSession, dropCreatedBefore: string): Promise<void> {
    await this.#table.update((data) => {
      data.sessions = data.sessions.filter((s) => s.createdAt > dropCreatedBefore);
      data.sessions.push(session);
    });
  }

  async get(id: string): Promise<StaffSession | undefined> {
    return this.#sessions.get(id);
  }

  async touch(id: string, lastSeenAt: string): Promise<void> {
    // In memory: saved with the table's next write.
    const session = this.#sessions.get(id);
    if (session) session.lastSeenAt = lastSeenAt;
  }

  async end(id: string): Promise<void> {
    await this.#sessions.removeWhere((s) => s.id === id);
  }

  async endAllOf(userId: string): Promise<void> {
    await this.#sessions.removeWhere((s) => s.userId === userId);
  }
}
