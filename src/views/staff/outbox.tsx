import { AUDIT_ACTION_LABELS, type AuditFilter, auditActionLabel } from '../../audit/log.ts';
import { formatSerial } from '../../cards/serial.ts';
import type { Cardbox } from '../../context.ts';
import { deliveryState } from '../../delivery/outbox.ts';
import type { AuditEntry, OutboxMessage, StaffUser } from '../../store/records.ts';
import { localDateTime } from '../../time/zone.ts';
import { StaffLayout } from './layout.tsx';

/** Every delivery and its attempts; failures first, with a button to send again after checking. */
export function OutboxPage(props: { cardbox: Cardbox; user: StaffUser; messages: OutboxMessage[] }) {
  const order = { failed: 0, sending: 1, pending: 2, sent: 3 } as const;
  const messages = [...props.messages].sort(
    (a, b) => order[a.status] - order[b.status] || b.createdAt.localeCompare(a.createdAt),
  );
  return (
    <StaffLayout title="발송함" user={props.user} cardbox={props.cardbox}>
      <table class="stacked">
        <caption>
          발송 {messages.length}건 (전달하지 못함 {messages.filter((m) => deliveryState(m).problem).length}건)
        </caption>
        <thead>
          <tr>
            <th scope="col">만든 때</th>
            <th scope="col">내용</th>
            <th scope="col">경로</th>
            <th scope="col">상태</th>
            <th scope="col">시도</th>
            <th scope="col">의견</th>
          </tr>
        </thead>
        <tbody>
          {messages.map((m) => (
            <tr class={deliveryState(m).problem ? 'failed' : ''}>
              <td data-label="만든 때">{localDateTime(m.createdAt)}</td>
              <td data-label="내용">{m.subject}</td>
              <td data-label="경로">{m.channel === 'email' ? '이메일' : '문자'}</td>
              <td data-label="상태">
                {m.status === 'sent' ? `보냄 ${localDateTime(m.sentAt!)}` : deliveryState(m).label}
                {m.status === 'pending' && m.attempts.length > 0
                  ? ` (다음 시도 ${localDateTime(m.nextAttemptAt)})`
                  : ''}
                {m.status === 'failed' && props.user.role !== 'viewer' && (
                  <form method="post" action={`/staff/outbox/${m.id}/retry`} class="inline">
                    <button type="submit">다시 보내기</button>
                  </form>
                )}
              </td>
              <td data-label="시도">
                <ol>
                  {m.attempts.map((a) => (
                    <li>
                      {localDateTime(a.at)} {a.ok ? '성공' : `실패: ${a.error ?? ''}`}
                    </li>
                  ))}
                </ol>
              </td>
              <td data-label="의견">{m.caseId ? <a href={`/staff/cases/${m.caseId}`}>보기</a> : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </StaffLayout>
  );
}

export function AuditPage(props: {
  cardbox: Cardbox;
  user: StaffUser;
  entries: AuditEntry[];
  filter: AuditFilter;
  people: string[];
  /** Case id → its serial, for the entries that name a case. */
  serials: Map<string, string | null>;
}) {
  const { filter } = props;
  const query = new URLSearchParams(
    Object.entries(filter).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''),
  );
  return (
    <StaffLayout title="감사 기록" user={props.user} cardbox={props.cardbox}>
      <form method="get" action="/staff/audit" class="filters" aria-label="거르기">
        <div class="filter">
          <label for="a-by">누가</label>
          <select id="a-by" name="by">
            <option value="">전체</option>
            {props.people.map((p) => (
              <option value={p} selected={filter.by === p}>
                {p}
              </option>
            ))}
          </select>
        </div>
        <div class="filter">
          <label for="a-action">무엇</label>
          <select id="a-action" name="action">
            <option value="">전체</option>
            {Object.entries(AUDIT_ACTION_LABELS).map(([id, label]) => (
              <option value={id} selected={filter.action === id}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div class="filter">
          <label for="a-from">부터</label>
          <input id="a-from" name="from" type="date" value={filter.from ?? ''} />
        </div>
        <div class="filter">
          <label for="a-to">까지</label>
          <input id="a-to" name="to" type="date" value={filter.to ?? ''} />
        </div>
        {filter.caseId && <input type="hidden" name="case" value={filter.caseId} />}
        <button type="submit">보기</button>
      </form>
      <p>
        <a href={`/staff/audit.csv?${query}`}>이 목록을 CSV로 내려받기</a>
      </p>
      <table class="stacked">
        <caption>감사 기록 {props.entries.length}건 (최근 것부터, 많으면 최근 500건)</caption>
        <thead>
          <tr>
            <th scope="col">때</th>
            <th scope="col">누가</th>
            <th scope="col">무엇</th>
            <th scope="col">의견</th>
            <th scope="col">내용</th>
          </tr>
        </thead>
        <tbody>
          {props.entries.map((e) => (
            <tr>
              <td data-label="때">{localDateTime(e.at)}</td>
              <td data-label="누가">{e.by === 'cardbox' ? '시스템' : e.by}</td>
              <td data-label="무엇">{auditActionLabel(e.action)}</td>
              <td data-label="의견">
                {e.caseId ? (
                  <a href={`/staff/cases/${e.caseId}`}>
                    {props.serials.get(e.caseId) ? formatSerial(props.serials.get(e.caseId)!) : '의견 보기'}
                  </a>
                ) : (
                  '—'
                )}
              </td>
              <td data-label="내용">{e.detail || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </StaffLayout>
  );
}
