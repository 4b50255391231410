import { createHash, randomBytes } from 'node:crypto';
import type { Cardbox } from '../context.ts';
import type { StaffSession, StaffUser } from '../store/records.ts';

/** A staff session ends after 30 minutes without a request, and after 12 hours in any case. */
export const IDLE_TIMEOUT_MS = 30 * 60_000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 3600_000;

function digest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Starts a session; the returned token goes into the cookie and is stored only as its hash. */
export async function startSession(cardbox: Cardbox, user: StaffUser): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const now = cardbox.now().toISOString();
  const session: StaffSession = { id: digest(token), userId: user.id, createdAt: now, lastSeenAt: now };
  const cutoff = new Date(cardbox.now().getTime() - ABSOLUTE_TIMEOUT_MS).toISOString();
  await cardbox.sessions.start(session, cutoff);
  return token;
}

/** The user of a live session, refreshing its idle clock; null when missing, expired or the user is disabled. */
export async function resumeSession(cardbox: Cardbox, token: string | undefined): Promise<StaffUser | null> {
  if (!token) return null;
  const id = digest(token);
  const session = await cardbox.sessions.get(id);
  if (!session) return null;
  const now = cardbox.now().getTime();
  if (
    now - Date.parse(session.lastSeenAt) > IDLE_TIMEOUT_MS ||
    now - Date.parse(session.createdAt) > ABSOLUTE_TIMEOUT_MS
  ) {
    return null;
  }
  const user = await cardbox.users.get(session.userId);
  if (!user || user.disabled) return null;
  await cardbox.sessions.touch(id, new Date(now).toISOString());
  return user;
}

export async function endSession(cardbox: Cardbox, token: string | undefined): Promise<void> {
  if (!token) return;
  const id = digest(token);
  await cardbox.sessions.end(id);
}
