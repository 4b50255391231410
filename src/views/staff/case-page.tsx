import { formatSerial } from '../../cards/serial.ts';
import { departmentName } from '../../cases/assign.ts';
import { CLASSIFICATIONS, classificationLabel, isOpen } from '../../cases/classify.ts';
import { isTyped } from '../../cases/content.ts';
import { CHANNEL_LABELS, STAGE_LABELS, TYPE_LABELS } from '../../cases/labels.ts';
import { cannedAnswers, noticeText } from '../../cases/notice.ts';
import { needsReview } from '../../cases/queries.ts';
import { caseStage } from '../../cases/stage.ts';
import { breachAwaitingReason } from '../../cases/sweep.ts';
import type { Cardbox } from '../../context.ts';
import { deliveryState } from '../../delivery/outbox.ts';
import type { CaseRecord, Contact, OutboxMessage, StaffUser } from '../../store/records.ts';
import { dueDay, localDate, localDateTime } from '../../time/zone.ts';
import { currentFlash } from '../../web/flash.ts';
import { BoardPublishForm } from '../reports/BoardPublishForm.tsx';
import { ReviewForm } from './case-review.tsx';
import { CaseSteps } from './case-steps.tsx';
import { caseTitle, DueCell } from './case-table.tsx';
import { StaffLayout } from './layout.tsx';

/** What a case action saved, said on the page it comes back to. */
export const SAVED_STEPS = {
  review: '카드 판독을 확인해 저장했습니다.',
  serial: '일련번호를 저장했습니다.',
  classify: '분류를 저장했습니다. 처리 기한이 분류에 맞게 정해졌습니다.',
  assign: '담당 부서와 담당자를 지정했습니다.',
  notice: '결과 통지를 게시했습니다. 방문자에게 보내는 상황은 아래 발송에서 볼 수 있습니다.',
  delay: '지연 사유와 새 처리 예정일을 방문자에게 알렸습니다.',
  delivered: '통지를 전달한 것으로 기록했습니다.',
  call: '전화 기록을 저장했습니다.',
  voucher: '보상 전달을 기록했습니다.',
  note: '내부 메모를 저장했습니다.',
  corrected: '결과 통지를 고쳤습니다. 고친 통지를 방문자에게 다시 보냅니다.',
  decided: '결재를 처리했습니다.',
} as const;

export type SavedStep = keyof typeof SAVED_STEPS;

export interface CasePageProps {
  cardbox: Cardbox;
  user: StaffUser;
  record: CaseRecord;
  now: Date;
  staff: StaffUser[];
  messages: OutboxMessage[];
  error?: string;
  /** The step just saved (after post/redirect/get). */
  saved?: SavedStep;
  /** The notice as it would be published (the "미리 보기" button): the staff's words and the filled template. */
  preview?: { result: string; text: string };
  /** The notice box with the ready answer staff chose put in ("이 답변 넣기" without JavaScript): nothing saved. */
  withAnswer?: { result: string; chosen: number };
  /** Only on the audited contact view of the assigned officer. */
  contact?: Contact | null;
  /** Whether to offer the contact view (the officer's right, or an admin's form for a reason). */
  contactLink?: boolean;
  /** Other card readings wait to be confirmed ("다음 확인할 카드로"). */
  moreToReview?: boolean;
  /** Whether this staff member sees the card's contact drafts and crops (else they are withheld). */
  contactShown?: boolean;
}

