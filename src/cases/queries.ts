import type { Cardbox } from '../context.ts';
import type { CaseRecord } from '../store/records.ts';
import { isOpen, OPEN_STATUSES } from './classify.ts';
import { LOW_CONFIDENCE } from './review.ts';
import { workingDeadline } from './timeliness.ts';

export interface InboxFilter {
  type?: string;
  area?: string;
  status?: string;
  department?: string;
  /** Only cases whose officer is this staff account. */
  officer?: string;
  /** Words to find in the serial, the visitor's message or the notice (case and hyphens ignored). */
  q?: string;
  sort?: 'urgent' | 'newest';
}

/** Why a case wants a look from staff, in words for the inbox (empty: nothing to check). */
export function reviewReasons(record: CaseRecord): string[] {
  const reading = record.reading;
  if (!reading || reading.needsReview.includes('confirmed')) return [];
  const reasons = ['카드 판독 미확인'];
  const low = Object.entries(reading.fields).filter(([, f]) => !f.confirmed && f.confidence < LOW_CONFIDENCE);
  if (low.length)
    reasons.push(`판독 신뢰도 낮음 (${low.map(([name]) => FIELD_WORDS[name] ?? name).join(', ')})`);
  const undecided = Object.values(reading.checks).filter((v) => v === null).length;
  if (undecided) reasons.push(`불확실한 체크 칸 ${undecided}개`);
  if (reading.needsReview.includes('paper-online-differ')) reasons.push('종이 카드와 온라인 내용이 다름');
  if (reading.needsReview.includes('small-in-photo')) reasons.push('사진 속 글씨가 작음');
  return reasons;
}

const FIELD_WORDS: Record<string, string> = { message: '내용', phone: '전화', email: '이메일' };

/** The next card reading to confirm, oldest first ("review next"); undefined when none is left. */
export async function nextToReview(cardbox: Cardbox): Promise<CaseRecord | undefined> {
  let next: CaseRecord | undefined;
  for (const c of await cardbox.cases.list({ unconfirmedReading: true }))
    if (needsReview(c) && (!next || c.receivedAt < next.receivedAt)) next = c;
  return next;
}

/** A card reading staff have not confirmed yet (the inbox's "확인 필요" filter, the dashboard's to-do). */
export function needsReview(record: CaseRecord): boolean {
  return Boolean(record.reading) && !record.reading!.needsReview.includes('confirmed');
}

/**
 * The inbox: open cases first, most urgent (earliest due) first, then answered and closed ones newest first;
 * or simply newest first. Filters combine; 'open' as a status means any not yet answered.
 */
export async function listCases(cardbox: Cardbox, filter: InboxFilter): Promise<CaseRecord[]> {
  const words = (filter.q ?? '').normalize('NFKC').toLowerCase().split(/\s+/).filter(Boolean);
  const matches = (c: CaseRecord) => {
    if (words.length === 0) return true;
    const haystack = [c.serial ?? '', c.serial?.replace(/-/g, '') ?? '', c.message, c.notice?.text ?? '']
      .join('\n')
      .normalize('NFKC')
      .toLowerCase();
    return words.every((word) => haystack.includes(word.replace(/-/g, '')) || haystack.includes(word));
  };
  const stored = await cardbox.cases.list({
    ...(filter.officer ? { officer: filter.officer } : {}),
    ...(filter.status === 'open' ? { status: OPEN_STATUSES } : {}),
    ...(filter.status === 'review' ? { unconfirmedReading: true } : {}),
  });
  const cases = stored.filter(
    (c) =>
      matches(c) &&
      (!filter.type || c.type === filter.type) &&
      (!filter.officer || c.officer?.userId === filter.officer) &&
      (!filter.area || c.areas.includes(filter.area)) &&
      (!filter.department ||
        c.department === filter.department ||
        (filter.department === 'none' && !c.department)) &&
      (!filter.status ||
        (filter.status === 'open'
          ? isOpen(c)
          : filter.status === 'breached'
            ? Boolean(c.breaches?.length)
            : filter.status === 'review'
              ? needsReview(c)
              : c.status === filter.status)),
  );
  if (filter.sort === 'newest') return cases.sort(newest);
  return cases.sort(urgentFirst);
}

const newest = (a: CaseRecord, b: CaseRecord) => b.receivedAt.localeCompare(a.receivedAt);

/** The inbox's order: open cases first, the earliest working deadline first; then the rest, newest first. */
function urgentFirst(a: CaseRecord, b: CaseRecord): number {
  const openA = isOpen(a);
  const openB = isOpen(b);
  if (openA !== openB) return openA ? -1 : 1;
  if (openA) return workingDeadline(a).localeCompare(workingDeadline(b)) || newest(a, b);
  return newest(a, b);
}

export const INBOX_PAGE_SIZE = 100;

/**
 * One page of the inbox (`listCases`'s order) and how many cases the whole list has. The unfiltered inbox, most
 * urgent first, reads only the open cases while the page is among them (its first pages, the ones staff work
 * from), not every case the institution ever received.
 */
export async function inboxPage(
  cardbox: Cardbox,
  filter: InboxFilter,
  page: number,
): Promise<{ cases: CaseRecord[]; total: number; page: number }> {
  const clamp = (total: number) =>
    Math.min(Math.max(1, page), Math.max(1, Math.ceil(total / INBOX_PAGE_SIZE)));
  const unfiltered =
    !filter.type && !filter.area && !filter.status && !filter.department && !filter.officer && !filter.q;
  if (unfiltered && filter.sort !== 'newest') {
    const total = await cardbox.cases.count();
    const at = clamp(total);
    const open = (await cardbox.cases.list({ status: OPEN_STATUSES })).filter(isOpen).sort(urgentFirst);
    if (at * INBOX_PAGE_SIZE <= open.length)
      return { cases: open.slice((at - 1) * INBOX_PAGE_SIZE, at * INBOX_PAGE_SIZE), total, page: at };
  }
  const all = await listCases(cardbox, filter);
  const at = clamp(all.length);
  return { cases: all.slice((at - 1) * INBOX_PAGE_SIZE, at * INBOX_PAGE_SIZE), total: all.length, page: at };
}
