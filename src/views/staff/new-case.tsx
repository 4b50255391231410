import type { Cardbox } from '../../context.ts';
import type { StaffUser } from '../../store/records.ts';
import { StaffLayout } from './layout.tsx';

/** Staff enter feedback taken by phone, visit, post or fax (the charter's other channels). */
export function NewCasePage(props: { cardbox: Cardbox; user: StaffUser; error?: string }) {
  return (
    <StaffLayout title="전화·방문·우편·팩스 의견 등록" user={props.user} cardbox={props.cardbox}>
      {props.error && (
        <p class="error" role="alert">
          {props.error}
        </p>
      )}
      <form method="post" action="/staff/cases" class="stack">
        <input type="hidden" name="submission" value={crypto.randomUUID()} />
        <fieldset>
          <legend>접수 경로</legend>
          {(
            [
              ['phone', '전화'],
              ['visit', '방문'],
              ['post', '우편'],
              ['fax', '팩스'],
            ] as const
          ).map(([value, label], i) => (
            <label class="choice">
              <input type="radio" name="channel" value={value} checked={i === 0} /> {label}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>의견의 성격</legend>
          <label class="choice">
            <input type="radio" name="type" value="green" /> 칭찬·제안
          </label>
          <label class="choice">
            <input type="radio" name="type" value="yellow" checked /> 불편·불만
          </label>
        </fieldset>
        <label for="receivedAt">접수 일시 (비우면 지금)</label>
        <input id="receivedAt" name="receivedAt" type="datetime-local" />
        <fieldset>
          <legend>분야</legend>
          {props.cardbox.profile.areas.map((a) => (
            <label class="choice">
              <input type="checkbox" name="areas" value={a.id} /> {a.label}
            </label>
          ))}
        </fieldset>
        <label for="message">의견 내용</label>
        <textarea id="message" name="message" rows={5} required />
        <label class="choice">
          <input type="checkbox" name="replyWanted" value="yes" checked /> 회신을 원함
        </label>
        <label class="choice">
          <input type="checkbox" name="consent" value="yes" /> 회신용 개인정보 수집·이용에 동의함 (
          {props.cardbox.profile.privacy.items}, {props.cardbox.profile.privacy.retentionText})
        </label>
        <label for="phone">휴대전화 (동의한 경우만)</label>
        <input id="phone" name="phone" inputmode="tel" autocomplete="off" />
        <label for="email">이메일 (동의한 경우만)</label>
        <input id="email" name="email" type="email" autocomplete="off" />
        <label for="address">주소 (우편으로 회신할 때, 동의한 경우만)</label>
        <input id="address" name="address" autocomplete="off" />
        <p class="hint">등록하면 민원인에게 알려 줄 일련번호와 처리 상황 주소가 나옵니다.</p>
        <button type="submit">등록</button>
      </form>
    </StaffLayout>
  );
}
