import { formatSerial } from '../../cards/serial.ts';
import { departmentName } from '../../cases/assign.ts';
import { classificationLabel, isOpen } from '../../cases/classify.ts';
import { isTyped } from '../../cases/content.ts';
import { CHANNEL_LABELS, STAGE_LABELS, TYPE_LABELS } from '../../cases/labels.ts';
import { reviewReasons } from '../../cases/queries.ts';
import { caseStage } from '../../cases/stage.ts';
import type { Cardbox } from '../../context.ts';
import type { CaseRecord } from '../../store/records.ts';
import { dueDay, localDateTime } from '../../time/zone.ts';
import { timeLeft } from './format.ts';

/** Due date and time left, in words (never colour alone). */
export function DueCell(props: { record: CaseRecord; now: Date }) {
  const { record, now } = props;
  if (!isOpen(record))
    return <span>{record.answeredAt ? `답변 ${localDateTime(record.answeredAt)}` : '—'}</span>;
  const left = timeLeft(now, record.dueAt);
  return (
    <span class={left.overdue ? 'due overdue' : 'due'}>
      {dueDay(record.dueAt)}까지 · <strong>{left.overdue ? `기한 초과 ${left.text}` : left.text}</strong>
    </span>
  );
}

export function caseTitle(record: CaseRecord): string {
  if (record.serial) return formatSerial(record.serial);
  const what = record.channel === 'cardbox' ? '미확인 카드' : `${CHANNEL_LABELS[record.channel]} 접수`;
  return `${what} ${record.id.slice(0, 8)}`;
}

/** The first words of what the visitor wrote; a machine reading not yet confirmed says it is a draft. */
function Preview(props: { record: CaseRecord }) {
  const { record } = props;
  const text = record.message.replace(/\s+/g, ' ').trim();
  if (!text) return null;
  const draft = !isTyped(record) && record.reading && !record.reading.needsReview.includes('confirmed');
  return (
    <span class="preview">
      {draft ? <em>판독 초안: </em> : null}
      {text.length > 70 ? `${text.slice(0, 70)}…` : text}
    </span>
  );
}

export function CaseTable(props: {
  cardbox: Cardbox;
  cases: CaseRecord[];
  now: Date;
  caption: string;
  /** The inbox: the first words of each message and why a case needs a look. */
  preview?: boolean;
  /** The id of a form the rows' checkboxes belong to (bulk actions). */
  selectFor?: string;
  /** False: no link to each case (the regional overview reads another institution's cases, it does not open them). */
  links?: boolean;
}) {
  if (props.cases.length === 0) return <p>{props.caption}: 없음</p>;
  return (
    <table class="cases stacked">
      <caption>
        {props.caption} ({props.cases.length}건)
      </caption>
      <thead>
        <tr>
          {props.selectFor && <th scope="col">선택</th>}
          <th scope="col">일련번호</th>
          <th scope="col">종류</th>
          <th scope="col">접수</th>
          <th scope="col">분류</th>
          <th scope="col">부서·담당</th>
          <th scope="col">상태</th>
          <th scope="col">기한</th>
        </tr>
      </thead>
      <tbody>
        {props.cases.map((c) => (
          <tr class={c.breaches?.length ? 'breached' : ''}>
            {props.selectFor && (
              <td data-label="선택">
                <input
                  type="checkbox"
                  name="ids"
                  value={c.id}
                  form={props.selectFor}
                  aria-label={`${caseTitle(c)} 선택`}
                />
              </td>
            )}
            <td data-label="일련번호">
              {props.links === false ? (
                <strong>{caseTitle(c)}</strong>
              ) : (
                <a href={`/staff/cases/${c.id}`}>{caseTitle(c)}</a>
              )}
              {props.preview && <Preview record={c} />}
            </td>
            <td data-label="종류">{TYPE_LABELS[c.type]}</td>
            <td data-label="접수">
              {localDateTime(c.receivedAt)} · {CHANNEL_LABELS[c.channel]}
            </td>
            <td data-label="분류">{classificationLabel(c.classification)}</td>
            <td data-label="부서·담당">
              {c.officer ? `${departmentName(props.cardbox, c.department)} ${c.officer.name}` : '미배정'}
            </td>
            <td data-label="상태">
              {STAGE_LABELS[caseStage(c)]}
              {c.breaches?.length ? ' · 기한 초과 기록' : ''}
              {props.preview && reviewReasons(c).length > 0 && (
                <span class="needs-review">확인 필요: {reviewReasons(c).join(', ')}</span>
              )}
            </td>
            <td data-label="기한">
              <DueCell record={c} now={props.now} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
