import { MAX_CARDS_PER_RUN } from '../../cards/print.ts';
import { TYPE_LABELS } from '../../cases/labels.ts';
import type { Cardbox } from '../../context.ts';
import type { PrintBatch, StaffUser } from '../../store/records.ts';
import { localDateTime } from '../../time/zone.ts';
import { StaffLayout } from './layout.tsx';

export interface PrintPageProps {
  user: StaffUser;
  /** For the institution's name in the header and the delivery warnings, as on every staff page. */
  cardbox?: Cardbox;
  error?: string;
  history: { batch: PrintBatch; used: number; unused: number }[];
}

/** Printing cards: the form, how to print them well, a preview, the entrance poster and the batches so far. */
export function PrintPage(props: PrintPageProps) {
  const unused = props.history.reduce((sum, h) => sum + h.unused, 0);
  return (
    <StaffLayout title="카드 인쇄" user={props.user} {...(props.cardbox ? { cardbox: props.cardbox } : {})}>
      <p>새 일련번호가 붙은 카드를 만듭니다. PDF는 A4 한 장에 4장씩, 재단선이 함께 인쇄됩니다.</p>
      {props.error && (
        <p class="error" role="alert">
          {props.error}
        </p>
      )}
      <form method="post" action="/staff/print/batches" class="stack">
        <fieldset>
          <legend>카드 종류</legend>
          <label>
            <input type="radio" name="type" value="green" checked /> 그린카드 (칭찬·제안)
          </label>
          <label>
            <input type="radio" name="type" value="yellow" /> 옐로카드 (불편·불만)
          </label>
        </fieldset>
        <label for="count">장수 (1–{MAX_CARDS_PER_RUN})</label>
        <input id="count" name="count" type="number" min={1} max={MAX_CARDS_PER_RUN} value="40" required />
        <label for="format">형식</label>
        <select id="format" name="format">
          <option value="pdf">PDF (A4, 인쇄용)</option>
          <option value="png">PNG 이미지 묶음 (ZIP)</option>
          <option value="svg">SVG 이미지 묶음 (ZIP)</option>
        </select>
        <button type="submit">만들기</button>
      </form>
      <section aria-labelledby="advice">
        <h2 id="advice">잘 인쇄하려면</h2>
        <ul>
          <li>
            인쇄 창에서 <strong>실제 크기(100%)</strong>로 인쇄하세요. "페이지에 맞춤"은 끄세요: 기계가 카드를
            읽을 때 크기를 씁니다.
          </li>
          <li>
            A4 일반 용지(80g 이상)나 연두색·노란색 색지를 쓰세요. 흑백 인쇄도 카드 종류가 글자로 적혀 있어
            읽힙니다.
          </li>
          <li>재단선을 따라 자르고, 확인증(아래쪽)은 점선을 따라 뜯기 쉽게 접어 두세요.</li>
          <li>
            한 번 인쇄한 묶음은 아래 목록에서 같은 일련번호로 다시 받을 수 있습니다 (새 번호가 생기지
            않습니다).
          </li>
        </ul>
        <p>
          미리 보기: <a href="/staff/print/preview.png?type=green">그린카드</a> ·{' '}
          <a href="/staff/print/preview.png?type=yellow">옐로카드</a> (견본, 일련번호는 등록되지 않습니다)
        </p>
        <p>
          <a href="/staff/print/poster.pdf">입구 안내 포스터 (A4 PDF): "카드 없이 의견 쓰기" QR 코드</a>
        </p>
      </section>
      <section aria-labelledby="batches">
        <h2 id="batches">인쇄한 묶음</h2>
        <p>
          아직 돌아오지 않은 카드 {unused.toLocaleString('ko-KR')}장 (인쇄했지만 카드함이나 QR로 접수되지 않은
          카드)
        </p>
        {props.history.length === 0 ? (
          <p>아직 인쇄한 카드가 없습니다.</p>
        ) : (
          <table class="stacked">
            <caption>인쇄 기록 {props.history.length}묶음</caption>
            <thead>
              <tr>
                <th scope="col">만든 때</th>
                <th scope="col">종류</th>
                <th scope="col">장수</th>
                <th scope="col">접수됨</th>
                <th scope="col">미사용</th>
                <th scope="col">만든 사람</th>
                <th scope="col">다시 받기</th>
              </tr>
            </thead>
            <tbody>
              {props.history.map(({ batch, used, unused }) => (
                <tr>
                  <td data-label="만든 때">
                    <a href={`/staff/print/batches/${batch.id}`}>{localDateTime(batch.createdAt)}</a>
                  </td>
                  <td data-label="종류">{TYPE_LABELS[batch.type]}</td>
                  <td data-label="장수">{batch.count}</td>
                  <td data-label="접수됨">{used}</td>
                  <td data-label="미사용">{unused}</td>
                  <td data-label="만든 사람">{batch.createdBy}</td>
                  <td data-label="다시 받기">
                    <a href={`/staff/print/batches/${batch.id}.pdf`}>PDF</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </StaffLayout>
  );
}
