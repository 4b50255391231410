import { PLAN_STATUS_LABELS } from '../../cases/labels.ts';
import type { Cardbox } from '../../context.ts';
import type { CharterDeadline } from '../../reports/deadlines.ts';
import type { PlanItem, PlanStatus, StaffUser } from '../../store/records.ts';
import { StaffLayout } from '../staff/layout.tsx';
import { DeadlineTable } from './DeadlineTable.tsx';

export interface PlansPageProps {
  cardbox: Cardbox;
  user: StaffUser;
  year: number;
  plans: PlanItem[];
  deadlines: CharterDeadline[];
  canEdit: boolean;
  error?: string;
}

function StatusSelect(props: { id: string; value: PlanStatus }) {
  return (
    <select id={props.id} name="status">
      {(Object.keys(PLAN_STATUS_LABELS) as PlanStatus[]).map((s) => (
        <option value={s} selected={props.value === s}>
          {PLAN_STATUS_LABELS[s]}
        </option>
      ))}
    </select>
  );
}

function PlanFields(props: { prefix: string; year: number; item?: PlanItem }) {
  const id = (name: string) => `${props.prefix}-${name}`;
  return (
    <>
      <input type="hidden" name="year" value={String(props.year)} />
      <label for={id('title')}>개선 과제</label>
      <input id={id('title')} name="title" value={props.item?.title ?? ''} required maxlength={300} />
      <label for={id('owner')}>담당 (부서 또는 담당자)</label>
      <input id={id('owner')} name="owner" value={props.item?.owner ?? ''} required maxlength={100} />
      <label for={id('status')}>상태</label>
      <StatusSelect id={id('status')} value={props.item?.status ?? 'planned'} />
      <label for={id('due')}>목표일</label>
      <input id={id('due')} name="due" type="date" value={props.item?.due ?? ''} />
      <label for={id('note')}>비고</label>
      <input id={id('note')} name="note" value={props.item?.note ?? ''} maxlength={1000} />
    </>
  );
}

/** Staff keep the improvement plan (items with owner and status) and tick off the charter's steps. */
export function PlansPage(props: PlansPageProps) {
  const { year } = props;
  return (
    <StaffLayout title={`${year}년 개선(시정) 계획`} user={props.user} cardbox={props.cardbox}>
      <p>
        <a href={`/staff/reports/plans?year=${year - 1}`}>{`${year - 1}년`}</a> ·{' '}
        <a href={`/staff/reports/plans?year=${year + 1}`}>{`${year + 1}년`}</a> ·{' '}
        <a href={`/staff/reports/annual/${year}`}>{`${year}년 보고서`}</a>
      </p>
      {props.error && (
        <p class="error" role="alert">
          {props.error}
        </p>
      )}
      <h2>공표 일정</h2>
      <DeadlineTable deadlines={props.deadlines} />
      {props.canEdit && (
        <form method="post" action="/staff/reports/milestones" class="stack">
          <input type="hidden" name="year" value={String(year)} />
          <fieldset>
            <legend>완료한 단계 기록</legend>
            <label for="milestone-kind">단계</label>
            <select id="milestone-kind" name="kind">
              {props.deadlines.map((d) => (
                <option value={d.kind}>{d.title}</option>
              ))}
            </select>
            <label for="milestone-date">완료일</label>
            <input id="milestone-date" name="doneOn" type="date" />
            <label>
              <input type="checkbox" name="undo" value="1" /> 완료 기록 취소
            </label>
            <button type="submit">기록</button>
          </fieldset>
        </form>
      )}
      <h2>개선 과제</h2>
      {props.plans.length === 0 && <p>아직 등록된 과제가 없습니다.</p>}
      {props.plans.map((item, index) =>
        props.canEdit ? (
          <section class="plan-item" aria-label={item.title}>
            <form method="post" action={`/staff/reports/plans/${item.id}`} class="stack">
              <PlanFields prefix={`plan-${index}`} year={year} item={item} />
              <button type="submit">저장</button>
            </form>
            <form method="post" action={`/staff/reports/plans/${item.id}/delete`}>
              <button type="submit">{`"${item.title}" 삭제`}</button>
            </form>
          </section>
        ) : (
          <p>{`${item.title} — ${item.owner} · ${PLAN_STATUS_LABELS[item.status]}${item.due ? ` · ${item.due}` : ''}`}</p>
        ),
      )}
      {props.canEdit && (
        <>
          <h2>새 과제 추가</h2>
          <form method="post" action="/staff/reports/plans" class="stack">
            <PlanFields prefix="new" year={year} />
            <button type="submit">추가</button>
          </form>
        </>
      )}
    </StaffLayout>
  );
}
