import { checkSerial } from '../cards/serial.ts';
import type { Cardbox } from '../context.ts';
import { UserError } from '../errors.ts';
import { SerialTakenError } from '../repositories/cases.ts';
import type { CaseRecord, Contact, FieldReading } from '../store/records.ts';
import { changeCase } from './change.ts';
import { applyContent, type CaseContent, contentChanges, isTyped } from './content.ts';
import { CONTACT_FIELDS, dropDraft } from './drafts.ts';

/** Below this an OCR draft or a checkbox reading is highlighted for staff to check. */
export const LOW_CONFIDENCE = 0.6;

/** What the reader flagged on a card, in words for staff; flags that name a field or a box are shown there. */
const READING_NOTES: Record<string, string> = {
  'serial-from-print':
    'QR 코드를 읽지 못해 카드에 인쇄된 일련번호 글자로 찾았습니다. 사진 속 일련번호와 같은지 확인해 주세요.',
  'serial-not-registered': '이 기관의 발급 대장에 없는 일련번호입니다.',
  'serial-typed-by-staff': '직원이 일련번호를 입력한 카드입니다.',
  'unread-card': '사진에서 카드를 읽지 못해 내용 판독이 없습니다.',
  'checkbox-undecided': '판독이 불확실한 체크 칸이 있습니다.',
  'satisfaction-multiple': '만족도에 두 칸 이상 표시되어 있습니다.',
  'corners-coarse': '카드 모서리 표시를 모두 찾지 못해 위치가 어림값입니다.',
  'paper-colour-mismatch': '카드 종이 색이 일련번호의 카드 종류와 다릅니다.',
  'print-colour-mismatch': '카드 인쇄 색이 일련번호의 카드 종류와 다릅니다.',
  'message-low-confidence': '의견 글씨의 판독 신뢰도가 낮습니다.',
  'small-in-photo':
    '사진 속 카드가 작아 손글씨 초안이 부정확할 수 있습니다. 카드를 가까이서 다시 찍어 올리면 더 나은 판독으로 바뀝니다.',
  'message-ink-unread':
    '의견 칸에 글씨가 있는데 읽어 내지 못한 줄이 있습니다. 카드 사진을 보고 입력해 주세요.',
  'message-unsure': '이런 신뢰도의 의견 판독은 틀린 글자가 많았습니다. 카드 사진과 비교해 주세요.',
  'phone-format': '휴대전화 번호의 자릿수나 형식이 맞지 않습니다.',
  'phone-unsure': '이런 신뢰도의 휴대전화 번호 판독은 자주 틀렸습니다. 카드 사진과 비교해 주세요.',
  'email-unsure': '이런 신뢰도의 이메일 주소 판독은 자주 틀렸습니다. 카드 사진과 비교해 주세요.',
  'email-format': '이메일 주소의 형식이 맞지 않습니다.',
  'email-domain-snapped':
    '이메일 주소의 도메인이 흔한 메일 도메인과 한두 글자 달라 그 도메인으로 맞춰 읽었습니다. 카드와 같은지 확인해 주세요.',
  'email-repaired':
    '이메일 주소의 글자(숫자 1과 영문 l, 0과 o, 빠진 @)를 고쳐 읽었습니다. 카드와 같은지 확인해 주세요.',
};

export function readingNotes(needsReview: string[]): string[] {
  return needsReview.flatMap((flag) => READING_NOTES[flag] ?? []);
}

export function fieldNeedsReview(record: CaseRecord, name: string, field: FieldReading): boolean {
  return (
    !field.confirmed &&
    (field.confidence < LOW_CONFIDENCE || Boolean(record.reading?.needsReview.includes(name)))
  );
}

export function checkNeedsReview(record: CaseRecord, id: string): boolean {
  const reading = record.reading;
  if (!reading) return false;
  const value = reading.checks[id];
  const confidence = reading.checkConfidence?.[id];
  return (
    !reading.needsReview.includes('confirmed') &&
    (value === null ||
      (confidence !== undefined && confidence < LOW_CONFIDENCE) ||
      reading.needsReview.includes(id))
  );
}

export interface ReviewInput {
  /** Field name → the text staff confirmed or corrected. */
  fields: Record<string, string>;
  /** Checkbox id → ticked; boxes the reader decided and not listed are unticked. */
  checked: Set<string>;
  /**
   * A box the reader left undecided, as staff decided it looking at the card: 'yes' ticked, 'no' not. Every
   * undecided box must be decided here: it is never turned into "not ticked" by omission.
   */
  decided?: Record<string, 'yes' | 'no'>;
}

/** Words for a checkbox id, for messages and the review form. */
export function checkLabel(id: string, areaLabels: Map<string, string>): string {
  if (id.startsWith('area.')) return areaLabels.get(id.slice(5)) ?? id;
  if (id.startsWith('satisfaction.')) return `만족도 ${id.slice(13)}`;
  if (id === 'reply.wanted') return '회신 원함';
  if (id === 'consent.privacy') return '개인정보 수집 동의';
  return id;
}

