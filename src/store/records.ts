/**
 * The shapes of everything Cardbox keeps. Each top-level file in the data folder holds one of the `*File`
 * types below; a part of the product adds its own optional fields here rather than keeping a private copy.
 */

export type CardType = 'green' | 'yellow';

/** A serial printed on a card or issued online; the registry proves a serial is ours. */
export interface SerialRecord {
  serial: string;
  type: CardType;
  batch: string;
  issuedAt: string;
  /** 'print' for paper cards, 'online' for serials issued by the no-card form or staff entry. */
  origin: 'print' | 'online' | 'staff';
}

export interface PrintBatch {
  id: string;
  type: CardType;
  count: number;
  createdAt: string;
  createdBy: string;
  /** 'none' for serials issued online (the no-card form): nothing was printed. */
  format: 'pdf' | 'png' | 'svg' | 'none';
}

export type Channel = 'cardbox' | 'online' | 'phone' | 'visit' | 'post' | 'fax' | 'internet';

export type CaseStatus = 'received' | 'in_review' | 'assigned' | 'answered' | 'closed';

/** AES-256-GCM ciphertext of a JSON value, base64 parts. Never logged, never sent to a public page. */
export interface Sealed {
  iv: string;
  tag: string;
  data: string;
}

export interface Contact {
  phone?: string;
  email?: string;
  /** A postal address, for feedback that came by post and wants the answer by post. */
  address?: string;
}

export interface FieldReading {
  text: string;
  confidence: number;
  /** Path of the field's crop image inside the data folder, for staff to compare. */
  crop?: string;
  confirmed?: boolean;
  /** The OCR draft of a contact field (phone, e-mail), sealed; `text` is then empty. See `src/cases/drafts.ts`. */
  sealed?: Sealed;
}

export interface CardReading {
  photoIds: string[];
  /** Canonical upright card image inside the data folder. */
  image?: string;
  checks: Record<string, boolean | null>;
  checkConfidence?: Record<string, number>;
  fields: Record<string, FieldReading>;
  needsReview: string[];
  score: number;
  /** When the card was read from a photo (first reading). */
  digitizedAt?: string;
}

/** How staff classify a case; decides which charter rule applies. */
export type Classification = 'praise' | 'suggestion' | 'conduct' | 'service' | 'impossible' | 'no-reply';

/** The responsible officer named on every answer (민원행정실명제). */
export interface Officer {
  userId?: string;
  name: string;
  department: string;
  phone: string;
  /** Who made the assignment (a username): an assignment to oneself grants no contact access. */
  assignedBy?: string;
}

/** The result notice as published: shown on the QR status page and delivered to the visitor. */
export interface ResultNotice {
  text: string;
  department: string;
  officer: string;
  phone: string;
  publishedAt: string;
  publishedBy: string;
  /** Who approved it (결재), when the profile asks for approval. */
  approvedBy?: string;
  /** Corrections made after publishing, oldest first: the text before each, why, who and when. */
  corrections?: { at: string; by: string; reason: string; previousText: string }[];
}

/**
 * A missed deadline: recorded forever, with the charter's remedy. 'deadline' is the charter's own deadline
 * (`CaseRecord.dueAt`: apology and voucher); 'promise' a new date the officer gave after it and missed too.
 */
export interface Breach {
  /** Absent on records made before promises were tracked: those are all 'deadline'. */
  kind?: 'deadline' | 'promise';
  rule: string;
  /** The instant that was missed. */
  dueAt: string;
  detectedAt: string;
  /** Why it is late, in the officer's words (never a default: the visitor is only told what a person wrote). */
  reason?: string;
  /** The new date the officer promised (the end of that day). */
  newDueAt?: string;
  /** Who gave the reason and the new date, and when the visitor was sent them. */
  reasonBy?: string;
  delayNoticeAt?: string;
  /** When the automatic apology went out (queued to the visitor, or shown on the status page). */
  apologizedAt?: string;
}

