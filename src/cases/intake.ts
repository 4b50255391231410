import { randomUUID } from 'node:crypto';
import type { Cardbox } from '../context.ts';
import type { Store } from '../store/index.ts';
import type { CardReading, CardType, CaseRecord, CasesFile, Channel, Contact } from '../store/records.ts';
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
  const { store, profile } = cardbox;
  const earlier = (): CaseRecord | undefined =>
    (intake.serial ? findCaseBySerial(store, intake.serial) : undefined) ??
    (intake.submissionId ? findCaseBySubmission(store, intake.submissionId) : undefined);
  const existing = earlier();
  if (existing) return { record: existing, created: false };
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
    contact: contact ? store.sealer.seal(contact) : null,
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
  const created = await store.cases.append((data) => {
    // Checked again here: two requests for one serial (or one form) may both have passed the first check.
    if (earlier()) return null;
    data.cases.push(record);
    index(store).set(record.serial ?? record.id, record);
    byId(store).set(record.id, record);
    if (record.submissionId) submissions(store).set(record.submissionId, record);
    return { add: record };
  });
  if (!created) return { record: earlier()!, created: false };
  return { record, created: true };
}

const indexes = new WeakMap<Store, () => Map<string, CaseRecord>>();

/** Cases by serial (or id, for a card without one), rebuilt whenever the cases are read again from disk. */
function index(store: Store): Map<string, CaseRecord> {
  let get = indexes.get(store);
  if (!get) {
    get = store.cases.derived((data) => new Map(data.cases.map((c) => [c.serial ?? c.id, c])));
    indexes.set(store, get);
  }
  return get();
}

const submissionIndexes = new WeakMap<Store, () => Map<string, CaseRecord>>();

/** Cases by the one-time id of the form that sent them, rebuilt like the serial index. */
function submissions(store: Store): Map<string, CaseRecord> {
  let get = submissionIndexes.get(store);
  if (!get) {
    get = store.cases.derived(
      (data) => new Map(data.cases.flatMap((c) => (c.submissionId ? [[c.submissionId, c] as const] : []))),
    );
    submissionIndexes.set(store, get);
  }
  return get();
}

export function findCaseBySubmission(store: Store, submissionId: string): CaseRecord | undefined {
  return submissions(store).get(submissionId);
}

export function findCaseBySerial(store: Store, serial: string): CaseRecord | undefined {
  return index(store).get(serial);
}

/** Gives an unidentified case the serial staff typed in (already checked), keeping the serial index right. */
export async function setCaseSerial(cardbox: Cardbox, id: string, serial: string): Promise<CaseRecord> {
  const { store } = cardbox;
  return saveCase(store, id, (record) => {
    const other = findCaseBySerial(store, serial);
    if (other && other.id !== id) throw new Error(`일련번호 ${serial}은(는) 이미 다른 의견에 쓰였습니다.`);
    index(store).delete(record.serial ?? record.id);
    record.serial = serial;
    index(store).set(serial, record);
    return record;
  });
}

const idIndexes = new WeakMap<Store, () => Map<string, CaseRecord>>();

function byId(store: Store): Map<string, CaseRecord> {
  let get = idIndexes.get(store);
  if (!get) {
    get = store.cases.derived((data) => new Map(data.cases.map((c) => [c.id, c])));
    idIndexes.set(store, get);
  }
  return get();
}

export function findCaseById(store: Store, id: string): CaseRecord | undefined {
  const found = byId(store).get(id);
  // Cases put into the table other than by receiveCase (seeds, imports) are found by building the index again.
  if (found || !store.cases.data.cases.some((c) => c.id === id)) return found;
  idIndexes.delete(store);
  return byId(store).get(id);
}

/**
 * Changes cases and journals the records `change` reports as changed: a change costs their size on disk,
 * not the whole cases file's, and reporting none writes nothing. Resolves with the result once on disk.
 */
export async function saveCases<R>(
  store: Store,
  change: (data: CasesFile) => { result: R; changed: readonly CaseRecord[] },
): Promise<R> {
  let result: R | undefined;
  await store.cases.append((data) => {
    const out = change(data);
    result = out.result;
    return out.changed.length > 0 ? { put: [...out.changed] } : null;
  });
  return result as R;
}

/** Changes the case `id` (throws when there is none) and journals it; see `saveCases`. */
export function saveCase<R>(store: Store, id: string, change: (record: CaseRecord) => R): Promise<R> {
  return saveCases(store, () => {
    const record = findCaseById(store, id);
    if (!record) throw new Error(`no case ${id}`);
    return { result: change(record), changed: [record] };
  });
}
