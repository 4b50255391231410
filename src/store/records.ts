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
  format: 'pdf' | 'png' | 'svg';
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
}

export interface FieldReading {
  text: string;
  confidence: number;
  /** Path of the field's crop image inside the data folder, for staff to compare. */
  crop?: string;
  confirmed?: boolean;
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
}

/** How staff classify a case; decides which charter rule applies. */
export type Classification = 'praise' | 'suggestion' | 'conduct' | 'service' | 'impossible' | 'no-reply';

/** The responsible officer named on every answer (민원행정실명제). */
export interface Officer {
  userId?: string;
  name: string;
  department: string;
  phone: string;
}

/** The result notice as published: shown on the QR status page and delivered to the visitor. */
export interface ResultNotice {
  text: string;
  department: string;
  officer: string;
  phone: string;
  publishedAt: string;
  publishedBy: string;
}

/** A missed charter deadline: recorded forever, with the charter's remedy. */
export interface Breach {
  rule: string;
  dueAt: string;
  detectedAt: string;
  reason?: string;
  newDueAt?: string;
  delayNoticeAt?: string;
  apologizedAt?: string;
}

/** A compensation voucher issued under the charter (5,000 KRW 도서상품권 by default). */
export interface Voucher {
  number: string;
  amountKrw: number;
  kind: string;
  issuedAt: string;
  issuedBy: string;
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
  by: string;
  what: string;
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
  reading?: CardReading;
  /** The charter rule (profile `rules[].id`) the case is answered under, and when it falls due. */
  rule: string;
  dueAt: string;
  updatedAt: string;
  classification?: Classification;
  department?: string;
  officer?: Officer;
  /** When the result (or, for first-contact rules, the first contact) reached the visitor. */
  answeredAt?: string;
  notice?: ResultNotice;
  breaches?: Breach[];
  vouchers?: Voucher[];
  board?: BoardEntry;
  history?: CaseEvent[];
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
