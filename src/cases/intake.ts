import { randomUUID } from 'node:crypto';
import type { Cardbox } from '../context.ts';
import type { CardReading, CardType, CaseRecord, Channel, Contact } from '../store/records.ts';
import { dueDate } from './clock.ts';
import { initialRuleId, ruleById } from './rules.ts';

export interface Intake {
  serial: string | null;
  type: CardType;
  channel: Channel;
  receivedAt?: Date;
  areas: string[];
  satisfaction: number | null;
  message: string;
  replyWanted: boolean;
  consent: boolean;
  /** Kept only when `consent` is true; sealed before it is stored. */
  contact?: Contact | null;
  reading?: CardReading;
  /** Who brought it in, for the history: 'visitor', 'cardbox' or a staff username (default by channel). */
  by?: string;
  /** The sending form's one-time id (see `CaseRecord.submissionId`). */
  submissionId?: string;
}

const RECEIVED_WHAT: Record<Channel, string> = {
  cardbox: '접수: 카드함 사진에서 카드를 읽음',
  online: '접수: 방문자가 온라인(QR)으로 직접 씀',
  phone: '접수: 전화 (직원 입력)',
  visit: '접수: 방문 (직원 입력)',
  post: '접수: 우편 (직원 입력)',
  fax: '접수: 팩스 (직원 입력)',
  internet: '접수: 인터넷 (직원 입력)',
};

/**
 * Every piece of feedback, from any channel, becomes a case here: one case per serial, contact details only
 * with consent and sealed, the charter rule and due date set from the moment of receipt. Resolves once the
 * case is on disk. A serial that already has a case returns that case with `created: false`.
 */
export async function receiveCase(
  cardbox: Cardbox,
  intake: Intake,
): Promise<{ record: CaseRecord; created: boolean }> {
  const { sealer, profile } = cardbox;
  // No look first: the repository's insert keeps one case per serial and per form, and answers with the
  // stored one when either is taken (a look here would be one more database round trip per submission).
  const receivedAt = intake.receivedAt ?? cardbox.now();
  const ruleId = initialRuleId(intake.type, intake.channel, profile);
  const contact =
    intake.consent &&
    intake.contact &&
    (intake.contact.phone || intake.contact.email || intake.contact.address)
      ? intake.contact
      : null;
  const record: CaseRecord = {
    id: randomUUID(),
    serial: intake.serial,
    type: intake.type,
    channel: intake.channel,
    status: 'received',
    receivedAt: receivedAt.toISOString(),
    areas: intake.areas,
    satisfaction: intake.satisfaction,
    message: intake.message,
    replyWanted: intake.replyWanted,
    consent: intake.consent,
    contact: contact ? sealer.seal(contact) : null,
    rule: ruleId,
    dueAt: dueDate(ruleById(profile, ruleId), receivedAt).dueAt.toISOString(),
    updatedAt: receivedAt.toISOString(),
    ...(intake.reading ? { reading: intake.reading } : {}),
    ...(intake.submissionId ? { submissionId: intake.submissionId } : {}),
    history: [
      {
        at: receivedAt.toISOString(),
        by:
          intake.by ??
          (intake.channel === 'online' ? 'visitor' : intake.channel === 'cardbox' ? 'cardbox' : 'staff'),
        what: RECEIVED_WHAT[intake.channel],
      },
    ],
  };
  // A new case goes to the journal: its own size on disk, not the whole cases file.
  return cardbox.cases.insert(record);
}
