import type { Profile } from '../profile/schema.ts';
import type { CardType, Channel, Classification, PlanStatus, Role } from '../store/records.ts';
import type { CaseStage } from './stage.ts';

/**
 * The one place the Korean names of Cardbox's values live, for pages, exports, reports and notices alike
 * (the profile names departments, areas and rules). The visitor's status page explains each stage in its own
 * sentences (`views/visitor/text.ts`) and the public board names kinds in plain words (`PUBLIC_KIND_LABELS`).
 */
export const TYPE_LABELS: Record<CardType, string> = { green: '그린카드', yellow: '옐로카드' };

/** With what each card is for, where a report lists them. */
export const TYPE_LONG_LABELS: Record<CardType, string> = {
  green: '그린카드 (칭찬·제안)',
  yellow: '옐로카드 (불편·불만)',
};

export const CHANNEL_LABELS: Record<Channel, string> = {
  cardbox: '카드함',
  online: 'QR·온라인',
  phone: '전화',
  visit: '방문',
  post: '우편',
  fax: '팩스',
  internet: '인터넷',
};

export const CLASSIFICATION_LABELS: Record<Classification, string> = {
  praise: '칭찬',
  suggestion: '개선 제안',
  conduct: '직원 불친절',
  service: '서비스 불만',
  impossible: '처리 불가',
  'no-reply': '회신 불필요',
};

/** The kinds of feedback as the public board names them (the staff's classification, in plain words). */
export const PUBLIC_KIND_LABELS: Record<string, string> = {
  praise: '칭찬',
  suggestion: '개선 제안',
  conduct: '불친절',
  service: '불편',
  impossible: '처리 불가 안내',
  'type-green': '칭찬·제안',
  'type-yellow': '불편·불만',
};

/** Where a case stands, for staff (`caseStage`). */
export const STAGE_LABELS: Record<CaseStage, string> = {
  received: '접수',
  in_review: '검토 중',
  assigned: '배정됨',
  published: '결과 게시 · 전달 대기',
  answered: '답변 완료',
  closed: '종결',
};

export const ROLE_LABELS: Record<Role, string> = {
  admin: '관리자',
  staff: '직원 (처리)',
  viewer: '열람 전용',
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
