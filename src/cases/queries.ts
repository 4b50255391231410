import type { Cardbox } from '../context.ts';
import { deliveryState } from '../delivery/outbox.ts';
import { unconfiguredChannels } from '../delivery/transports.ts';
import { type CharterDeadline, charterDeadlines } from '../reports/deadlines.ts';
import type { CaseRecord, CaseStatus } from '../store/records.ts';
import { dueDay, localDate } from '../time/zone.ts';
import { isOpen } from './classify.ts';
import { LOW_CONFIDENCE } from './review.ts';
import { breachAwaitingReason } from './sweep.ts';
import { isOverdue, workingDeadline } from './timeliness.ts';

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
export function nextToReview(cardbox: Cardbox): CaseRecord | undefined {
  let next: CaseRecord | undefined;
  for (const c of cardbox.store.cases.data.cases)
    if (needsReview(c) && (!next || c.receivedAt < next.receivedAt)) next = c;
  return next;
}

/** A card reading staff have not confirmed yet (the inbox's "확인 필요" filter, the dashboard's to-do). */
export function needsReview(record: CaseRecord): boolean {
  return Boolean(record.reading) && !record.reading!.needsReview.includes('confirmed');
}

export const OPEN_STATUSES: readonly CaseStatus[] = ['received', 'in_review', 'assigned'];

/**
 * The inbox: open cases first, most urgent (earliest due) first, then answered and closed ones newest first;
 * or simply newest first. Filters combine; 'open' as a status means any not yet answered.
 */
export function listCases(cardbox: Cardbox, filter: InboxFilter): CaseRecord[] {
  const words = (filter.q ?? '').normalize('NFKC').toLowerCase().split(/\s+/).filter(Boolean);
  const matches = (c: CaseRecord) => {
    if (words.length === 0) return true;
    const haystack = [c.serial ?? '', c.serial?.replace(/-/g, '') ?? '', c.message, c.notice?.text ?? '']
      .join('\n')
      .normalize('NFKC')
      .toLowerCase();
    return words.every((word) => haystack.includes(word.replace(/-/g, '')) || haystack.includes(word));
  };
  const cases = cardbox.store.cases.data.cases.filter(
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
  const newest = (a: CaseRecord, b: CaseRecord) => b.receivedAt.localeCompare(a.receivedAt);
  if (filter.sort === 'newest') return cases.sort(newest);
  return cases.sort((a, b) => {
    const openA = isOpen(a);
    const openB = isOpen(b);
    if (openA !== openB) return openA ? -1 : 1;
    if (openA) return workingDeadline(a).localeCompare(workingDeadline(b)) || newest(a, b);
    return newest(a, b);
  });
}

export interface Dashboard {
  /** Open and past the charter's deadline (a promised new date does not take a case off this list). */
  overdue: CaseRecord[];
  /** Breaches waiting for the officer's reason and new date (the charter gives one hour): this user's first. */
  delayTasks: CaseRecord[];
  dueToday: CaseRecord[];
  dueThisWeek: CaseRecord[];
  unassigned: CaseRecord[];
  /** Open cases of this officer due within a working day (the sweep has reminded them). */
  reminders: CaseRecord[];
  /** Card readings staff have not confirmed yet. */
  toReview: CaseRecord[];
  /** Result notices waiting for a superior's approval (결재). */
  toApprove: CaseRecord[];
  /** Vouchers issued for a missed deadline and not yet handed to the visitor. */
  vouchersToHand: CaseRecord[];
  /** Deliveries to visitors that failed or were given up, with their cases: the visitor is not reached yet. */
  failedDeliveries: number;
  /** The charter's yearly survey/publication deadlines (from the reports part). */
  yearly: CharterDeadline[];
  /** First steps of a new installation; shown until every one is done. */
  setup: SetupStep[];
}

export interface SetupStep {
  label: string;
  done: boolean;
  href: string;
  hint: string;
}

/** What a new installation still lacks to keep the charter's promises. */
function setupSteps(cardbox: Cardbox): SetupStep[] {
  const { registry, auth } = cardbox.store;
  const missing = new Set(unconfiguredChannels(cardbox));
  return [
    {
      label: '카드 인쇄',
      done: registry.data.batches.some((b) => b.format !== 'none'),
      href: '/staff/print',
      hint: '그린·옐로카드를 인쇄해 카드함 옆에 놓습니다 (관리자).',
    },
    {
      label: '입구에 "카드 없이 쓰기" QR 게시',
      done: registry.data.serials.some((s) => s.origin === 'online'),
      href: '/write',
      hint: '이 주소의 QR 코드를 입구에 붙이면 카드가 없어도 휴대전화로 의견을 보낼 수 있습니다. 첫 온라인 의견이 오면 완료로 표시됩니다.',
    },
    {
      label: '직원 계정 추가',
      done: auth.data.users.filter((u) => !u.disabled).length > 1,
      href: '/staff/users',
      hint: '담당 부서의 직원마다 계정을 만들어 담당자로 지정할 수 있게 합니다 (관리자).',
    },
    {
      label: '이메일 발송 설정 (SMTP_URL)',
      done: !missing.has('email'),
      href: '/staff/outbox',
      hint: '서버 환경 변수 SMTP_URL을 정하면 결과 통지를 이메일로 보냅니다.',
    },
    {
      label: '문자 발송 설정 (SMS_WEBHOOK_URL)',
      done: !missing.has('sms'),
      href: '/staff/outbox',
      hint: '서버 환경 변수 SMS_WEBHOOK_URL을 정하면 결과 통지를 문자로 보냅니다.',
    },
  ];
}

/** Due today / this week (to Sunday, KST) / overdue, counted on the day a deadline falls (its last day). */
export function dashboard(cardbox: Cardbox, userId: string): Dashboard {
  const now = cardbox.now();
  const today = localDate(now);
  const weekday = new Date(`${today}T00:00:00Z`).getUTCDay();
  const sunday = localDate(new Date(now.getTime() + ((7 - weekday) % 7) * 86_400_000));
  const open = listCases(cardbox, { status: 'open' });
  const lastDay = (c: CaseRecord) => dueDay(workingDeadline(c));
  const overdue = open.filter((c) => isOverdue(c, now));
  const pending = open.filter((c) => !isOverdue(c, now));
  const mine = (c: CaseRecord) => (c.officer?.userId === userId ? 0 : 1);
  return {
    overdue,
    delayTasks: open.filter((c) => breachAwaitingReason(c)).sort((a, b) => mine(a) - mine(b)),
    toReview: cardbox.store.cases.data.cases.filter(needsReview),
    toApprove: cardbox.store.cases.data.cases.filter((c) => c.noticeDraft && !c.notice),
    vouchersToHand: cardbox.store.cases.data.cases.filter((c) => c.vouchers?.some((v) => !v.handedAt)),
    dueToday: pending.filter((c) => lastDay(c) === today),
    dueThisWeek: pending.filter((c) => lastDay(c) > today && lastDay(c) <= sunday),
    unassigned: open.filter((c) => !c.officer),
    reminders: pending.filter((c) => c.officer?.userId === userId && c.remindedFor === workingDeadline(c)),
    failedDeliveries: cardbox.store.outbox.data.messages.filter((m) => deliveryState(m).problem).length,
    yearly: charterDeadlines(cardbox, now),
    setup: setupSteps(cardbox),
  };
}