/** A compensation voucher issued under the charter (5,000 KRW 도서상품권 by default). */
export interface Voucher {
  number: string;
  amountKrw: number;
  kind: string;
  issuedAt: string;
  issuedBy: string;
  /** When and by whom the voucher was handed (or posted) to the visitor. */
  handedAt?: string;
  handedBy?: string;
}

/** A staff-written, anonymised entry for the public results board. Never the visitor's own words. */
export interface BoardEntry {
  summary: string;
  action: string;
  publishedAt: string;
  publishedBy: string;
}

export interface CaseEvent {
  at: string;
  /** A staff username, 'visitor' or 'cardbox' (the machine: a reading, the charter clock). */
  by: string;
  what: string;
  /**
   * What the change did to the case's content, value by value, so that nothing anyone wrote is lost
   * without a trace. Contact details are named, never copied here (they stay sealed).
   */
  changes?: ContentChange[];
}

export interface ContentChange {
  field: string;
  from: string;
  to: string;
}

export interface CaseRecord {
  id: string;
  serial: string | null;
  type: CardType;
  channel: Channel;
  status: CaseStatus;
  receivedAt: string;
  /** Service area ids ticked (profile `areas[].id`). */
  areas: string[];
  satisfaction: number | null;
  /** The visitor's own words: staff-only, never on a public page. */
  message: string;
  replyWanted: boolean;
  consent: boolean;
  /** Contact details, only with consent, sealed at rest. Removed after the retention period. */
  contact: Sealed | null;
  contactRemovedAt?: string;
  /** When the card image and the phone/e-mail crops were deleted (retention period over). */
  filesPurgedAt?: string;
  reading?: CardReading;
  /**
   * The one-time id of the form that sent this case (the no-card form, staff entry): a form sent again with
   * the same id — a double click, or a resend after the server died before answering — finds this case.
   */
  submissionId?: string;
  /**
   * When the visitor typed the content online for a card already read from the box. Typed words (and those of
   * a case received online or entered by staff) are the case's content; a card reading is kept beside them.
   */
  typedAt?: string;
  /**
   * The charter rule (profile `rules[].id`) the case is answered under, and its deadline counted from receipt.
   * `dueAt` follows the rule while staff classify, and is fixed for good once it is missed: a delay never moves
   * it (the officer's new date is `promisedAt`), so every report counts the case against the charter's date.
   */
  rule: string;
  dueAt: string;
  /** After a breach: the end of the day the officer promised the result by. */
  promisedAt?: string;
  updatedAt: string;
  classification?: Classification;
  department?: string;
  officer?: Officer;
  /**
   * When the result (or, for first-contact rules, the first contact) reached the visitor: a notice delivered
   * on a channel they gave, a call that reached them, or the status page when they left no contact.
   */
  answeredAt?: string;
  notice?: ResultNotice;
  breaches?: Breach[];
  vouchers?: Voucher[];
  board?: BoardEntry;
  history?: CaseEvent[];
  /** For 'impossible': the legal reason and how to appeal, both required by the charter. */
  impossible?: { reason: string; appeal: string };
  /** When the officer was reminded of the coming deadline (once per due date). */
  remindedFor?: string;
  /** Phone calls made to the visitor, logged by staff. */
  calls?: PhoneCall[];
  /** A result notice written and waiting for a superior's approval (결재) before it is published. */
  noticeDraft?: { result: string; by: string; at: string };
  /** Staff-only notes on the case (never on a public page, never sent to the visitor). */
  notes?: CaseNote[];
}

export interface CaseNote {
  at: string;
  by: string;
  text: string;
}

export interface PhoneCall {
  at: string;
  by: string;
  outcome: 'reached' | 'no-answer' | 'wrong-number';
  note?: string;
}

export type OutboxChannel = 'email' | 'sms';

/** One delivery waiting in, or done by, the persisted outbox. Each attempt is recorded. */
export interface OutboxMessage {
  id: string;
  caseId?: string;
  kind: 'notice' | 'delay' | 'reminder';
  channel: OutboxChannel;
  /** 'visitor': the case's sealed contact, opened only at delivery; otherwise a staff address. */
  to: { visitor: true } | { address: string };
  subject: string;
  text: string;
  createdAt: string;
  createdBy: string;
  status: 'pending' | 'sending' | 'sent' | 'failed';
  nextAttemptAt: string;
  attempts: { at: string; ok: boolean; error?: string }[];
  sentAt?: string;
}

