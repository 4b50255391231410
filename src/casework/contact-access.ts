import { isContactField } from '../cases/drafts.ts';
import type { CardReading, CaseRecord, StaffUser } from '../store/records.ts';

/**
 * Who may see a visitor's contact details — the one rule for every route and image that carries them
 * (docs/security.md, "Access and sessions"):
 *
 * - the case's **assigned officer**, when someone else assigned the case to them (an assignment one makes to
 *   oneself grants nothing: it takes a second person, and both are in the case history and the audit log);
 * - an **admin who gives a reason**, recorded in the audit log, for that case for `REASON_MINUTES`;
 * - nobody else: not other staff, not viewers, not an officer who assigned the case to themselves.
 *
 * Contact data is the decrypted contact, the unconfirmed OCR drafts of phone and e-mail, their field crops, and
 * the phone and e-mail areas of the whole card image (everyone else gets the card with them painted over:
 * `redactedCard`).
 */
export const REASON_MINUTES = 15;

export type ContactRight = 'officer' | 'admin-reason';

/** Whether the case's officer record names `user`, assigned by somebody else. */
export function isAssignedByAnother(user: StaffUser, record: CaseRecord): boolean {
  const officer = record.officer;
  return Boolean(
    officer?.userId === user.id && officer.assignedBy !== undefined && officer.assignedBy !== user.username,
  );
}

/** An admin's reason, cleaned for the audit log: one line, no control characters, at most 200 characters. */
export function cleanReason(text: string): string {
  return (
    text
      .normalize('NFC')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed here
      .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 200)
  );
}

/** The admins' reasons given per case, in memory (a restart asks for the reason again). */
export class ContactAccess {
  readonly #reasons = new Map<string, { reason: string; until: number }>();

  /** Why `user` may see the contact data of `record` now, or null. */
  right(user: StaffUser, record: CaseRecord, now: number): ContactRight | null {
    if (user.disabled || (user.role !== 'admin' && user.role !== 'staff')) return null;
    if (isAssignedByAnother(user, record)) return 'officer';
    if (user.role === 'admin' && this.reason(user, record, now) !== null) return 'admin-reason';
    return null;
  }

  /** The reason `user` (an admin) gave for `record`, while it holds. */
  reason(user: StaffUser, record: CaseRecord, now: number): string | null {
    const key = `${user.id}:${record.id}`;
    const given = this.#reasons.get(key);
    if (!given) return null;
    if (given.until <= now) {
      this.#reasons.delete(key);
      return null;
    }
    return given.reason;
  }

  /** Records an admin's reason (already audited by the caller). */
  grant(user: StaffUser, record: CaseRecord, reason: string, now: number): void {
    if (this.#reasons.size > 10_000) {
      for (const [key, given] of this.#reasons) if (given.until <= now) this.#reasons.delete(key);
    }
    this.#reasons.set(`${user.id}:${record.id}`, { reason, until: now + REASON_MINUTES * 60_000 });
  }
}

/**
 * A reading as shown to someone without the right: the phone and e-mail rows without their crop and without
 * any draft (the sealed one stays in the stored case; a confirm then seals it unread). The card image stays:
 * its route serves it with those areas painted over.
 */
export function withoutContact(reading: CardReading): CardReading {
  const fields = Object.fromEntries(
    Object.entries(reading.fields).map(([name, field]) => {
      if (!isContactField(name)) return [name, field];
      const { crop: _crop, sealed: _sealed, ...kept } = field;
      return [name, { ...kept, text: '' }];
    }),
  );
  return { ...reading, fields };
}
