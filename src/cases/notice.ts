import { audit } from '../audit/log.ts';
import type { Cardbox } from '../context.ts';
import { enqueue, visitorChannels } from '../delivery/outbox.ts';
import { UserError } from '../errors.ts';
import type { CaseRecord, ResultNotice } from '../store/records.ts';
import { localDate } from '../time/zone.ts';
import { departmentName } from './assign.ts';
import { changeCase } from './change.ts';

/** Fills `{{name}}` placeholders; unknown names are left as they are so a typo in the profile shows. */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{\s*([a-zA-Z]+)\s*\}\}/g, (whole, name: string) => values[name] ?? whole);
}

/** The profile's ready answers (`cannedAnswers`) for the case's classification, to start the notice from. */
export function cannedAnswers(cardbox: Cardbox, record: CaseRecord): string[] {
  return record.classification ? (cardbox.profile.cannedAnswers[record.classification] ?? []) : [];
}

/**
 * The notice box with a ready answer put in: in place of what is there while that is empty or one of the
 * ready answers untouched, else after what staff wrote (never over it). `public/case.js` does the same in the
 * browser.
 */
export function withCannedAnswer(current: string, answer: string, answers: readonly string[]): string {
  const now = current.trim();
  return !now || answers.some((a) => a.trim() === now) ? answer : `${current.trimEnd()}\n${answer}`;
}

/** The notice text: the staff's words inside the profile's template, with 실명제 details filled in. */
export function noticeText(cardbox: Cardbox, record: CaseRecord, result: string, answeredAt: Date): string {
  const officer = record.officer!;
  const body = record.impossible
    ? `${result}\n\n처리할 수 없는 사유: ${record.impossible.reason}\n불복·구제신청 방법: ${record.impossible.appeal}`
    : result;
  return fillTemplate(cardbox.profile.noticeTemplate, {
    institution: cardbox.profile.institution.name,
    result: body,
    receivedDate: localDate(record.receivedAt),
    answeredDate: localDate(answeredAt),
    department: departmentName(cardbox, officer.department),
    officer: officer.name,
    phone: officer.phone,
    serial: record.serial ?? '',
  });
}

/**
 * Publishes the result notice: on the case (so the QR status page shows it), answered now, and queued for
 * the visitor by e-mail and SMS when they gave those with consent. A case needs its officer first (실명제).
 */
export async function publishNotice(
  cardbox: Cardbox,
  id: string,
  by: string,
  result: string,
  approval: { role?: string; approvedBy?: string } = {},
): Promise<CaseRecord> {
  const text = result.trim();
  if (!text) throw new UserError('처리 결과를 적어 주세요. (Write what was done)');
  if (text.length > 4000) throw new UserError('처리 결과는 4,000자까지 적을 수 있습니다.');
  const existing = await cardbox.cases.get(id);
  if (!existing) throw new UserError('해당 의견을 찾을 수 없습니다. (No such case)');
  if (!existing.officer)
    throw new UserError('먼저 담당 부서와 담당자를 지정해 주세요. (Assign an officer first — 실명제)');
  if (existing.classification === 'impossible' && !existing.impossible) {
    throw new UserError('처리 불가 사유와 불복 방법이 필요합니다.');
  }
  // 결재: staff's notice waits for an admin's approval; an admin publishes (or approves) directly.
  if (cardbox.profile.approval.required && approval.role !== 'admin' && !approval.approvedBy) {
    return changeCase(cardbox, id, by, '결과 통지 작성: 결재 요청', (r, now) => {
      if (r.notice) throw new UserError('이미 결과 통지를 게시했습니다. (Already published)');
      r.noticeDraft = { result: text, by, at: now.toISOString() };
    });
  }
  // A visitor who left no contact is answered by the status page the moment the notice is on it; one who
  // did is answered when a delivery reaches them (the outbox records that), not when staff press publish.
  const channels = await visitorChannels(cardbox, id);
  const record = await changeCase(cardbox, id, by, '결과 통지 게시', (r, now) => {
    // Checked inside the change, so a double click cannot publish (and send) twice.
    if (r.notice) throw new UserError('이미 결과 통지를 게시했습니다. (Already published)');
    const notice: ResultNotice = {
      text: noticeText(cardbox, r, text, now),
      department: departmentName(cardbox, r.officer!.department),
      officer: r.officer!.name,
      phone: r.officer!.phone,
      publishedAt: now.toISOString(),
      publishedBy: by,
      ...(approval.approvedBy ? { approvedBy: approval.approvedBy } : {}),
    };
    r.notice = notice;
    delete r.noticeDraft;
    // Left no contact at all: the status page is how they are told. A postal address alone waits for the
    // letter to be recorded as posted.
    if (channels.length === 0 && !r.contact) {
      r.answeredAt = r.answeredAt ?? now.toISOString();
      r.status = 'answered';
    }
  });
  await audit(cardbox, { by, action: 'notice.published', caseId: id });
  await sendToVisitor(
    cardbox,
    record,
    'notice',
    `[${cardbox.profile.institution.name}] 의견 처리 결과 안내`,
    record.notice!.text,
    by,
  );
  return record;
}

