import { CARDS_PER_SHEET } from '../../cards/render.ts';
import { formatSerial } from '../../cards/serial.ts';
import { TYPE_LABELS } from '../../cases/labels.ts';
import type { Cardbox } from '../../context.ts';
import type { PrintBatch, StaffUser } from '../../store/records.ts';
import { localDateTime } from '../../time/zone.ts';
import { StaffLayout } from './layout.tsx';

const TYPE_PURPOSE = { green: '칭찬·제안', yellow: '불편·불만' } as const;
const FORMAT_LABEL = {
  pdf: 'PDF (A4, 한 쪽에 4장)',
  png: 'PNG 이미지 묶음 (ZIP)',
  svg: 'SVG 이미지 묶음 (ZIP)',
};

export interface PrintBatchPageProps {
  cardbox: Cardbox;
  user: StaffUser;
  batch: PrintBatch;
  /** In printed order: sheet 1 holds the first four. */
  serials: string[];
  /** Cards of the batch that have come back as cases, and those not (yet). */
  used: number;
  unused: number;
  /** The name of the account that printed it, when it still exists. */
  byName?: string;
  /** Just printed (the redirect after the form): say so and offer the file first. */
  justPrinted?: boolean;
}

/**
 * One printed batch: what was printed, by whom and when, the serials from first to last (and sheet by
 * sheet), how many came back, the file to print and a reprint of the whole batch or of one spoiled sheet.
 */
export function PrintBatchPage(props: PrintBatchPageProps) {
  const { batch, serials } = props;
  const base = `/staff/print/batches/${batch.id}`;
  const sheets = Math.ceil(serials.length / CARDS_PER_SHEET);
  const images = batch.format === 'png' || batch.format === 'svg';
  const first = serials[0];
  const last = serials.at(-1);
  return (
    <StaffLayout title="카드 인쇄 묶음" user={props.user} cardbox={props.cardbox}>
      {props.justPrinted && (
        <p class="note success" role="status">
          {`${TYPE_LABELS[batch.type]} ${batch.count.toLocaleString('ko-KR')}장의 일련번호를 만들었습니다. 아래에서 파일을 받아 인쇄하세요.`}
        </p>
      )}
      <div class={`card-band card-${batch.type}`}>
        <p>
          <strong>
            {TYPE_LABELS[batch.type]} ({TYPE_PURPOSE[batch.type]}) {batch.count.toLocaleString('ko-KR')}장
          </strong>
        </p>
      </div>
      <dl class="facts">
        <dt>일련번호</dt>
        <dd>
          {first && last ? (
            <>
              <span class="serial">{formatSerial(first)}</span> (첫 카드)
              {serials.length > 1 && (
                <>
                  <br />~ <span class="serial">{formatSerial(last)}</span> (마지막 카드, 인쇄 순서)
                </>
              )}
            </>
          ) : (
            '—'
          )}
        </dd>
        <dt>장수</dt>
        <dd>
          {batch.count.toLocaleString('ko-KR')}장 · A4 {sheets.toLocaleString('ko-KR')}쪽
        </dd>
        <dt>만든 때</dt>
        <dd>{localDateTime(batch.createdAt)}</dd>
        <dt>만든 사람</dt>
        <dd>{props.byName ? `${props.byName} (${batch.createdBy})` : batch.createdBy}</dd>
        <dt>형식</dt>
        <dd>{FORMAT_LABEL[batch.format as keyof typeof FORMAT_LABEL] ?? batch.format}</dd>
        <dt>접수됨</dt>
        <dd>{props.used.toLocaleString('ko-KR')}장 (카드함이나 QR로 돌아온 카드)</dd>
        <dt>미사용</dt>
        <dd>{props.unused.toLocaleString('ko-KR')}장</dd>
      </dl>
      <p class="actions">
        {images ? (
          <>
            <a class="button" href={`${base}.zip`}>
              {batch.format.toUpperCase()} 이미지 받기 (ZIP)
            </a>{' '}
            <a href={`${base}.pdf`}>A4 PDF로 받기</a>
          </>
        ) : (
          <a class="button" href={`${base}.pdf`}>
            PDF 받기 (A4 {sheets}쪽)
          </a>
        )}
      </p>
      <p>
        인쇄 창에서 <strong>실제 크기(100%)</strong>로 인쇄하세요 ("페이지에 맞춤"은 끄기).{' '}
        <a href="/staff/print#advice">잘 인쇄하는 방법</a>
      </p>
      <section aria-labelledby="reprint">
        <h2 id="reprint">다시 인쇄</h2>
        <p>
          같은 일련번호로 다시 받습니다. 새 번호는 생기지 않고, 이미 돌아온 카드의 번호도 그대로입니다.{' '}
          <a href={`${base}.pdf`}>묶음 전체 다시 받기 (PDF)</a>
        </p>
        {sheets > 1 && (
          <form method="get" action={`${base}.pdf`} class="inline">
            <label for="sheet">프린터가 망친 쪽만 다시 받기: 쪽 번호 (1–{sheets})</label>{' '}
            <input id="sheet" name="sheet" type="number" min={1} max={sheets} required inputmode="numeric" />{' '}
            <button type="submit" class="button-secondary">
              그 쪽만 받기
            </button>
          </form>
        )}
      </section>
      <details class="serial-sheets">
        <summary>쪽별 일련번호 ({sheets}쪽)</summary>
        <table>
          <caption>쪽마다 인쇄되는 카드의 일련번호 (왼쪽 위부터)</caption>
          <thead>
            <tr>
              <th scope="col">쪽</th>
              <th scope="col">일련번호</th>
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: sheets }, (_, i) => (
              <tr>
                <th scope="row">{i + 1}</th>
                <td class="serial">
                  {serials
                    .slice(i * CARDS_PER_SHEET, (i + 1) * CARDS_PER_SHEET)
                    .map(formatSerial)
                    .join(', ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      <p>
        <a href="/staff/print">카드 인쇄로 돌아가기</a>
      </p>
    </StaffLayout>
  );
}
