import { createHash } from 'node:crypto';
import { changeCase } from '../cases/change.ts';
import { isOpen } from '../cases/classify.ts';
import { areaLabel, departmentName, PUBLIC_KIND_LABELS, TYPE_LONG_LABELS } from '../cases/labels.ts';
import type { Cardbox } from '../context.ts';
import { UserError } from '../errors.ts';
import type { CaseRecord } from '../store/records.ts';
import { localDate } from '../time/zone.ts';
import { cleanText } from '../web/clean-text.ts';
import { kstMonth } from './period.ts';

/**
 * The public results board (처리 결과 공개): only what staff wrote for it — an anonymised summary and, once the
 * case is answered, what was done — plus the classification, department, areas, dates and how many similar
 * cases came in that year. The visitor's own words, handwriting, contact and serial never leave the case;
 * entries are named by a hash of the case id, not by the serial.
 *
 * A case still open ("처리 중") can be published too, when staff choose to: its entry shows the staff-written
 * summary and the facts above, never an action (there is none yet), the officer or anything the visitor wrote.
 */
export interface PublicBoardEntry {
  id: string;
  /** 'open': published while being handled (처리 중); 'answered': the visitor was answered (처리 완료). */
  status: 'open' | 'answered';
  statusLabel: string;
  /** The card type in words; the board labels entries by `kindLabel`. */
  typeLabel: string;
  /** What kind of feedback it is: the staff's classification (칭찬, 개선 제안, 불친절 …), else by card type. */
  kind: string;
  kindLabel: string;
  areas: string[];
  department: string;
  summary: string;
  /** What was done; empty while the case is open. */
  action: string;
  receivedOn: string;
  /** Empty while the case is open. */
  answeredOn: string;
  publishedAt: string;
  /** Cases received in the same year with the same kind and a service area in common (this one included). */
  similar?: { year: string; count: number };
}

export const BOARD_STATUS_LABELS = { open: '처리 중', answered: '처리 완료' } as const;

/** The board's kind of a case: its classification, or its card type while unclassified (or "no reply"). */
export function boardKind(record: CaseRecord): string {
  const c = record.classification;
  return c && c !== 'no-reply' ? c : `type-${record.type}`;
}

export const SUMMARY_MAX = 500;
export const ACTION_MAX = 1000;
export const BOARD_PAGE_SIZE = 20;

/**
 * What the privacy check reads: NFKC (full-width digits and letters, ＠ and ﹫ become ASCII), every kind of
 * dash a hyphen, the ideographic full stop a dot, invisible format characters gone. A slip is caught however it
 * was typed or pasted.
 */
function normalise(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\p{Cf}/gu, '')
    .replace(/[\u2010-\u2015\u2212\u30FC]/g, '-')
    .replace(/\u3002/g, '.');
}

/** Between the digits of a phone number: spaces, hyphens, dots, slashes, brackets, middle dots. */
const SEP = '[\\s\\-./·()_]*';
/** A mobile number: 01X and 7–8 digits, or the same after +82 / 82 (with or without its 0), separators anywhere. */
const MOBILE = new RegExp(
  `(?<!\\d)(?:\\+?${SEP}82${SEP}(?:0${SEP})?|0${SEP})1${SEP}[016789](?:${SEP}\\d){7,8}(?!\\d)`,
);
const EMAIL = /[^\s@]+\s?@\s?[^\s@]+\.[^\s@]+/;

/** Letters and digits only, upper-cased: what is left when spacing and punctuation are ignored. */
function letters(text: string): string {
  return normalise(text)
    .toUpperCase()
    .replace(/[\s\p{P}\p{S}]/gu, '');
}

