import type { Child } from 'hono/jsx';
import { checkLabel, checkNeedsReview, fieldNeedsReview, readingNotes } from '../../cases/review.ts';
import type { CaseRecord } from '../../store/records.ts';

/** Contact fields: shown to staff only while unconfirmed; confirming seals them into the case's contact. */
const CONTACT_FIELDS = new Set(['phone', 'email']);

const FIELD_LABEL: Record<string, string> = { message: '의견', phone: '휴대전화', email: '이메일' };

/**
 * The card's readings for staff to confirm: each field's crop beside its OCR draft, every checkbox reading;
 * low-confidence and undecided ones are marked in words and the first of them takes the focus. Enter in a
 * one-line field saves the whole form (the browser's default submit), so a clean card is one keystroke.
 */
export function ReviewForm(props: {
  record: CaseRecord;
  areaLabels: Map<string, string>;
  readOnly: boolean;
  /** The phone and e-mail drafts and crops are the assigned officer's: withheld, say so (not "no photo"). */
  contactWithheld?: boolean;
}) {
  const { record } = props;
  const reading = record.reading!;
  const fieldEntries = Object.entries(reading.fields);
  const firstDoubt = fieldEntries.find(([name, f]) => fieldNeedsReview(record, name, f))?.[0];
  const checks = Object.entries(reading.checks);
  const firstDoubtCheck = firstDoubt ? undefined : checks.find(([id]) => checkNeedsReview(record, id))?.[0];
  const confirmed = reading.needsReview.includes('confirmed');
  const notes = readingNotes(reading.needsReview);
  const withheld = (name: string) => Boolean(props.contactWithheld) && CONTACT_FIELDS.has(name);
  // A reader (열람 전용) sees the same rows, in no form: there is nothing it could send.
  const wrap = (rows: Child) =>
    props.readOnly ? (
      <div class="review">{rows}</div>
    ) : (
      <form method="post" action={`/staff/cases/${record.id}/review`} class="review">
        {rows}
      </form>
    );
  return (
    <section aria-labelledby="reading">
      <h2 id="reading">카드 판독 {confirmed ? '(확인 완료)' : '(확인 필요)'}</h2>
      {notes.length > 0 && (
        <ul class="reading-notes">
          {notes.map((note) => (
            <li>{note}</li>
          ))}
        </ul>
      )}
      {reading.image && (
        <img
          class="card-image"
          src={`/staff/cases/${record.id}/image`}
          alt="바로 세운 카드 사진"
          width={600}
        />
      )}
      {wrap(
        <>
          {fieldEntries.map(([name, field]) => {
            const doubt = fieldNeedsReview(record, name, field);
            const id = `field-${name}`;
            return (
              <div class={doubt ? 'review-row doubt' : 'review-row'}>
                {field.crop ? (
                  <img
                    src={`/staff/cases/${record.id}/crop/${name}`}
                    alt={`${FIELD_LABEL[name] ?? name} 칸 사진`}
                  />
                ) : withheld(name) ? (
                  <span class="no-crop">연락처 칸은 배정된 담당자만 봅니다</span>
                ) : (
                  <span class="no-crop">사진 없음</span>
                )}
                <div>
                  <label for={id}>
                    {FIELD_LABEL[name] ?? name}{' '}
                    <span class="confidence">
                      (판독 신뢰도 {Math.round(field.confidence * 100)}%{doubt ? ' · 확인 필요' : ''}
                      {field.confirmed ? ' · 확인됨' : ''})
                    </span>
                  </label>
                  {name === 'message' ? (
                    <textarea
                      id={id}
                      name={`field.${name}`}
                      rows={4}
                      autofocus={!props.readOnly && firstDoubt === name}
                      readonly={props.readOnly}
                    >
                      {field.text}
                    </textarea>
                  ) : (
                    <input
                      id={id}
                      name={`field.${name}`}
                      value={props.readOnly && CONTACT_FIELDS.has(name) ? '' : field.text}
                      placeholder={
                        field.confirmed && CONTACT_FIELDS.has(name)
                          ? '확인 후 암호화 보관됨'
                          : withheld(name) && !props.readOnly
                            ? '비워 두면 판독한 값을 그대로 보관합니다'
                            : undefined
                      }
                      autofocus={!props.readOnly && firstDoubt === name}
                      readonly={props.readOnly}
                      inputmode={name === 'phone' ? 'tel' : name === 'email' ? 'email' : undefined}
                    />
                  )}
                </div>
              </div>
            );
          })}
          <fieldset>
            <legend>체크 칸 판독</legend>
            <ul class="checks">
              {checks.map(([id, value]) => {
                const doubt = checkNeedsReview(record, id);
                const confidence = reading.checkConfidence?.[id];
                if (value === null && !props.readOnly) {
                  // Undecided: staff must say which it is; Enter cannot save the form until they have.
                  return (
                    <li class="doubt">
                      <fieldset class="undecided">
                        <legend>
                          {checkLabel(id, props.areaLabels)} · 판독 불확실: 카드 사진을 보고 골라 주세요
                        </legend>
                        <label>
                          <input
                            type="radio"
                            name={`decide.${id}`}
                            value="yes"
                            required
                            autofocus={!props.readOnly && firstDoubtCheck === id}
                          />{' '}
                          표시 있음
                        </label>{' '}
                        <label>
                          <input type="radio" name={`decide.${id}`} value="no" /> 표시 없음
                        </label>
                      </fieldset>
                    </li>
                  );
                }
                return (
                  <li class={doubt ? 'doubt' : ''}>
                    <label>
                      <input
                        type="checkbox"
                        name="check"
                        value={id}
                        checked={value === true}
                        autofocus={!props.readOnly && firstDoubtCheck === id}
                        disabled={props.readOnly}
                      />{' '}
                      {checkLabel(id, props.areaLabels)}
                      {value === null ? ' · 판독 불확실' : ''}
                      {doubt && value !== null ? ' · 확인 필요' : ''}
                      {confidence !== undefined ? ` (${Math.round(confidence * 100)}%)` : ''}
                    </label>
                  </li>
                );
              })}
            </ul>
          </fieldset>
          {!props.readOnly && (
            <button type="submit" accesskey="s">
              판독 확인·저장 (Enter)
            </button>
          )}
        </>,
      )}
    </section>
  );
}
