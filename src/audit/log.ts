import type { Cardbox } from '../context.ts';
import type { AuditEntry } from '../store/records.ts';
import { endOfLocalDay, startOfLocalDay } from '../time/zone.ts';

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
  | 'unidentified.dismissed'
  | 'audit.exported'
  | 'region.viewed';

/** What each action is called on the audit page and in its export. */
export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  'contact.viewed': '연락처 열람',
  'contact.removed': '연락처 삭제 (보유 기간 경과)',
  'case.changed': '의견 변경',
  'case.created': '의견 등록',
  'notice.published': '결과 통지 게시',
  'notice.sent': '통지 발송',
  'delivery.failed': '통지 전달 실패',
  'user.created': '직원 계정 생성',
  'user.changed': '직원 계정 변경',
  'unidentified.dismissed': '카드 아님으로 처리',
  'audit.exported': '감사 기록 내려받기',
  'region.viewed': '지역 관리자의 의견 목록 열람',
};

export function auditActionLabel(action: string): string {
  return AUDIT_ACTION_LABELS[action as AuditAction] ?? action;
}

export interface AuditFilter {
  caseId?: string;
  by?: string;
  action?: string;
  /** Local calendar days 'YYYY-MM-DD', both inclusive. */
  from?: string;
  to?: string;
  limit?: number;
}

/** Appends to the audit log; resolves once it is on disk. Never pass contact details in `detail`. */
export async function audit(
  cardbox: Cardbox,
  entry: { by: string; action: AuditAction; caseId?: string; detail?: string },
): Promise<void> {
  await cardbox.audit.append({ at: cardbox.now().toISOString(), ...entry });
}

/** Newest first, filtered by case, person, action and local dates. */
export function auditEntries(cardbox: Cardbox, filter: AuditFilter = {}): Promise<AuditEntry[]> {
  return cardbox.audit.list({
    ...(filter.caseId ? { caseId: filter.caseId } : {}),
    ...(filter.by ? { by: filter.by } : {}),
    ...(filter.action ? { action: filter.action } : {}),
    ...(filter.from ? { from: new Date(startOfLocalDay(filter.from)).toISOString() } : {}),
    ...(filter.to ? { before: endOfLocalDay(filter.to).toISOString() } : {}),
    ...(filter.limit ? { limit: filter.limit } : {}),
  });
}

/** Everyone who appears in the audit log, for the filter. */
export function auditPeople(cardbox: Cardbox): Promise<string[]> {
  return cardbox.audit.people();
}