/** As a serial is read (`normalizeSerial`): Latin letters and digits only, O as 0, I and L as 1. */
function serialCharacters(text: string): string {
  return normalise(text)
    .toUpperCase()
    .replace(/[^0-9A-Z]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
}

/**
 * Why `text` may not go on the public board, or null. Catches the slips a busy officer makes: pasting the
 * visitor's words, a mobile number, an e-mail address or the card's serial — in whatever form it was typed
 * (full-width characters, `+82`, any separators, the serial as printed or without its type and check letters).
 */
export function boardTextProblem(record: CaseRecord, text: string): string | null {
  const plain = normalise(text);
  if (MOBILE.test(plain)) return '휴대전화번호는 게시할 수 없습니다. (no mobile numbers)';
  if (EMAIL.test(plain)) return '이메일 주소는 게시할 수 없습니다. (no e-mail addresses)';
  if (record.serial) {
    const serial = serialCharacters(record.serial);
    // The 8 random characters alone (40 bits) already name the card.
    const body = serial.slice(1, 9);
    if (serialCharacters(text).includes(body.length === 8 ? body : serial))
      return '카드 일련번호는 게시할 수 없습니다. (no serials)';
  }
  // Any 15 letters in a row from the visitor's message (spacing and punctuation ignored) count as quoting it.
  const flat = letters(text);
  const message = letters(record.message);
  const window = 15;
  if (message.length >= window && flat.length >= window) {
    for (let i = 0; i + window <= message.length; i++) {
      if (flat.includes(message.slice(i, i + window)))
        return '방문자가 쓴 문장을 그대로 옮기지 말고 요약해 주세요. (do not quote the visitor)';
    }
  } else if (message.length >= 6 && flat.includes(message)) {
    return '방문자가 쓴 문장을 그대로 옮기지 말고 요약해 주세요. (do not quote the visitor)';
  }
  return null;
}

/**
 * Publishes a case to the board with a staff-written summary and, for an answered case, the action (or
 * replaces them). An open case is published with its summary alone, as "처리 중"; a case closed without an
 * answer is not published. Refused with a `UserError` when the text could identify the visitor.
 */
export async function publishToBoard(
  cardbox: Cardbox,
  caseId: string,
  entry: { summary: string; action: string },
  by: string,
): Promise<CaseRecord> {
  const summary = entry.summary.trim();
  const action = entry.action.trim();
  if (summary.length > SUMMARY_MAX) throw new UserError(`요약은 ${SUMMARY_MAX}자 이내로 적어 주세요.`);
  if (action.length > ACTION_MAX) throw new UserError(`조치 내용은 ${ACTION_MAX}자 이내로 적어 주세요.`);
  return changeCase(cardbox, caseId, by, '결과 게시판에 게시', (record, now) => {
    const open = isOpen(record);
    if (!record.answeredAt && !open)
      throw new UserError('답변 없이 종결된 의견은 게시할 수 없습니다. (closed without an answer)');
    if (open && !summary) throw new UserError('게시할 요약을 적어 주세요. (summary)');
    if (open && action)
      throw new UserError(
        '처리 결과는 답변을 마친 의견만 적을 수 있습니다. 처리 중인 의견은 요약만 게시해 주세요. (answer the case first)',
      );
    if (!open && (!summary || !action))
      throw new UserError('요약과 조치 내용을 모두 적어 주세요. (summary and action)');
    const problem = boardTextProblem(record, summary) ?? (action ? boardTextProblem(record, action) : null);
    if (problem) throw new UserError(problem);
    record.board = { summary, action, publishedAt: now.toISOString(), publishedBy: by };
  });
}

/** Takes a case off the public board. */
export async function unpublishFromBoard(cardbox: Cardbox, caseId: string, by: string): Promise<CaseRecord> {
  return changeCase(cardbox, caseId, by, '결과 게시판에서 내림', (record) => {
    if (!record.board) throw new UserError('게시되지 않은 의견입니다. (not on the board)');
    delete record.board;
  });
}

export function boardEntryId(caseId: string): string {
  return createHash('sha256').update(`board:${caseId}`).digest('hex').slice(0, 16);
}

/** Whether a case is on the public board: published by staff, and answered or still being handled. */
function onBoard(record: CaseRecord): boolean {
  return Boolean(record.board) && (Boolean(record.answeredAt) || isOpen(record));
}

/**
 * The public view of one case: built field by field, so nothing else of the record can slip through. Only
 * answered cases unless `open` (the board shows open ones as "처리 중"; the annual report's examples do not).
 */
export function toPublicEntry(
  cardbox: Cardbox,
  record: CaseRecord,
  options: { open?: boolean; similar?: PublicBoardEntry['similar'] } = {},
): PublicBoardEntry | null {
  if (!record.board || !(record.answeredAt || (options.open && isOpen(record)))) return null;
  const status = record.answeredAt ? 'answered' : 'open';
  const kind = boardKind(record);
  return {
    id: boardEntryId(record.id),
    status,
    statusLabel: BOARD_STATUS_LABELS[status],
    typeLabel: TYPE_LONG_LABELS[record.type],
    kind,
    kindLabel: PUBLIC_KIND_LABELS[kind] ?? kind,
    areas: record.areas.map((a) => areaLabel(cardbox.profile, a)),
    department: departmentName(cardbox.profile, record.department ?? record.officer?.department),
    // Cleaned again on the way out: entries stored before text was cleaned where it is entered.
    summary: cleanText(record.board.summary),
    action: record.answeredAt ? cleanText(record.board.action) : '',
    receivedOn: localDate(record.receivedAt),
    answeredOn: record.answeredAt ? localDate(record.answeredAt) : '',
    publishedAt: record.board.publishedAt,
    ...(options.similar ? { similar: options.similar } : {}),
  };
}

export interface BoardQuery {
  area?: string;
  /** 'YYYY-MM' of the answer date (KST), or of the receipt for an open entry. */
  month?: string;
  /** 'open' (처리 중) or 'answered' (처리 완료). */
  status?: 'open' | 'answered';
  /** Words that must all appear in the entry's public text (summary, action, kind, areas, department). */
  q?: string;
  page?: number;
}

export const QUERY_MAX = 100;

/** What search compares: NFKC, lower case, spacing collapsed. */
function searchable(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ');
}

/** The month an entry is found under: of its answer, or for an open entry of its receipt. */
const entryDate = (record: CaseRecord): string => record.answeredAt ?? record.receivedAt;
/** Newest first: by the answer, or for an open entry by when it was put on the board. */
const entryOrder = (record: CaseRecord): string => record.answeredAt ?? record.board!.publishedAt;

/**
 * How many cases like this one came in: received in the same KST year, of the same kind, sharing a service
 * area (or, for a case without one, also without one). All cases count, published or not: it is an
 * aggregate like the public statistics, and names no one.
 */
function similarCounter(cases: readonly CaseRecord[]): (record: CaseRecord) => PublicBoardEntry['similar'] {
  const groups = new Map<string, CaseRecord[]>();
  for (const c of cases) {
    const key = `${localDate(c.receivedAt).slice(0, 4)}|${boardKind(c)}`;
    const list = groups.get(key);
    if (list) list.push(c);
    else groups.set(key, [c]);
  }
  return (record) => {
    const year = localDate(record.receivedAt).slice(0, 4);
    const group = groups.get(`${year}|${boardKind(record)}`) ?? [];
    const areas = new Set(record.areas);
    const count = group.filter((c) =>
      areas.size === 0 ? c.areas.length === 0 : c.areas.some((a) => areas.has(a)),
    ).length;
    return { year, count };
  };
}

export interface BoardPage {
  entries: PublicBoardEntry[];
  total: number;
  page: number;
  pages: number;
  /** Months that have entries, newest first, for the search form. */
  months: string[];
}

/**
 * Published entries, newest first (by the answer, or the receipt of an open one), filtered and paginated.
 * The keyword search reads only what the entry shows: never the visitor's message.
 */
export async function boardPage(
  cardbox: Cardbox,
  query: BoardQuery,
  pageSize = BOARD_PAGE_SIZE,
): Promise<BoardPage> {
  const all = await cardbox.cases.list();
  const published = all.filter(onBoard);
  const months = [...new Set(published.map((c) => kstMonth(entryDate(c))))].sort().reverse();
  const words = query.q ? searchable(query.q).split(' ').filter(Boolean) : [];
  const matches = (c: CaseRecord): boolean => {
    if (words.length === 0) return true;
    const e = toPublicEntry(cardbox, c, { open: true })!;
    const text = searchable(
      [e.summary, e.action, e.kindLabel, e.statusLabel, e.department, ...e.areas].join(' '),
    );
    return words.every((w) => text.includes(w));
  };
  const chosen = published
    .filter((c) => !query.area || c.areas.includes(query.area))
    .filter((c) => !query.month || kstMonth(entryDate(c)) === query.month)
    .filter((c) => !query.status || (query.status === 'answered') === Boolean(c.answeredAt))
    .filter(matches)
    .sort((a, b) => entryOrder(b).localeCompare(entryOrder(a)) || b.id.localeCompare(a.id));
  const pages = Math.max(1, Math.ceil(chosen.length / pageSize));
  const page = Math.min(Math.max(1, query.page ?? 1), pages);
  const shown = chosen.slice((page - 1) * pageSize, page * pageSize);
  const similar = shown.length ? similarCounter(all) : () => undefined;
  const entries = shown
    .map((c) => toPublicEntry(cardbox, c, { open: true, similar: similar(c) })!)
    .filter(Boolean);
  return { entries, total: chosen.length, page, pages, months };
}

/** The newest published entries, for the feed. */
export async function latestBoardEntries(cardbox: Cardbox, limit = 50): Promise<PublicBoardEntry[]> {
  return (await boardPage(cardbox, {}, limit)).entries;
}
