import type { CaseRecord, CaseStatus } from '../store/records.ts';

/**
 * Where a case stands, as people are told: its status, except that a notice published but not yet delivered
 * to a visitor who left contact details is 'published' — on the status page, not yet "answered".
 */
export type CaseStage = CaseStatus | 'published';

export function caseStage(record: CaseRecord): CaseStage {
  return record.notice && !record.answeredAt && record.status !== 'closed' ? 'published' : record.status;
}
