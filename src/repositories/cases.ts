import type { CaseRecord, CaseStatus } from '../store/records.ts';

/**
 * What the product asks of stored cases, in terms any store can answer (the embedded JSON store, PostgreSQL):
 * the domain (`src/cases/`, reports, delivery, reading jobs) talks only to this. Records handed out are the
 * stored ones and are read-only for callers: every change goes through `update` or `updateEach`, which resolve
 * once the change is durable.
 */
export interface CaseRepository {
  get(id: string): Promise<CaseRecord | undefined>;
  getBySerial(serial: string): Promise<CaseRecord | undefined>;
  /** The case a form's one-time id created (a form sent again after a crash finds it). */
  getBySubmission(submissionId: string): Promise<CaseRecord | undefined>;
  /**
   * Adds a case. One case per serial and per submission id: when either is taken (two requests racing for
   * one card), nothing is added and the stored case comes back with `created: false`.
   */
  insert(record: CaseRecord): Promise<{ record: CaseRecord; created: boolean }>;
  /** Runs `change` on the stored case and stores it; `undefined` when there is no such case. */
  update<R>(id: string, change: (record: CaseRecord) => R): Promise<{ result: R } | undefined>;
  /**
   * Runs `change` on each stored case of `ids` (missing ones are skipped) and stores, in one write, those
   * for which it did not return `false`. Resolves with the cases changed.
   */
  updateEach(
    ids: readonly string[],
    change: (record: CaseRecord) => boolean | undefined,
  ): Promise<CaseRecord[]>;
  /** Gives a case a serial (an unidentified card identified by staff); refused when another case has it. */
  setSerial(id: string, serial: string): Promise<CaseRecord>;
  /** The cases matching every condition given, in the order received. */
  list(query?: CaseQuery): Promise<CaseRecord[]>;
  /** How many cases there are. */
  count(): Promise<number>;
  /** How many of these serials have a case (a print batch's cards that came back). */
  countWithSerials(serials: readonly string[]): Promise<number>;
  /** The earliest `receivedAt` of any case (the first year reports offer); undefined without cases. */
  earliestReceived(): Promise<string | undefined>;
}

export interface CaseQuery {
  status?: readonly CaseStatus[];
  /** Received at or after this instant (ISO). */
  receivedFrom?: string;
  /** Received before this instant (ISO). */
  receivedBefore?: string;
  /** Assigned to this staff account. */
  officer?: string;
  /** With a card reading staff have not confirmed yet. */
  unconfirmedReading?: boolean;
  /** Still holding what the retention period removes: a contact, a contact draft, card images not yet purged. */
  holdingPersonalData?: boolean;
  /** The charter sweep may have something to do for it by this instant (ISO): `attentionAt` at or before it. */
  attentionBy?: string;
}

/** With a card reading staff have not confirmed yet (what `unconfirmedReading` selects). */
export function hasUnconfirmedReading(c: CaseRecord): boolean {
  return Boolean(c.reading && !c.reading.needsReview.includes('confirmed'));
}

/**
 * Whether a case still holds what its retention period removes (what `holdingPersonalData` selects): contact
 * details, a contact field's draft from a card reading, the card's images. The retention sweep looks at these
 * only, not at every case kept for the statistics.
 */
export function holdsPersonalData(c: CaseRecord): boolean {
  const draft = (name: 'phone' | 'email') => {
    const field = c.reading?.fields[name];
    return Boolean(field?.sealed || field?.text);
  };
  return Boolean(c.contact) || (Boolean(c.reading) && !c.filesPurgedAt) || draft('phone') || draft('email');
}

/**
 * Reminders go out at most a working day before the working deadline; with a weekend and the longest run of
 * public holidays in front of it, that day is always within this reach.
 */
export const REMINDER_REACH_MS = 14 * 86_400_000;

/**
 * The earliest instant the charter sweep may have something to do for a case (what `attentionBy` selects): a
 * deadline passed and not yet recorded as missed, or the reminder before the working deadline (its reach, not
 * its day: the sweep decides that). Null once the case is answered. The sweep then reads the cases with
 * something due, not every open case each minute.
 */
export function attentionAt(c: CaseRecord): string | null {
  // Open as `isOpen` (src/cases/classify.ts) says it, which this layer cannot import.
  if (c.status === 'answered' || c.status === 'closed' || c.answeredAt) return null;
  const recorded = (at: string) => c.breaches?.some((b) => b.dueAt === at) ?? false;
  const times: number[] = [];
  if (!recorded(c.dueAt)) times.push(Date.parse(c.dueAt));
  if (c.promisedAt && !recorded(c.promisedAt)) times.push(Date.parse(c.promisedAt));
  const working = c.promisedAt ?? c.dueAt;
  if (c.officer && c.remindedFor !== working) times.push(Date.parse(working) - REMINDER_REACH_MS);
  return times.length ? new Date(Math.min(...times)).toISOString() : null;
}

/** Whether `attentionAt` of a case falls at or before `by` (ISO). */
export function needsAttentionBy(c: CaseRecord, by: string): boolean {
  const at = attentionAt(c);
  return at !== null && Date.parse(at) <= Date.parse(by);
}

/** The refusal when a serial is already another case's. */
export class SerialTakenError extends Error {
  constructor(serial: string) {
    super(`일련번호 ${serial}은(는) 이미 다른 의견에 쓰였습니다. (Serial ${serial} belongs to another case)`);
  }
}
