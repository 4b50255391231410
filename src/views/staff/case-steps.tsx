import { CLASSIFICATIONS, isOpen } from '../../cases/classify.ts';
import { needsReview } from '../../cases/queries.ts';
import type { CaseRecord, Role } from '../../store/records.ts';

export type StepId = 'review' | 'classify' | 'assign' | 'answer' | 'delivered';
export type StepState = 'done' | 'current' | 'todo' | 'skipped';

export interface CaseStep {
  id: StepId;
  label: string;
  /** The id of the case page's section heading for this step. */
  anchor: string;
  state: StepState;
}

const STATE_WORD: Record<StepState, string> = {
  done: '완료',
  current: '지금',
  todo: '남음',
  skipped: '해당 없음',
};

/**
 * The casework steps of a case, each done, current, still to do or not needed: the card reading confirmed (a
 * card read from the box only), classified, an officer assigned, the notice published, and delivered to the
 * visitor. The current step is the first one neither done nor skipped; steps done out of order stay done. An
 * answered case has no current step, only what was left undone.
 */
export function caseSteps(record: CaseRecord): CaseStep[] {
  const noReply = CLASSIFICATIONS.find((k) => k.id === record.classification)?.reply === false;
  const steps: Omit<CaseStep, 'state'>[] = [];
  const done = new Set<StepId>();
  const skipped = new Set<StepId>();
  if (record.reading) {
    const unidentified =
      record.channel === 'cardbox' &&
      (!record.serial || record.reading.needsReview.includes('serial-from-print'));
    steps.push({
      id: 'review',
      label: '판독 확인',
      anchor: !needsReview(record) && unidentified ? 'identify' : 'reading',
    });
    if (!needsReview(record) && !unidentified) done.add('review');
  }
  steps.push(
    { id: 'classify', label: '분류', anchor: 'classify' },
    { id: 'assign', label: '담당 지정', anchor: 'assign' },
    { id: 'answer', label: '결과 통지', anchor: 'notice' },
    { id: 'delivered', label: '전달', anchor: 'deliveries' },
  );
  if (record.classification) done.add('classify');
  if (record.officer) done.add('assign');
  if (record.notice) done.add('answer');
  if (record.answeredAt) done.add('delivered');
  if (noReply && !record.notice) for (const id of ['assign', 'answer', 'delivered'] as const) skipped.add(id);
  // A notice waiting for 결재 is the current step even with an earlier one undone (say, unclassified); a case
  // answered (or closed) with a step never done has that step left but none current.
  const open = steps.filter((step) => !done.has(step.id) && !skipped.has(step.id));
  const current = record.noticeDraft && !record.notice ? 'answer' : isOpen(record) ? open[0]?.id : undefined;
  return steps.map((step) => {
    const state: StepState = done.has(step.id)
      ? 'done'
      : skipped.has(step.id)
        ? 'skipped'
        : step.id === current
          ? 'current'
          : 'todo';
    return { ...step, state };
  });
}

/** Where the case stands, for a reader (열람 전용), who can do none of the steps. */
const READER_TEXT: Record<StepId, string> = {
  review: '직원이 카드 사진과 판독 초안을 맞춰 확인할 차례입니다.',
  classify: '직원이 이 의견을 분류할 차례입니다.',
  assign: '담당 부서와 담당자를 정할 차례입니다.',
  answer: '담당자가 처리한 내용을 결과 통지로 쓸 차례입니다.',
  delivered: '결과 통지가 방문자에게 전달되기를 기다립니다.',
};