export interface OutboxFile {
  messages: OutboxMessage[];
}

/** Who viewed contact details, changed a case or sent a notice. Never holds the contact details themselves. */
export interface AuditEntry {
  at: string;
  by: string;
  action: string;
  caseId?: string;
  detail?: string;
}

export interface AuditFile {
  entries: AuditEntry[];
}

export interface CasesFile {
  cases: CaseRecord[];
}

export interface RegistryFile {
  serials: SerialRecord[];
  batches: PrintBatch[];
}

export type Role = 'admin' | 'staff' | 'viewer';

export interface StaffUser {
  id: string;
  username: string;
  name: string;
  role: Role;
  /** Profile department id; with `phone`, what a result notice names (실명제). */
  department?: string;
  phone?: string;
  email?: string;
  passwordHash: string;
  mustChangePassword?: boolean;
  disabled?: boolean;
  createdAt: string;
}

export interface StaffSession {
  /** SHA-256 of the cookie value: a stolen data folder does not hold usable sessions. */
  id: string;
  userId: string;
  createdAt: string;
  lastSeenAt: string;
}

export interface AuthFile {
  users: StaffUser[];
  sessions: StaffSession[];
}

export type PlanStatus = 'planned' | 'in-progress' | 'done' | 'dropped';

/** One item of the yearly improvement plan (시정계획) that follows the satisfaction survey. */
export interface PlanItem {
  id: string;
  /** The survey year the plan answers. */
  year: number;
  title: string;
  /** Who answers for it: a department or officer, as printed in the annual report. */
  owner: string;
  status: PlanStatus;
  /** Target date, 'YYYY-MM-DD'. */
  due?: string;
  note?: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

/** A charter publication step done for a survey year: survey held, results published, plan published. */
export interface CharterMilestone {
  year: number;
  kind: 'survey' | 'results' | 'plan';
  doneAt: string;
  by: string;
}

export interface PlansFile {
  plans: PlanItem[];
  milestones: CharterMilestone[];
}

/** One uploaded photo of the card box and its processing job (status is the job's state). */
export interface PhotoRecord {
  /** SHA-256 of the file: the same file uploaded twice is one photo. */
  id: string;
  file: string;
  path: string;
  batch: string;
  uploadedAt: string;
  status: 'queued' | 'done' | 'failed';
  error?: { code: string; message: string; korean: string };
  width?: number;
  height?: number;
  processedAt?: string;
  /** Downscaled JPEG the overlay is drawn on. */
  preview?: string;
  cards?: PhotoCard[];
  unidentified?: { id: string; corners: number[][] }[];
  /** When the photo file and its preview were deleted: every card on it was past its retention period. */
  purgedAt?: string;
}

/** A card as read in one photo (the case keeps the best reading across photos). */
export interface PhotoCard {
  serial: string;
  type: CardType;
  caseId: string;
  checks: Record<string, boolean | null>;
  fields: Record<string, { text: string; confidence: number }>;
  needsReview: string[];
  corners: number[][];
}

/** A card found in a photo whose QR code could not be read: staff type its serial. */
export interface UnidentifiedCard {
  id: string;
  photoId: string;
  corners: number[][];
  image: string;
  foundAt: string;
  caseId?: string;
  /** Staff said it is not a card (a sheet of paper found by its shape, say); its image is then deleted. */
  dismissedAt?: string;
  dismissedBy?: string;
}

export interface DigitizeBatch {
  id: string;
  createdAt: string;
  photoIds: string[];
}

export interface DigitizeFile {
  photos: PhotoRecord[];
  batches: DigitizeBatch[];
  unidentified: UnidentifiedCard[];
}

/** Named counters (voucher numbers of a year, say): the last number handed out of each. */
export interface SequencesFile {
  counters: Record<string, number>;
}
