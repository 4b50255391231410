import type { Profile } from '../profile/schema.ts';
import type { CardType, Channel, Classification, PlanStatus } from '../store/records.ts';

/** Korean names of the values reports group by; the profile names departments, areas and rules. */
export const TYPE_LABELS: Record<CardType, string> = {
  green: '그린카드 (칭찬·제안)',
  yellow: '옐로카드 (불편·불만)',
};

export const CHANNEL_LABELS: Record<Channel, string> = {
  cardbox: '카드함',
  online: '온라인 양식',
  phone: '전화',
  visit: '방문',
  post: '우편',
  fax: '팩스',
  internet: '인터넷',
};

export const CLASSIFICATION_LABELS: Record<Classification, string> = {
  praise: '칭찬',
  suggestion: '개선 제안',
  conduct: '불친절',
  service: '서비스 불만',
  impossible: '처리 불가',
  'no-reply': '회신 불요',
};

export const PLAN_STATUS_LABELS: Record<PlanStatus, string> = {
  planned: '계획',
  'in-progress': '진행 중',
  done: '완료',
  dropped: '취소',
};

export const UNASSIGNED = '미배정';
export const UNCLASSIFIED = '미분류';
export const NO_AREA = '선택 없음';

export function departmentName(profile: Profile, id: string | undefined): string {
  if (!id) return UNASSIGNED;
  return profile.departments.find((d) => d.id === id)?.name ?? id;
}

export function areaLabel(profile: Profile, id: string): string {
  return profile.areas.find((a) => a.id === id)?.label ?? id;
}
