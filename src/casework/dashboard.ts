import { listCases, needsReview } from '../cases/queries.ts';
import { breachAwaitingReason } from '../cases/sweep.ts';
import { isOverdue, workingDeadline } from '../cases/timeliness.ts';
import type { Cardbox } from '../context.ts';
import { deliveryState } from '../delivery/outbox.ts';
import { unconfiguredChannels } from '../delivery/transports.ts';
import { type CharterDeadline, charterDeadlines } from '../reports/deadlines.ts';
import type { CaseRecord } from '../store/records.ts';
import { dueDay, localDate } from '../time/zone.ts';

/** The staff dashboard as a to-do list: what is due, what waits for whom, what a new installation lacks. */
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
async function setupSteps(cardbox: Cardbox): Promise<SetupStep[]> {
  const missing = new Set(unconfiguredChannels(cardbox));
  const printed = (await cardbox.registry.batches({ printed: true })).length > 0;
  const activeStaff = (await cardbox.users.list()).filter((u) => !u.disabled).length;
  return [
    {
      label: '카드 인쇄',
      done: printed,
      href: '/staff/print',
      hint: '그린·옐로카드를 인쇄해 카드함 옆에 놓습니다 (관리자).',
    },
    {
      label: '입구에 "카드 없이 쓰기" QR 게시',
      done: await cardbox.registry.anyIssued('online'),
      href: '/write',
      hint: '이 주소의 QR 코드를 입구에 붙이면 카드가 없어도 휴대전화로 의견을 보낼 수 있습니다. 첫 온라인 의견이 오면 완료로 표시됩니다.',
    },
    {
      label: '직원 계정 추가',
      done: activeStaff > 1,
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
export async function dashboard(cardbox: Cardbox, userId: string): Promise<Dashboard> {
  const now = cardbox.now();
  const today = localDate(now);
  const weekday = new Date(`${today}T00:00:00Z`).getUTCDay();
  const sunday = localDate(new Date(now.getTime() + ((7 - weekday) % 7) * 86_400_000));
  const open = await listCases(cardbox, { status: 'open' });
  const all = await cardbox.cases.list();
  const lastDay = (c: CaseRecord) => dueDay(workingDeadline(c));
  const overdue = open.filter((c) => isOverdue(c, now));
  const pending = open.filter((c) => !isOverdue(c, now));
  const mine = (c: CaseRecord) => (c.officer?.userId === userId ? 0 : 1);
  return {
    overdue,
    delayTasks: open.filter((c) => breachAwaitingReason(c)).sort((a, b) => mine(a) - mine(b)),
    toReview: all.filter(needsReview),
    toApprove: all.filter((c) => c.noticeDraft && !c.notice),
    vouchersToHand: all.filter((c) => c.vouchers?.some((v) => !v.handedAt)),
    dueToday: pending.filter((c) => lastDay(c) === today),
    dueThisWeek: pending.filter((c) => lastDay(c) > today && lastDay(c) <= sunday),
    unassigned: open.filter((c) => !c.officer),
    reminders: pending.filter((c) => c.officer?.userId === userId && c.remindedFor === workingDeadline(c)),
    failedDeliveries: (await cardbox.outbox.list()).filter((m) => deliveryState(m).problem).length,
    yearly: await charterDeadlines(cardbox, now),
    setup: await setupSteps(cardbox),
  };
}
