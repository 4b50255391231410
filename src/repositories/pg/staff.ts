import type { StaffSession, StaffUser } from '../../store/records.ts';
import type { SessionRepository, UserRepository } from '../staff.ts';
import type { PgScope } from './db.ts';
import { PgTable, where } from './table.ts';

/** Staff accounts in PostgreSQL, a username unique within the institution. */
export class PgUserRepository implements UserRepository {
  readonly #rows: PgTable<StaffUser>;

  constructor(scope: PgScope) {
    this.#rows = new PgTable(scope, {
      table: 'users',
      key: (u) => u.id,
      columns: (u) => ({ username: u.username }),
    });
  }

  list(): Promise<StaffUser[]> {
    return this.#rows.list();
  }

  get(id: string): Promise<StaffUser | undefined> {
    return this.#rows.get(id);
  }

  async getByUsername(username: string): Promise<StaffUser | undefined> {
    return (await this.#rows.list(where(['username = ?', username])))[0];
  }

  insert(user: StaffUser): Promise<boolean> {
    return this.#rows.insert(user);
  }

  update<R>(id: string, change: (user: StaffUser) => R): Promise<{ result: R } | undefined> {
    return this.#rows.update(id, change);
  }
}

/** Staff sessions in PostgreSQL. A touch is one small write: several app processes share the sessions. */
export class PgSessionRepository implements SessionRepository {
  readonly #rows: PgTable<StaffSession>;

  constructor(scope: PgScope) {
    this.#rows = new PgTable(scope, {
      table: 'sessions',
      key: (s) => s.id,
      columns: (s) => ({ user_id: s.userId, created_at: s.createdAt }),
    });
  }

  async start(session: StaffSession, dropCreatedBefore: string): Promise<void> {
    await this.#rows.remove(where(['created_at <= ?::timestamptz', dropCreatedBefore]));
    await this.#rows.insert(session);
  }

  get(id: string): Promise<StaffSession | undefined> {
    return this.#rows.get(id);
  }

  async touch(id: string, lastSeenAt: string): Promise<void> {
    await this.#rows.update(id, (s) => {
      s.lastSeenAt = lastSeenAt;
    });
  }

  async end(id: string): Promise<void> {
    await this.#rows.remove(where(['id = ?', id]));
  }

  async endAllOf(userId: string): Promise<void> {
    await this.#rows.remove(where(['user_id = ?', userId]));
  }
}