export function CasePage(props: CasePageProps) {
  const { cardbox, record, user, now } = props;
  const readOnly = user.role === 'viewer';
  /** What was typed into a form the last post refused: filled in again (`src/web/flash.ts`). */
  const typed = currentFlash()?.values ?? {};
  const serialFromPrint = record.reading?.needsReview.includes('serial-from-print') ?? false;
  const rule = cardbox.profile.rules.find((r) => r.id === record.rule);
  const areaLabels = new Map(cardbox.profile.areas.map((a) => [a.id, a.label]));
  const assignedToMe = record.officer?.userId === user.id;
  // An OCR draft not yet confirmed by staff is not shown as the visitor's words.
  const draft = !isTyped(record) && needsReview(record);
  return (
    <StaffLayout title={`의견 ${caseTitle(record)}`} user={user} cardbox={cardbox}>
      {props.error && (
        <p class="error" role="alert">
          {props.error}
        </p>
      )}
      {props.saved && (
        <p class="success" role="status">
          {props.saved === 'notice' && record.noticeDraft
            ? '결과 통지를 작성해 결재를 요청했습니다. 결재가 끝나면 게시되고 방문자에게 보내집니다.'
            : SAVED_STEPS[props.saved]}
        </p>
      )}
      <CaseSteps record={record} role={user.role} />
      {record.breaches?.length ? (
        <p class="breach-banner" role="status">
          처리 기한 초과 기록 {record.breaches.length}회 — 이 기록은 지워지지 않습니다.
        </p>
      ) : null}
      {breachAwaitingReason(record) &&
        (readOnly ? (
          <p class="error" role="status">
            기한을 넘겼습니다. 담당자가 방문자에게 지연 사유와 새 처리 예정일을 알릴 차례입니다 (서비스 헌장:
            확인 후 1시간 이내).
          </p>
        ) : (
          <p class="error" role="alert">
            기한을 넘겼습니다. 방문자에게 지연 사유와 새 처리 예정일을 알려 주세요 (서비스 헌장: 확인 후 1시간
            이내). <a href="#remedies">지연 안내 쓰기</a>
          </p>
        ))}
      {record.notice && !record.answeredAt && props.messages.some((m) => deliveryState(m).problem) && (
        <p class="error" role="alert">
          결과 통지를 방문자에게 전달하지 못했습니다. 아래 발송 내역을 확인하고 다른 방법(전화, 우편)으로도
          알려 주세요. 전달되기 전까지 답변 완료로 보지 않습니다.
        </p>
      )}
      <dl class="facts">
        <dt>종류</dt>
        <dd>
          {TYPE_LABELS[record.type]} · {CHANNEL_LABELS[record.channel]}
        </dd>
        <dt>접수</dt>
        <dd>{localDateTime(record.receivedAt)}</dd>
        <dt>상태</dt>
        <dd>{STAGE_LABELS[caseStage(record)]}</dd>
        <dt>분류</dt>
        <dd>{classificationLabel(record.classification)}</dd>
        <dt>적용 약속</dt>
        <dd>{rule ? `${rule.title} — ${rule.promise}` : record.rule}</dd>
        <dt>처리 기한 (헌장)</dt>
        <dd>
          <DueCell record={record} now={now} />
        </dd>
        {record.promisedAt && (
          <>
            <dt>약속한 새 예정일</dt>
            <dd>{dueDay(record.promisedAt)}까지</dd>
          </>
        )}
        <dt>분야</dt>
        <dd>{record.areas.map((a) => areaLabels.get(a) ?? a).join(', ') || '—'}</dd>
        <dt>만족도</dt>
        <dd>{record.satisfaction ?? '—'}</dd>
        <dt>회신</dt>
        <dd>
          {record.replyWanted ? '원함' : '원하지 않음'} ·{' '}
          {record.contact
            ? '연락처 있음 (동의함, 암호화 보관)'
            : record.contactRemovedAt
              ? `연락처 삭제됨 (${localDateTime(record.contactRemovedAt)}, 보유 기간 경과)`
              : '연락처 없음'}
        </dd>
        <dt>담당</dt>
        <dd>
          {record.officer
            ? `${departmentName(cardbox, record.officer.department)} ${record.officer.name} (${record.officer.phone})`
            : '미배정'}
        </dd>
      </dl>
      {record.contact && (props.contactLink ?? assignedToMe) && props.contact === undefined && (
        <p>
          <a href={`/staff/cases/${record.id}/contact`}>방문자 연락처 보기 (열람 기록이 남습니다)</a>
        </p>
      )}
      {props.contact && (
        <section aria-labelledby="contact" class="contact">
          <h2 id="contact">방문자 연락처 (열람 기록됨)</h2>
          <p>
            휴대전화: {props.contact.phone ?? '—'} · 이메일: {props.contact.email ?? '—'}
            {props.contact.address ? ` · 주소: ${props.contact.address}` : ''}
          </p>
        </section>
      )}
      {record.serial && ['phone', 'visit', 'post', 'fax'].includes(record.channel) && (
        <section class="note" aria-labelledby="tell-visitor">
          <h2 id="tell-visitor">민원인에게 알려 주세요</h2>
          <p>
            일련번호 <strong class="serial">{formatSerial(record.serial)}</strong> — 이 번호로 처리 상황과
            결과를 볼 수 있습니다: <code>{`${cardbox.settings.PUBLIC_BASE_URL}/c/${record.serial}`}</code>{' '}
            (또는 첫 화면에서 일련번호 입력)
          </p>
        </section>
      )}
      <section aria-labelledby="message">
        <h2 id="message">
          {draft
            ? '판독 초안 (확인 전)'
            : record.channel === 'cardbox'
              ? '방문자의 의견 (카드 판독)'
              : '방문자가 직접 쓴 의견'}
        </h2>
        {draft && (
          <p class="hint">
            기계가 카드의 글씨를 읽은 초안입니다. 방문자가 쓴 그대로인지 아래 카드 판독에서 사진과 맞춰 확인해
            주세요.
          </p>
        )}
        {record.reading?.needsReview.includes('paper-online-differ') && (
          <p class="error" role="status">
            종이 카드와 온라인으로 보낸 내용이 다릅니다. 방문자가 직접 입력한 내용이 이 의견으로 남고, 종이
            카드의 판독은 아래 카드 판독에 함께 보관됩니다.
          </p>
        )}
        <p class={draft ? 'message draft' : 'message'}>{record.message || '(내용 없음)'}</p>
      </section>
      {(!record.serial || serialFromPrint) && record.channel === 'cardbox' && !readOnly && (
        <section aria-labelledby="identify">
          <h2 id="identify">
            {record.serial
              ? '일련번호 확인 (인쇄된 글자로 읽었습니다: 다르면 고쳐 주세요)'
              : '일련번호 입력 (카드를 알아보지 못했습니다)'}
          </h2>
          <form method="post" action={`/staff/cases/${record.id}/serial`} class="inline">
            <label for="serial">카드에 인쇄된 일련번호</label>
            <input id="serial" name="serial" autocomplete="off" placeholder="G-4K7M-2QX9-T" required />
            <button type="submit">확인</button>
          </form>
        </section>
      )}
      {record.reading && (
        <ReviewForm
          record={record}
          areaLabels={areaLabels}
          readOnly={readOnly}
          contactWithheld={props.contactShown === false}
        />
      )}
      {!readOnly && record.reading?.needsReview.includes('confirmed') && props.moreToReview && (
        <p>
          <a href="/staff/cases/next-review" class="button">
            다음 확인할 카드로 →
          </a>
        </p>
      )}
      {!readOnly && <CaseworkForms {...props} />}
      <Deliveries {...props} />
      <BoardPublishForm record={record} next={`/staff/cases/${record.id}`} canEdit={!readOnly} />
      {(record.breaches?.length ?? 0) > 0 && (
        <section aria-labelledby="remedies">
          <h2 id="remedies">기한 초과와 보상</h2>
          <ul>
            {record.breaches!.map((b) => (
              <li>
                {b.kind === 'promise' ? '약속한 예정일' : '처리 기한'} {dueDay(b.dueAt)} 초과 (발견{' '}
                {localDateTime(b.detectedAt)}) · 사유: {b.reason ?? '담당자 입력 대기'} · 새 예정일:{' '}
                {b.newDueAt ? dueDay(b.newDueAt) : '—'} · 사과:{' '}
                {b.apologizedAt ? localDateTime(b.apologizedAt) : '—'}
                {b.delayNoticeAt
                  ? ` · 사유 안내 ${localDateTime(b.delayNoticeAt)} (${b.reasonBy ?? ''})`
                  : ''}
              </li>
            ))}
            {(record.vouchers ?? []).map((v) => (
              <li>
                보상 {v.kind} {v.amountKrw.toLocaleString('ko-KR')}원 · 번호 {v.number} · 발급{' '}
                {localDateTime(v.issuedAt)} · {v.issuedBy} ·{' '}
                {v.handedAt ? (
                  `전달함 ${localDateTime(v.handedAt)} (${v.handedBy ?? ''})`
                ) : readOnly ? (
                  '아직 전달하지 않음'
                ) : (
                  <form
                    method="post"
                    action={`/staff/cases/${record.id}/vouchers/${v.number}/handed`}
                    class="inline"
                  >
                    <button type="submit">방문자에게 전달함</button>
                  </form>
                )}
              </li>
            ))}
          </ul>
          {!readOnly && isOpen(record) && (
            <form method="post" action={`/staff/cases/${record.id}/delay`}>
              <label for="delayReason">지연 사유 (방문자에게 그대로 안내됩니다)</label>
              <textarea id="delayReason" name="reason" rows={2} required>
                {record.breaches!.at(-1)!.reason ?? ''}
              </textarea>
              <label for="newDate">새 처리 예정일</label>
              <input
                id="newDate"
                name="newDate"
                type="date"
                required
                value={record.promisedAt ? dueDay(record.promisedAt) : localDate(now)}
              />
              <button type="submit">지연 사유와 새 예정일 알리기</button>
            </form>
          )}
        </section>
      )}
      <section aria-labelledby="notes">
        <h2 id="notes">내부 메모 (직원만 봅니다)</h2>
        {(record.notes ?? []).length === 0 ? (
          <p>메모 없음</p>
        ) : (
          <ul>
            {(record.notes ?? []).map((note) => (
              <li>
                {localDateTime(note.at)} · {note.by} · {note.text}
              </li>
            ))}
          </ul>
        )}
        {!readOnly && (
          <form method="post" action={`/staff/cases/${record.id}/notes`} class="stack">
            <label for="note">메모 남기기</label>
            <textarea id="note" name="note" rows={2} maxlength={2000} required>
              {typed.note ?? ''}
            </textarea>
            <button type="submit">메모 저장</button>
          </form>
        )}
      </section>
      <section aria-labelledby="history">
        <h2 id="history">처리 이력</h2>
        {user.role === 'admin' && (
          <p>
            <a href={`/staff/audit?case=${record.id}`}>이 의견의 감사 기록</a>
          </p>
        )}
        <ol>
          {(record.history ?? []).map((h) => (
            <li>
              {localDateTime(h.at)} · {h.by === 'visitor' ? '방문자' : h.by === 'cardbox' ? '시스템' : h.by} ·{' '}
              {h.what}
              {h.changes?.length ? (
                <ul>
                  {h.changes.map((change) => (
                    <li>
                      {change.field}: 「{change.from || '—'}」 → 「{change.to || '—'}」
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ol>
      </section>
    </StaffLayout>
  );
}

function CaseworkForms(props: CasePageProps) {
  const { cardbox, record, user, now } = props;
  const typed = currentFlash()?.values ?? {};
  const ready = cannedAnswers(cardbox, record);
  const department =
    record.department ?? cardbox.profile.areas.find((a) => a.id === record.areas[0])?.department;
  return (
    <>
      <section aria-labelledby="classify">
        <h2 id="classify">분류</h2>
        <form method="post" action={`/staff/cases/${record.id}/classify`}>
          <fieldset>
            <legend>이 의견은</legend>
            {CLASSIFICATIONS.map((c) => (
              <label class="choice">
                <input
                  type="radio"
                  name="classification"
                  value={c.id}
                  checked={record.classification === c.id}
                  required
                />{' '}
                {c.label}
              </label>
            ))}
          </fieldset>
          {/* Needed only for 처리 불가: folded away otherwise (two tall boxes on a phone for a rare case). */}
          <details class="impossible" open={record.classification === 'impossible'}>
            <summary>처리 불가일 때: 사유와 불복 방법 (필수)</summary>
            <label for="impossibleReason" class="field-label">
              처리 불가 사유 (관련 법령 등)
            </label>
            <textarea id="impossibleReason" name="impossibleReason" rows={2}>
              {record.impossible?.reason ?? ''}
            </textarea>
            <label for="impossibleAppeal" class="field-label">
              불복·구제신청 방법
            </label>
            <textarea id="impossibleAppeal" name="impossibleAppeal" rows={2}>
              {record.impossible?.appeal ?? ''}
            </textarea>
          </details>
          <button type="submit">분류 저장</button>
        </form>
      </section>
      <section aria-labelledby="assign">
        <h2 id="assign">담당 지정 (실명제)</h2>
        <form method="post" action={`/staff/cases/${record.id}/assign`}>
          <label for="department">담당 부서</label>
          <select id="department" name="department" required>
            {cardbox.profile.departments.map((d) => (
              <option value={d.id} selected={d.id === department}>
                {d.name} ({d.phone})
              </option>
            ))}
          </select>
          <label for="officerId">담당자 (직원 계정)</label>
          <select id="officerId" name="officerId">
            <option value="">직접 입력</option>
            {props.staff
              .filter((u) => !u.disabled && u.role !== 'viewer')
              .map((u) => (
                <option value={u.id} selected={record.officer?.userId === u.id}>
                  {u.name} · {departmentName(cardbox, u.department)} · {u.phone ?? '전화 없음'}
                </option>
              ))}
          </select>
          <label for="officerName">담당자 이름 (직접 입력 시)</label>
          <input id="officerName" name="name" />
          <label for="officerPhone">담당자 전화 (비우면 계정 또는 부서 번호)</label>
          <input id="officerPhone" name="phone" inputmode="tel" />
          <button type="submit">담당 지정</button>
        </form>
      </section>
      {record.classification !== 'no-reply' ? (
        <section aria-labelledby="notice">
          <h2 id="notice">결과 통지</h2>
          {record.notice && (
            <>
              <p>
                게시됨 {localDateTime(record.notice.publishedAt)} · {record.notice.publishedBy}
                {record.notice.corrections?.length
                  ? ` · 정정 ${record.notice.corrections.length}회 (마지막 ${localDateTime(record.notice.corrections.at(-1)!.at)})`
                  : ''}
              </p>
              <pre class="notice-text">{record.notice.text}</pre>
              <details>
                <summary>통지 고치기 (고친 내용과 까닭이 기록되고 방문자에게 다시 안내됩니다)</summary>
                <form method="post" action={`/staff/cases/${record.id}/notice/correct`} class="stack">
                  <label for="correct-result">고친 처리 내용</label>
                  <textarea id="correct-result" name="result" rows={5} required>
                    {typed.result ?? ''}
                  </textarea>
                  <label for="correct-reason">고치는 까닭</label>
                  <input id="correct-reason" name="reason" required maxlength={500} />
                  <button type="submit">고친 통지 게시·발송</button>
                </form>
              </details>
            </>
          )}
          {!record.notice && record.noticeDraft && (
            <section class="note" aria-labelledby="draft">
              <h3 id="draft">결재 대기</h3>
              <p>
                {record.noticeDraft.by} 작성 · {localDateTime(record.noticeDraft.at)}
              </p>
              <pre class="notice-text">{noticeText(cardbox, record, record.noticeDraft.result, now)}</pre>
              {user.role === 'admin' && (
                <form method="post" action={`/staff/cases/${record.id}/notice/decide`} class="stack">
                  <label for="decide-comment">돌려보낼 때 까닭</label>
                  <input id="decide-comment" name="comment" maxlength={300} />
                  <button type="submit" name="decision" value="approve">
                    결재 (게시·발송)
                  </button>{' '}
                  <button type="submit" name="decision" value="return" class="button-secondary">
                    돌려보내기
                  </button>
                </form>
              )}
            </section>
          )}
          {!record.notice && props.preview && (
            <section class="note" aria-labelledby="preview">
              <h3 id="preview">미리 보기: 방문자가 받을 통지</h3>
              <pre class="notice-text">{props.preview.text}</pre>
            </section>
          )}
          {!record.notice && (
            <form method="post" action={`/staff/cases/${record.id}/notice`}>
              {ready.length > 1 && (
                <details class="canned" open={props.withAnswer !== undefined}>
                  <summary>
                    다른 준비된 답변 고르기 ({classificationLabel(record.classification)} {ready.length}개)
                  </summary>
                  <fieldset id="canned">
                    <legend>준비된 답변</legend>
                    {ready.map((answer, i) => (
                      <label class="choice">
                        <input
                          type="radio"
                          name="canned"
                          value={String(i)}
                          data-answer={answer}
                          checked={i === (props.withAnswer?.chosen ?? 0)}
                        />{' '}
                        {answer}
                      </label>
                    ))}
                  </fieldset>
                  {/* Without JavaScript this posts the form and the page comes back with the answer in the box
                      (nothing saved); public/case.js puts it in at once. */}
                  <button
                    type="submit"
                    id="canned-use"
                    name="use"
                    value="canned"
                    class="button-secondary"
                    formnovalidate
                    aria-describedby="canned-hint"
                    formaction={`/staff/cases/${record.id}/notice#result`}
                  >
                    이 답변 넣기
                  </button>
                  <p class="hint" id="canned-hint">
                    아래 칸이 비었거나 준비된 답변 그대로이면 바꾸고, 직접 쓴 글이 있으면 그 뒤에 붙입니다.
                  </p>
                  <script src="/static/case.js" defer />
                </details>
              )}
              <label for="result">처리한 내용 (부서·담당자·전화·날짜는 자동으로 들어갑니다)</label>
              <textarea id="result" name="result" rows={5} required>
                {typed.result ?? props.preview?.result ?? props.withAnswer?.result ?? ready[0] ?? ''}
              </textarea>
              {/* The preview answers the post: its fragment takes the page to the preview, not to the top. */}
              <button
                type="submit"
                name="preview"
                value="1"
                class="button-secondary"
                formaction={`/staff/cases/${record.id}/notice#preview`}
              >
                미리 보기
              </button>{' '}
              <button type="submit">결과 통지 게시·발송</button>
            </form>
          )}
        </section>
      ) : null}
      <section aria-labelledby="calls">
        <h2 id="calls">전화 기록</h2>
        <ul>
          {(record.calls ?? []).map((call) => (
            <li>
              {localDateTime(call.at)} · {call.by} · {CALL_OUTCOME[call.outcome]}
              {call.note ? ` · ${call.note}` : ''}
            </li>
          ))}
        </ul>
        <form method="post" action={`/staff/cases/${record.id}/calls`}>
          <label for="outcome">통화 결과</label>
          <select id="outcome" name="outcome">
            {Object.entries(CALL_OUTCOME).map(([value, label]) => (
              <option value={value}>{label}</option>
            ))}
          </select>
          <label for="note">메모 (연락처는 적지 마세요)</label>
          <input id="note" name="note" maxlength={200} />
          <label class="choice">
            <input type="checkbox" name="answered" value="yes" /> 이 통화로 답변(또는 첫 연락)을 마쳤습니다
          </label>
          <button type="submit">통화 기록</button>
        </form>
      </section>
    </>
  );
}

export const CALL_OUTCOME: Record<string, string> = {
  reached: '통화함',
  'no-answer': '받지 않음',
  'wrong-number': '잘못된 번호',
};

function Deliveries(props: CasePageProps) {
  const { record, messages } = props;
  return (
    <section aria-labelledby="deliveries">
      <h2 id="deliveries">발송</h2>
      {/* The letter is printed to be posted: staff's work, refused to a reader (열람 전용). */}
      {record.notice && props.user.role !== 'viewer' && (
        <p>
          <a href={`/staff/cases/${record.id}/letter.pdf`}>우편용 통지문 (PDF)</a>
        </p>
      )}
      {record.notice && !record.answeredAt && props.user.role !== 'viewer' && (
        <form method="post" action={`/staff/cases/${record.id}/delivered`} class="inline">
          <label for="how">다른 방법으로 전달함</label>
          <select id="how" name="how">
            <option value="post">우편으로 보냄</option>
            <option value="visit">방문한 방문자에게 직접 전함</option>
          </select>
          <button type="submit">전달 기록 (답변 완료)</button>
        </form>
      )}
      {messages.length === 0 ? (
        <p>발송 내역 없음</p>
      ) : (
        <ul>
          {messages.map((m) => (
            <li class={deliveryState(m).problem ? 'failed' : ''}>
              {m.kind === 'notice' ? '결과 통지' : m.kind === 'delay' ? '지연 안내' : '기한 알림'} ·{' '}
              {m.channel === 'email' ? '이메일' : '문자'} · {deliveryState(m).label}
              {m.sentAt ? ` ${localDateTime(m.sentAt)}` : ''} · 시도 {m.attempts.length}회
              {m.attempts.at(-1)?.error ? ` · 마지막 오류: ${m.attempts.at(-1)!.error}` : ''}
              {m.status === 'failed' && props.user.role !== 'viewer' && (
                <form method="post" action={`/staff/outbox/${m.id}/retry`} class="inline">
                  <button type="submit">다시 보내기</button>
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
