import type { StaffSession, StaffUser } from '../store/records.ts';

/** Staff accounts. Usernames are unique. */
export interface UserRepository {
  list(): Promise<StaffUser[]>;
  get(id: string): Promise<StaffUser | undefined>;
  getByUsername(username: string): Promise<StaffUser | undefined>;
  /** Adds an account; false (and nothing added) when its username is taken. */
  insert(user: StaffUser): Promise<boolean>;
  /** Runs `change` on the stored account and stores it; `undefined` when there is no such account. */
  update<R>(id: string, change: (user: StaffUser) => R): Promise<{ result: R } | undefined>;
}

/** Staff sessions, stored by the hash of their cookie. */
export interface SessionRepository {
  /** Adds a session and drops every session created at or before `dropCreatedBefore` (ISO). */
  start(session: StaffSession, dropCreatedBefore: string): Promise<void>;
  get(id: string): Promise<StaffSession | undefined>;
  /**
   * Moves a session's idle clock. May be kept in memory until the next write: a write per request would cost
   * more than a restart that ends sessions a few minutes early.
   */
  touch(id: string, lastSeenAt: string): Promise<void>;
  end(id: string): Promise<void>;
  /** Ends every session of an account (password changed, account disabled). */
  endAllOf(userId: string): Promise<void>;
}