/** A superior approves the notice waiting for 결재 (it is then published and sent), or returns it with a reason. */
export async function decideNoticeDraft(
  cardbox: Cardbox,
  id: string,
  by: string,
  input: { approve: boolean; comment: string },
): Promise<CaseRecord> {
  const draft = (await cardbox.cases.get(id))?.noticeDraft;
  if (!draft) throw new UserError('결재를 기다리는 통지가 없습니다.');
  if (input.approve) return publishNotice(cardbox, id, draft.by, draft.result, { approvedBy: by });
  const comment = input.comment.trim();
  if (!comment) throw new UserError('돌려보내는 까닭을 적어 주세요.');
  return changeCase(cardbox, id, by, `결과 통지 반려: ${comment.slice(0, 300)}`, (r) => {
    delete r.noticeDraft;
  });
}

/**
 * Corrects a published notice: the new text replaces the old on the status page, the old text and the reason
 * are kept on the notice, and the visitor is sent the corrected notice on the channels they gave.
 */
export async function correctNotice(
  cardbox: Cardbox,
  id: string,
  by: string,
  input: { result: string; reason: string },
): Promise<CaseRecord> {
  const text = input.result.trim();
  const reason = input.reason.trim();
  if (!text) throw new UserError('고친 처리 결과를 적어 주세요.');
  if (text.length > 4000) throw new UserError('처리 결과는 4,000자까지 적을 수 있습니다.');
  if (!reason) throw new UserError('무엇을 왜 고치는지 적어 주세요 (방문자에게 함께 안내됩니다).');
  const record = await changeCase(cardbox, id, by, `결과 통지 정정: ${reason.slice(0, 200)}`, (r, now) => {
    if (!r.notice) throw new UserError('먼저 결과 통지를 게시해 주세요.');
    const previousText = r.notice.text;
    r.notice.text = noticeText(cardbox, r, text, now);
    r.notice.corrections = [
      ...(r.notice.corrections ?? []),
      { at: now.toISOString(), by, reason: reason.slice(0, 500), previousText },
    ];
  });
  await sendToVisitor(
    cardbox,
    record,
    'notice',
    `[${cardbox.profile.institution.name}] 의견 처리 결과 안내 (정정)`,
    `앞서 알려 드린 처리 결과를 바로잡습니다. 고친 까닭: ${reason}\n\n${record.notice!.text}`,
    by,
  );
  return record;
}

const HAND_DELIVERIES = { post: '우편으로 보냄', visit: '방문한 방문자에게 직접 전함' } as const;

/**
 * Staff delivered the published notice another way (a letter posted, or given in person): the visitor is
 * answered now. A phone call is logged with `logCall`; e-mail and SMS are recorded by the outbox.
 */
export async function recordHandDelivery(
  cardbox: Cardbox,
  id: string,
  by: string,
  how: string,
): Promise<CaseRecord> {
  if (how !== 'post' && how !== 'visit') throw new UserError('전달한 방법을 골라 주세요.');
  return changeCase(cardbox, id, by, `결과 통지 전달: ${HAND_DELIVERIES[how]}`, (r, now) => {
    if (!r.notice) throw new UserError('먼저 결과 통지를 게시해 주세요.');
    if (r.answeredAt) throw new UserError('이미 방문자에게 전달된 통지입니다.');
    r.answeredAt = now.toISOString();
    r.status = 'answered';
  });
}

/** Queues a message to the visitor on every channel they consented to; the status page link is added. */
export async function sendToVisitor(
  cardbox: Cardbox,
  record: CaseRecord,
  kind: 'notice' | 'delay',
  subject: string,
  text: string,
  by: string,
): Promise<number> {
  const link = record.serial ? `\n\n처리 현황: ${cardbox.settings.PUBLIC_BASE_URL}/c/${record.serial}` : '';
  const channels = await visitorChannels(cardbox, record.id);
  for (const channel of channels) {
    await enqueue(cardbox, {
      caseId: record.id,
      kind,
      channel,
      to: { visitor: true },
      subject,
      text: text + link,
      createdBy: by,
    });
  }
  return channels.length;
}