/**
 * Staff confirm or correct a card's readings: each field's text is stored as confirmed, checkbox readings are
 * settled, and the case's own fields (areas, satisfaction, reply wanted, message) follow the confirmed card.
 */
export async function confirmReading(
  cardbox: Cardbox,
  id: string,
  by: string,
  input: ReviewInput,
): Promise<CaseRecord> {
  const before = (await cardbox.cases.get(id))?.reading;
  if (!before) throw new UserError('이 의견에는 카드 판독 결과가 없습니다. (No card reading)');
  const undecided = Object.keys(before.checks).filter(
    (box) => before.checks[box] === null && !input.decided?.[box],
  );
  if (undecided.length) {
    const labels = new Map(cardbox.profile.areas.map((a) => [a.id, a.label]));
    throw new UserError(
      `판독이 불확실한 체크 칸을 카드 사진을 보고 정해 주세요: ${undecided.map((box) => checkLabel(box, labels)).join(', ')}. 아무것도 저장하지 않았습니다.`,
    );
  }
  const corrected = Object.entries(before.fields)
    .filter(([name, field]) => input.fields[name] !== undefined && input.fields[name] !== field.text)
    .map(([name]) => name);
  const what = corrected.length ? `카드 판독 확인 (고침: ${corrected.join(', ')})` : '카드 판독 확인';
  return changeCase(cardbox, id, by, what, (record) => {
    const reading = record.reading!;
    for (const [name, field] of Object.entries(reading.fields)) {
      const text = input.fields[name];
      if (text === undefined) continue;
      field.text = text.slice(0, 4000);
      field.confirmed = true;
    }
    for (const id of Object.keys(reading.checks)) {
      const decided = input.decided?.[id];
      reading.checks[id] = reading.checks[id] === null && decided ? decided === 'yes' : input.checked.has(id);
    }
    reading.needsReview = ['confirmed'];
    const satisfaction = Object.keys(reading.checks)
      .filter((k) => k.startsWith('satisfaction.') && reading.checks[k])
      .map((k) => Number(k.slice('satisfaction.'.length)));
    const confirmedCard: CaseContent = {
      areas: cardbox.profile.areas.filter((a) => reading.checks[`area.${a.id}`]).map((a) => a.id),
      satisfaction: satisfaction.length === 1 ? satisfaction[0]! : null,
      replyWanted:
        'reply.wanted' in reading.checks ? Boolean(reading.checks['reply.wanted']) : record.replyWanted,
      message: reading.fields.message ? reading.fields.message.text : record.message,
      consent:
        'consent.privacy' in reading.checks ? Boolean(reading.checks['consent.privacy']) : record.consent,
    };
    // What the visitor typed stays the case's content; the confirmed card is kept beside it.
    const typed = isTyped(record);
    const changes = typed ? [] : contentChanges(record, confirmedCard);
    if (!typed) applyContent(record, confirmedCard);
    // The contact fields leave the reading: sealed with consent, dropped without it; never kept in the clear.
    const contact: Contact = record.contact ? cardbox.sealer.open<Contact>(record.contact) : {};
    let added = false;
    for (const name of CONTACT_FIELDS) {
      const field = reading.fields[name];
      if (!field) continue;
      const text =
        field.text.trim() || (field.sealed ? cardbox.sealer.open<string>(field.sealed).trim() : '');
      if (text && !(typed && contact[name])) {
        added ||= contact[name] !== text;
        contact[name] = text;
      }
      dropDraft(field);
    }
    if (Object.keys(contact).length) {
      record.contact = record.consent ? cardbox.sealer.seal(contact) : null;
    }
    if (added && record.consent) changes.push({ field: '연락처', from: '(봉인됨)', to: '(봉인됨)' });
    if (record.status === 'received') record.status = 'in_review';
    return changes;
  });
}

/** An unidentified card: staff type the serial printed on it; it must be valid, ours and not used yet. */
export async function identifyCard(
  cardbox: Cardbox,
  id: string,
  by: string,
  typed: string,
): Promise<CaseRecord> {
  const check = checkSerial(typed);
  if (!check.ok) throw new UserError(`일련번호를 확인해 주세요: ${check.reason}`);
  if (!(await cardbox.registry.find(check.serial))) {
    throw new UserError(
      `${check.serial}은(는) 이 기관에서 발급한 일련번호가 아닙니다. (Not one of our serials)`,
    );
  }
  try {
    await cardbox.cases.setSerial(id, check.serial);
  } catch (error) {
    if (error instanceof SerialTakenError) throw new UserError(error.message);
    throw error;
  }
  return changeCase(cardbox, id, by, `일련번호 입력: ${check.serial}`, (record) => {
    if (record.type !== check.type) record.type = check.type;
    const flags = record.reading?.needsReview;
    if (flags?.includes('serial-from-print'))
      flags.splice(flags.indexOf('serial-from-print'), 1, 'serial-typed-by-staff');
  });
}
