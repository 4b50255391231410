import type { Cardbox } from '../context.ts';
import { UserError } from '../errors.ts';
import type { CardReading, CaseEvent, CaseRecord, Contact, ContentChange } from '../store/records.ts';
import { changeCase } from './change.ts';
import { isOpen } from './classify.ts';
import { applyContent, type CaseContent, contentChanges, differingParts, isTyped } from './content.ts';

/** What a card's reading (or the online form) says about the case itself. */
export interface ReadFields extends CaseContent {
  contact: Contact | null;
}

/** A reading of writing big enough in its photo beats one of writing too small for a good draft (whatever
 * their OCR confidences: tesseract can be sure of a poor reading); otherwise the higher score wins. */
function isBetter(reading: CardReading, old: CardReading): boolean {
  const small = (r: CardReading) => r.needsReview.includes('small-in-photo');
  if (small(reading) !== small(old)) return small(old);
  return reading.score > old.score;
}

const confirmed = (reading: CardReading) =>
  reading.needsReview.includes('confirmed') || Object.values(reading.fields).some((f) => f.confirmed);

const PAPER_DIFFERS = 'paper-online-differ';

/**
 * A card photographed (again): the photo is linked to the case and nothing anyone wrote is lost.
 * - The visitor typed this case (online, or online after the paper card): the typed words stay the case's
 *   content; the reading is kept beside them as evidence and a difference is flagged for staff.
 * - A case read from the box: a better reading replaces the old one, and the case's content with it, only
 *   while staff have confirmed nothing and not started on the case.
 * Every change leaves a history entry with what it changed. The same photo again changes nothing.
 */
export async function mergeReading(
  cardbox: Cardbox,
  caseId: string,
  reading: CardReading,
  fields: ReadFields,
): Promise<{ changed: boolean; replaced: boolean }> {
  const now = cardbox.now().toISOString();
  // Decided on the stored case inside the change: another photo of the card may be merged meanwhile.
  const outcome = await cardbox.cases.update(caseId, (record) => {
    const old = record.reading;
    const known = new Set(old?.photoIds ?? []);
    const newPhotos = reading.photoIds.filter((id) => !known.has(id));
    // The same photo read again (a job run twice, a worker stopped mid-photo): nothing changes.
    if (old && newPhotos.length === 0) return { changed: false, replaced: false };
    const typed = isTyped(record);
    const replaceReading = !old || (isBetter(reading, old) && !confirmed(old));
    const replaceContent = !typed && replaceReading && (!old || record.status === 'received');
    const photoIds = [...(old?.photoIds ?? []), ...newPhotos];
    let changes: ContentChange[] = [];
    let what: string;
    if (replaceReading) {
      record.reading = { ...reading, photoIds, digitizedAt: old?.digitizedAt ?? reading.digitizedAt ?? now };
    } else if (old) {
      old.photoIds = photoIds;
    }
    if (replaceContent) {
      changes = contentChanges(record, fields);
      applyContent(record, fields);
      const contact =
        fields.consent && fields.contact && (fields.contact.phone || fields.contact.email)
          ? fields.contact
          : null;
      const hadContact = Boolean(record.contact);
      record.contact = contact ? cardbox.sealer.seal(contact) : null;
      if (hadContact || contact)
        changes.push({ field: '연락처', from: '(봉인됨)', to: contact ? '(봉인됨)' : '' });
      what = old ? '더 나은 카드 사진으로 판독과 내용을 바꿈' : '카드 사진의 판독을 내용으로 씀';
    } else if (typed) {
      const differs = differingParts(record, fields);
      const flags = record.reading!.needsReview;
      if (differs.length && !flags.includes(PAPER_DIFFERS)) flags.push(PAPER_DIFFERS);
      what = `종이 카드 사진 연결: 방문자가 직접 쓴 내용은 그대로${
        differs.length ? ` (종이 카드와 다른 점: ${differs.join(', ')})` : ''
      }`;
    } else {
      what = replaceReading
        ? '같은 카드의 더 나은 사진으로 판독을 바꿈 (직원이 처리 중이라 내용은 그대로)'
        : '같은 카드의 사진 추가 (판독은 그대로)';
    }
    record.updatedAt = now;
    const event: CaseEvent = { at: now, by: 'cardbox', what, ...(changes.length ? { changes } : {}) };
    record.history = [...(record.history ?? []), event];
    return { changed: true, replaced: replaceContent };
  });
  if (!outcome) throw new Error(`no case ${caseId}`);
  return outcome.result;
}

/** Whether the visitor may still type this case online: read from the box, not typed yet, not answered. */
export function canTypeOnline(record: CaseRecord): boolean {
  return !isTyped(record) && isOpen(record) && !record.notice;
}

/**
 * The visitor writes online for a card that was already read from the box (they kept the stub with its QR
 * code): what they type becomes the case's content, the card's reading stays beside it, and a difference is
 * flagged. Once only, while the case is open; the history keeps what the reading had said.
 */
export async function addTypedContent(cardbox: Cardbox, caseId: string, typed: ReadFields): Promise<void> {
  await changeCase(
    cardbox,
    caseId,
    'visitor',
    '방문자가 온라인(QR)으로 직접 씀: 이 내용이 카드 판독을 대신함',
    (record, now) => {
      if (!canTypeOnline(record)) throw new UserError('이미 접수된 카드입니다.');
      const changes = contentChanges(record, typed);
      applyContent(record, typed);
      const contact =
        typed.consent && typed.contact && (typed.contact.phone || typed.contact.email) ? typed.contact : null;
      if (contact) {
        record.contact = cardbox.sealer.seal(contact);
        changes.push({ field: '연락처', from: '', to: '(봉인됨)' });
      }
      record.typedAt = now.toISOString();
      const flags = record.reading?.needsReview;
      if (flags && differingParts(record, readContent(record)).length && !flags.includes(PAPER_DIFFERS))
        flags.push(PAPER_DIFFERS);
      return changes;
    },
  );
}

/** What a case's card reading says, as content (for comparing with typed words). */
function readContent(record: { reading?: CardReading; areas: string[] }): CaseContent {
  const checks = record.reading?.checks ?? {};
  const ticked = (prefix: string) =>
    Object.keys(checks)
      .filter((k) => k.startsWith(prefix) && checks[k])
      .map((k) => k.slice(prefix.length));
  const scale = ticked('satisfaction.');
  return {
    areas: ticked('area.'),
    satisfaction: scale.length === 1 ? Number(scale[0]) : null,
    message: record.reading?.fields.message?.text ?? '',
    replyWanted: checks['reply.wanted'] === true,
    consent: checks['consent.privacy'] === true,
  };
}