/** What to do in the current step, in a sentence. */
function nowText(record: CaseRecord, step: CaseStep, role: Role): string {
  if (role === 'viewer')
    return step.id === 'answer' && record.noticeDraft
      ? '작성된 결과 통지가 관리자의 결재를 기다립니다.'
      : READER_TEXT[step.id];
  switch (step.id) {
    case 'review':
      return step.anchor === 'identify'
        ? '카드에 인쇄된 일련번호를 확인해 입력하세요.'
        : '카드 사진과 판독 초안을 맞춰 보고 고친 뒤 "판독 확인·저장"을 누르세요. 확인하기 전의 글은 방문자의 말로 보지 않습니다.';
    case 'classify':
      return '이 의견의 분류를 고르세요. 분류에 따라 처리 기한이 정해집니다.';
    case 'assign':
      return '담당 부서와 담당자를 지정하세요. 결과 통지에 실명과 전화번호로 들어갑니다.';
    case 'answer':
      if (record.noticeDraft)
        return role === 'admin'
          ? '작성된 결과 통지가 결재를 기다립니다. 읽어 보고 결재하거나 까닭과 함께 돌려보내세요.'
          : '작성한 결과 통지가 관리자의 결재를 기다립니다.';
      return '처리한 내용을 쓰고 "미리 보기"로 방문자가 받을 글을 확인한 뒤 게시하세요.';
    case 'delivered':
      return '통지가 방문자에게 전달되기를 기다립니다. 보내지 못하면 전화나 우편으로 알리고 전달을 기록하세요.';
  }
}

/**
 * The step indicator at the top of a case page: an ordered list of the steps with the current one marked
 * (aria-current="step", and in words), then what to do now and what comes next. Each step links to its
 * section, which the stylesheet marks while it is the current one (`data-current` on this element).
 */
export function CaseSteps(props: { record: CaseRecord; role: Role }) {
  const steps = caseSteps(props.record);
  const index = steps.findIndex((s) => s.state === 'current');
  const current = steps[index];
  const next = steps.slice(index + 1).find((s) => s.state === 'todo');
  const before = steps.slice(0, Math.max(0, index)).filter((s) => s.state === 'todo');
  const links = props.role !== 'viewer';
  const closedWithoutReply = steps.some((s) => s.state === 'skipped');
  const left = steps.filter((s) => s.state === 'todo').map((s) => s.label);
  return (
    <nav class="steps" aria-label="처리 단계" data-current={current?.anchor}>
      <ol>
        {steps.map((step, i) => (
          <li class={`step step-${step.state}`} aria-current={step.state === 'current' ? 'step' : undefined}>
            {links && step.state !== 'skipped' ? (
              <a class="step-box" href={`#${step.anchor}`}>
                <StepText step={step} n={i + 1} />
              </a>
            ) : (
              <span class="step-box">
                <StepText step={step} n={i + 1} />
              </span>
            )}
          </li>
        ))}
      </ol>
      <p class="step-now">
        {current ? (
          <>
            <strong>
              {links ? '지금 할 일' : '지금 단계'} · {current.label}
            </strong>{' '}
            {nowText(props.record, current, props.role)}
            {before.length ? ` 아직 하지 않은 단계: ${before.map((s) => s.label).join(', ')}.` : ''}
            {next ? ` 다음 단계: ${next.label}.` : ''}
          </>
        ) : left.length > 0 ? (
          <>
            <strong>방문자에게 답변을 마쳤습니다.</strong> 남은 단계: {left.join(', ')} (통계와 기록을 위해
            마저 해 주세요).
          </>
        ) : (
          <strong>
            {closedWithoutReply
              ? '회신이 필요 없는 의견으로 분류되어 처리를 마쳤습니다.'
              : '모든 단계를 마쳤습니다. 방문자에게 결과가 전달되었습니다.'}
          </strong>
        )}
      </p>
    </nav>
  );
}

function StepText(props: { step: CaseStep; n: number }) {
  return (
    <>
      <span class="step-number" aria-hidden="true">
        {props.step.state === 'done' ? '✓' : props.n}
      </span>
      <span class="step-label">{props.step.label}</span>{' '}
      <span class="step-state">{STATE_WORD[props.step.state]}</span>
    </>
  );
}
