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
}

export interface CasesFile {
  cases: CaseRecord[];
}

export interface RegistryFile {
  serials: SerialRecord[];
  batches: PrintBatch[];
}
