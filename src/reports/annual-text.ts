import { localDate } from '../time/zone.ts';
import { percent } from './charts.ts';
import type { CharterDeadline } from './deadlines.ts';
import type { RuleStatistics, Statistics } from './statistics.ts';

/** Sentences and table rows shared by the HTML and PDF forms of the reports, so both say the same. */
const n = (value: number) => value.toLocaleString('ko-KR');
const days = (value: number | null) => (value === null ? '—' : `${value.toFixed(1)}일`);

export function annualKeyFigures(stats: Statistics): string[][] {
  return [
    ['접수 건수', `${n(stats.total)}건`],
    [
      '기한 준수율 (전체)',
      `${percent(stats.onTime.rate)} (준수 ${n(stats.onTime.onTime)} / 판정 ${n(stats.onTime.onTime + stats.onTime.late + stats.onTime.overdue)})`,
    ],
    ['처리 소요일 중앙값', days(stats.daysToResult.median)],
    ['처리 소요일 90% 이내', days(stats.daysToResult.p90)],
    ['기한 미준수 기록', `${n(stats.breaches.count)}건`],
    ['상품권 지급', `${n(stats.vouchers.count)}매 (${n(stats.vouchers.amountKrw)}원)`],
    [
      '만족도 평균 (5점)',
      stats.satisfaction.mean === null
        ? '—'
        : `${stats.satisfaction.mean.toFixed(2)}점 (응답 ${n(stats.satisfaction.answered)}건)`,
    ],
  ];
}

export function ruleFigures(rule: RuleStatistics): string {
  return [
    `접수 ${n(rule.cases)}건`,
    `준수 ${n(rule.onTime)}`,
    `지연 ${n(rule.late)}`,
    `기한 경과 미처리 ${n(rule.overdue)}`,
    `처리 중 ${n(rule.pending)}`,
    `준수율 ${percent(rule.rate)}`,
    `미준수 기록 ${n(rule.breaches)}건`,
    `상품권 ${n(rule.vouchers)}매 (${n(rule.voucherKrw)}원)`,
  ].join(' · ');
}

const SOURCE_LABELS = { cards: '카드', online: '온라인 양식', other: '기타 경로' } as const;

export function sourceRows(stats: Statistics): string[][] {
  return (Object.keys(SOURCE_LABELS) as (keyof typeof SOURCE_LABELS)[]).map((source) => {
    const counts = stats.satisfaction.bySource[source];
    return [SOURCE_LABELS[source], ...counts.map(n), n(counts.reduce((a, b) => a + b, 0))];
  });
}

export function deadlineStateLabel(deadline: CharterDeadline): string {
  if (deadline.state === 'done') return `완료 (${localDate(deadline.doneAt!)})`;
  if (deadline.state === 'overdue') return `기한 경과 ${-deadline.daysLeft}일`;
  return deadline.daysLeft === 0 ? '오늘까지' : `${deadline.daysLeft}일 남음`;
}
