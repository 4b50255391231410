import { audit } from '../audit/log.ts';
import type { Cardbox } from '../context.ts';
import { UserError } from '../errors.ts';
import type { CaseEvent, CaseRecord, ContentChange } from '../store/records.ts';

/**
 * The one way casework changes a case: `change` runs on the stored record (throw `UserError` to refuse;
 * return the content it changed, from → to, to keep them in the history), then the history line,
 * `updatedAt` and the audit entry are written, all on disk before this resolves.
 */
export async function changeCase(
  cardbox: Cardbox,
  id: string,
  by: string,
  what: string,
  change: (record: CaseRecord, now: Date) => ContentChange[] | unknown,
): Promise<CaseRecord> {
  const now = cardbox.now();
  const saved = await cardbox.cases.update(id, (found) => {
    const result = change(found, now);
    const changes = Array.isArray(result) ? (result as ContentChange[]) : undefined;
    found.updatedAt = now.toISOString();
    const event: CaseEvent = { at: now.toISOString(), by, what, ...(changes?.length ? { changes } : {}) };
    found.history = [...(found.history ?? []), event];
    return found;
  });
  if (!saved) throw new UserError('해당 의견을 찾을 수 없습니다. (No such case)', 404);
  const record = saved.result;
  await audit(cardbox, { by, action: 'case.changed', caseId: id, detail: what });
  return record;
}
