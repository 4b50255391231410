import { createHash } from 'node:crypto';
import { CaseworkError, changeCase } from '../cases/change.ts';
import type { Cardbox } from '../context.ts';
import type { CaseRecord } from '../store/records.ts';
import { localDate } from '../time/zone.ts';
import { cleanText } from '../web/clean-text.ts';
import { areaLabel, departmentName, TYPE_LABELS } from './labels.ts';
import { kstMonth } from './period.ts';

/**
 * The public results board (처리 결과 공개): only what staff wrote for it — an anonymised summary and what was
 * done — plus the department, areas and dates. The visitor's own words, handwriting, contact and serial never
 * leave the case; entries are named by a hash of the case id, not by the serial.
 */
export interface PublicBoardEntry {
  id: string;
  typeLabel: string;
  areas: string[];
  department: string;
  summary: string;
  action: string;
  receivedOn: string;
  answeredOn: string;
  publishedAt: string;
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
 * Publishes a case's result to the board with a staff-written summary and action (or replaces them).
 * Only answered cases; refused with a `CaseworkError` when the text could identify the visitor.
 */
export async function publishToBoard(
  cardbox: Cardbox,
  caseId: string,
  entry: { summary: string; action: string },
  by: string,
): Promise<CaseRecord> {
  const summary = entry.summary.trim();
  const action = entry.action.trim();
  if (!summary || !action)
    throw new CaseworkError('요약과 조치 내용을 모두 적어 주세요. (summary and action)');
  if (summary.length > SUMMARY_MAX) throw new CaseworkError(`요약은 ${SUMMARY_MAX}자 이내로 적어 주세요.`);
  if (action.length > ACTION_MAX) throw new CaseworkError(`조치 내용은 ${ACTION_MAX}자 이내로 적어 주세요.`);
  return changeCase(cardbox, caseId, by, '결과 게시판에 게시', (record, now) => {
    if (!record.answeredAt)
      throw new CaseworkError('답변을 마친 의견만 게시할 수 있습니다. (answer the case first)');
    const problem = boardTextProblem(record, summary) ?? boardTextProblem(record, action);
    if (problem) throw new CaseworkError(problem);
    record.board = { summary, action, publishedAt: now.toISOString(), publishedBy: by };
  });
}

/** Takes a case off the public board. */
export async function unpublishFromBoard(cardbox: Cardbox, caseId: string, by: string): Promise<CaseRecord> {
  return changeCase(cardbox, caseId, by, '결과 게시판에서 내림', (record) => {
    if (!record.board) throw new CaseworkError('게시되지 않은 의견입니다. (not on the board)');
    delete record.board;
  });
}

export function boardEntryId(caseId: string): string {
  return createHash('sha256').update(`board:${caseId}`).digest('hex').slice(0, 16);
}

/** The public view of one case: built field by field, so nothing else of the record can slip through. */
export function toPublicEntry(cardbox: Cardbox, record: CaseRecord): PublicBoardEntry | null {
  if (!record.board || !record.answeredAt) return null;
  return {
    id: boardEntryId(record.id),
    typeLabel: TYPE_LABELS[record.type],
    areas: record.areas.map((a) => areaLabel(cardbox.profile, a)),
    department: departmentName(cardbox.profile, record.department ?? record.officer?.department),
    // Cleaned again on the way out: entries stored before text was cleaned where it is entered.
    summary: cleanText(record.board.summary),
    action: cleanText(record.board.action),
    receivedOn: localDate(record.receivedAt),
    answeredOn: localDate(record.answeredAt),
    publishedAt: record.board.publishedAt,
  };
}

export interface BoardQuery {
  area?: string;
  /** 'YYYY-MM' of the answer date (KST). */
  month?: string;
  page?: number;
}

export interface BoardPage {
  entries: PublicBoardEntry[];
  total: number;
  page: number;
  pages: number;
  /** Months that have entries, newest first, for the search form. */
  months: string[];
}

/** Published entries, newest answer first, filtered and paginated. */
export function boardPage(cardbox: Cardbox, query: BoardQuery, pageSize = BOARD_PAGE_SIZE): BoardPage {
  const published = cardbox.store.cases.data.cases.filter((c) => c.board && c.answeredAt);
  const months = [...new Set(published.map((c) => kstMonth(c.answeredAt!)))].sort().reverse();
  const chosen = published
    .filter((c) => !query.area || c.areas.includes(query.area))
    .filter((c) => !query.month || kstMonth(c.answeredAt!) === query.month)
    .sort((a, b) => b.answeredAt!.localeCompare(a.answeredAt!) || b.id.localeCompare(a.id));
  const pages = Math.max(1, Math.ceil(chosen.length / pageSize));
  const page = Math.min(Math.max(1, query.page ?? 1), pages);
  const entries = chosen
    .slice((page - 1) * pageSize, page * pageSize)
    .map((c) => toPublicEntry(cardbox, c)!)
    .filter(Boolean);
  return { entries, total: chosen.length, page, pages, months };
}

/** The newest published entries, for the feed. */
export function latestBoardEntries(cardbox: Cardbox, limit = 50): PublicBoardEntry[] {
  return boardPage(cardbox, {}, limit).entries;
}
