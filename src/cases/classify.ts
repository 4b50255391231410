import type { Cardbox } from '../context.ts';
import { UserError } from '../errors.ts';
import type { Profile } from '../profile/schema.ts';
import type { CaseRecord, CaseStatus, Channel, Classification } from '../store/records.ts';
import { changeCase } from './change.ts';
import { dueDate } from './clock.ts';
import { CLASSIFICATION_LABELS, UNCLASSIFIED } from './labels.ts';
import { ruleById } from './rules.ts';

export interface ClassificationInfo {
  id: Classification;
  label: string;
  /** Whether the visitor gets an answer at all; 'no-reply' closes the case without one. */
  reply: boolean;
}

export const CLASSIFICATIONS: readonly ClassificationInfo[] = (
  ['praise', 'suggestion', 'conduct', 'service', 'impossible', 'no-reply'] as const
).map((id) => ({ id, label: CLASSIFICATION_LABELS[id], reply: id !== 'no-reply' }));

export function classificationLabel(id: Classification | undefined): string {
  return id ? CLASSIFICATION_LABELS[id] : UNCLASSIFIED;
}

/**
 * The charter rule a classification is answered under. Requests by post, fax or internet keep the
 * first-contact promise; a complaint about unkindness made by phone gets the 1-day apology call.
 */
export function ruleForClassification(
  profile: Profile,
  classification: Classification,
  channel: Channel,
  current: string,
): string {
  const has = (id: string) => profile.rules.some((r) => r.id === id);
  const wanted: Record<Classification, string> = {
    praise: 'suggestion',
    suggestion: 'suggestion',
    conduct: channel === 'phone' && has('phone-unkindness') ? 'phone-unkindness' : 'dissatisfaction',
    service: 'dissatisfaction',
    impossible: 'impossible',
    'no-reply': current,
  };
  if (classification !== 'impossible' && current === 'first-contact' && has('first-contact')) return current;
  const id = wanted[classification];
  return has(id) ? id : current;
}

export interface ClassifyInput {
  classification: string;
  impossibleReason?: string;
  impossibleAppeal?: string;
}

/** Classifies a case and moves its clock to the applicable rule, counted from the moment of receipt. */
export async function classifyCase(
  cardbox: Cardbox,
  id: string,
  by: string,
  input: ClassifyInput,
): Promise<CaseRecord> {
  const info = CLASSIFICATIONS.find((c) => c.id === input.classification);
  if (!info) throw new UserError('분류를 골라 주세요. (Choose a classification)');
  const reason = input.impossibleReason?.trim() ?? '';
  const appeal = input.impossibleAppeal?.trim() ?? '';
  if (info.id === 'impossible' && (!reason || !appeal)) {
    throw new UserError(
      '처리 불가로 분류하려면 관련 법령 등 사유와 불복·구제신청 방법을 모두 적어 주세요. (Legal reason and appeal route required)',
    );
  }
  return changeCase(cardbox, id, by, `분류: ${info.label}`, (record) => {
    const rule = ruleForClassification(cardbox.profile, info.id, record.channel, record.rule);
    record.classification = info.id;
    record.rule = rule;
    if (!record.breaches?.length) {
      record.dueAt = dueDate(
        ruleById(cardbox.profile, rule),
        new Date(record.receivedAt),
      ).dueAt.toISOString();
    }
    if (info.id === 'impossible') record.impossible = { reason, appeal };
    else delete record.impossible;
    if (!info.reply && !record.notice) record.status = 'closed';
    else if (record.status === 'received' || record.status === 'closed') record.status = 'in_review';
  });
}

/** Recomputes every open case's due date from the profile's current rules (after the profile changed). */
export async function recomputeDueDates(cardbox: Cardbox): Promise<number> {
  const dueAtNow = (record: CaseRecord): string | undefined => {
    if (!isOpen(record) || record.breaches?.length) return undefined;
    const rule = cardbox.profile.rules.find((r) => r.id === record.rule);
    return rule ? dueDate(rule, new Date(record.receivedAt)).dueAt.toISOString() : undefined;
  };
  const stale = (await cardbox.cases.list({ status: OPEN_STATUSES })).filter((r) => {
    const dueAt = dueAtNow(r);
    return dueAt !== undefined && dueAt !== r.dueAt;
  });
  const changed = await cardbox.cases.updateEach(
    stale.map((r) => r.id),
    (record) => {
      const dueAt = dueAtNow(record);
      if (dueAt === undefined || dueAt === record.dueAt) return false;
      record.dueAt = dueAt;
    },
  );
  return changed.length;
}

/** The statuses of a case not yet answered. */
export const OPEN_STATUSES: readonly CaseStatus[] = ['received', 'in_review', 'assigned'];

/** A case still owes the visitor something: not answered, not closed. */
export function isOpen(record: CaseRecord): boolean {
  return record.status !== 'answered' && record.status !== 'closed' && !record.answeredAt;
}
