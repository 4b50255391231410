import type { Cardbox } from '../context.ts';
import type { AuditEntry } from '../store/records.ts';

export type AuditAction =
  | 'contact.viewed'
  | 'contact.removed'
  | 'case.changed'
  | 'case.created'
  | 'notice.published'
  | 'notice.sent'
  | 'delivery.failed'
  | 'user.created'
  | 'user.changed'
  | 'unidentified.dismissed';

/** Appends to the audit log; resolves once it is on disk. Never pass contact details in `detail`. */
export async function audit(
  cardbox: Cardbox,
  entry: { by: string; action: AuditAction; caseId?: string; detail?: string },
): Promise<void> {
  const record: AuditEntry = { at: cardbox.now().toISOString(), ...entry };
  await cardbox.store.audit.append((data) => {
    data.entries.push(record);
    return record;
  });
}

/** Newest first, optionally for one case. */
export function auditEntries(
  cardbox: Cardbox,
  filter: { caseId?: string; limit?: number } = {},
): AuditEntry[] {
  const all = cardbox.store.audit.data.entries;
  const chosen = filter.caseId ? all.filter((e) => e.caseId === filter.caseId) : all;
  return chosen.slice(-(filter.limit ?? 500)).reverse();
}
