import type { Dashboard } from '../../casework/dashboard.ts';
import type { Cardbox } from '../../context.ts';
import type { StaffUser } from '../../store/records.ts';
import { CaseTable } from './case-table.tsx';
import { menuAllows, StaffLayout } from './layout.tsx';

export function DashboardPage(props: { cardbox: Cardbox; user: StaffUser; data: Dashboard; now: Date }) {
  const { data, cardbox, now } = props;
  return (
    <StaffLayout title="대시보드" user={props.user} cardbox={cardbox}>
      <ul class="counts">
        <li>
          <a href="/staff/cases?status=open">기한 초과 {data.overdue.length}건</a>
        </li>
        <li>오늘 마감 {data.dueToday.length}건</li>
        <li>이번 주 마감 {data.dueThisWeek.length}건</li>
        <li>
          <a href="/staff/cases?status=open&department=none">미배정 {data.unassigned.length}건</a>
        </li>
        <li>
          <a href="/staff/outbox">전달하지 못한 통지 {data.failedDeliveries}건</a>
        </li>
      </ul>
      {data.setup.some((step) => !step.done) && (
        <section class="setup" aria-labelledby="setup">
          <h2 id="setup">처음 설정하기</h2>
          <ol class="checklist">
            {data.setup.map((step) => (
              <li class={step.done ? 'done' : ''}>
                <span class="check-state">{step.done ? '완료' : '할 일'}</span>{' '}
                {/* A step on an admin's page is named, not linked, for others (a link would end in 403). */}
                {menuAllows(props.user.role, step.href) ? <a href={step.href}>{step.label}</a> : step.label} —{' '}
                {step.hint}
              </li>
            ))}
          </ol>
        </section>
      )}
      {data.delayTasks.length > 0 && (
        <section class="reminder urgent" aria-labelledby="delay-tasks">
          <h2 id="delay-tasks">긴급: 기한을 넘긴 의견 — 지연 사유와 새 처리 예정일을 알려 주세요</h2>
          <p>
            서비스 헌장은 기한을 넘긴 사실을 확인한 뒤 1시간 안에 담당자가 방문자에게 지연 사유와 처리
            예정일을 알리도록 약속합니다. 사과와 보상 안내는 자동으로 나갔습니다.
          </p>
          <CaseTable cardbox={cardbox} cases={data.delayTasks} now={now} caption="지연 사유 입력 대기" />
        </section>
      )}
      <section aria-labelledby="todo">
        <h2 id="todo">할 일</h2>
        <ul>
          <li>
            <a href="/staff/cases?status=review">카드 판독 확인 {data.toReview.length}건</a>
          </li>
          <li>
            <a href="/staff/outbox">전달하지 못한 통지 {data.failedDeliveries}건</a>
          </li>
          <li>지연 사유 입력 대기 {data.delayTasks.length}건</li>
          {(cardbox.profile.approval.required || data.toApprove.length > 0) && (
            <li>결재 대기 {data.toApprove.length}건</li>
          )}
          <li>전달할 보상(상품권) {data.vouchersToHand.length}건</li>
          <li>
            헌장 연간 일정 중 기한이 다가오거나 지난 것{' '}
            {data.yearly.filter((d) => d.state !== 'done' && d.daysLeft <= 30).length}건
          </li>
        </ul>
        {data.toApprove.length > 0 && (
          <CaseTable cardbox={cardbox} cases={data.toApprove} now={now} caption="결재 대기" />
        )}
        {data.vouchersToHand.length > 0 && (
          <CaseTable cardbox={cardbox} cases={data.vouchersToHand} now={now} caption="전달할 보상" />
        )}
      </section>
      {data.reminders.length > 0 && (
        <section class="reminder" aria-labelledby="reminders">
          <h2 id="reminders">알림: 내 담당 의견의 기한이 다가옵니다</h2>
          <CaseTable cardbox={cardbox} cases={data.reminders} now={now} caption="근무일 1일 이내 마감" />
        </section>
      )}
      <h2>기한 초과</h2>
      <CaseTable cardbox={cardbox} cases={data.overdue} now={now} caption="기한 초과" />
      <h2>오늘 마감</h2>
      <CaseTable cardbox={cardbox} cases={data.dueToday} now={now} caption="오늘 마감" />
      <h2>이번 주 마감</h2>
      <CaseTable cardbox={cardbox} cases={data.dueThisWeek} now={now} caption="이번 주 마감" />
      <h2>헌장의 연간 일정</h2>
      <ul>
        {data.yearly.map((item) => (
          <li>
            {item.title}: {item.dueOn}까지 ·{' '}
            {item.state === 'done'
              ? '완료'
              : item.state === 'overdue'
                ? `기한 초과 ${-item.daysLeft}일`
                : `${item.daysLeft}일 남음`}
          </li>
        ))}
      </ul>
    </StaffLayout>
  );
}
