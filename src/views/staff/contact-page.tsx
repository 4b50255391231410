import { REASON_MINUTES } from '../../casework/contact-access.ts';
import type { Cardbox } from '../../context.ts';
import type { CaseRecord, StaffUser } from '../../store/records.ts';
import { caseTitle } from './case-table.tsx';
import { StaffLayout } from './layout.tsx';

/** An admin who is not the case's officer sees the contact details only after giving a reason (audited). */
export function ContactReasonPage(props: {
  cardbox: Cardbox;
  user: StaffUser;
  record: CaseRecord;
  error?: string;
}) {
  const { record } = props;
  return (
    <StaffLayout
      title={`연락처 열람 사유 · 의견 ${caseTitle(record)}`}
      user={props.user}
      cardbox={props.cardbox}
    >
      <p>
        방문자 연락처는 배정된 담당자만 봅니다. 관리자는 열람 사유를 적으면 이 의견의 연락처와 카드 사진을{' '}
        {REASON_MINUTES}분 동안 볼 수 있고, 사유는 감사 기록에 남습니다.
      </p>
      {props.error && (
        <p class="error" role="alert">
          {props.error}
        </p>
      )}
      <form method="post" action={`/staff/cases/${record.id}/contact`} class="stack">
        <label for="reason">열람 사유 (감사 기록에 남습니다)</label>
        <input id="reason" name="reason" required minlength={5} maxlength={200} autocomplete="off" />
        <button type="submit">사유를 남기고 연락처 보기</button>
      </form>
      <p>
        <a href={`/staff/cases/${record.id}`}>의견으로 돌아가기</a>
      </p>
    </StaffLayout>
  );
}
