import type { Cardbox } from '../../context.ts';
import type { InstitutionFigures } from '../../reports/region.ts';
import type { StaffUser } from '../../store/records.ts';
import { StaffLayout } from './layout.tsx';

const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);

/** The regional administrator's overview: every institution of the deployment with the year's figures. */
export function RegionPage(props: {
  cardbox: Cardbox;
  user: StaffUser;
  year: number;
  figures: InstitutionFigures[];
}) {
  const total = props.figures.reduce((sum, f) => sum + f.received, 0);
  return (
    <StaffLayout title="기관 전체" user={props.user} cardbox={props.cardbox}>
      <p>
        {props.year}년 기관 {props.figures.length}곳, 접수 {total.toLocaleString('ko-KR')}건. 의견 처리는 각
        기관 직원이 하며, 여기서는 기관별 수치만 봅니다 (연락처와 의견 내용은 보이지 않습니다).
      </p>
      <table class="stacked">
        <caption>{props.year}년 기관별 처리 현황</caption>
        <thead>
          <tr>
            <th scope="col">기관</th>
            <th scope="col">접수</th>
            <th scope="col">기한 내 처리율</th>
            <th scope="col">기한 초과 (처리 중)</th>
            <th scope="col">기한 위반</th>
            <th scope="col">공개 통계</th>
          </tr>
        </thead>
        <tbody>
          {props.figures.map((f) => (
            <tr>
              <td data-label="기관">{f.name}</td>
              <td data-label="접수">{f.received.toLocaleString('ko-KR')}건</td>
              <td data-label="기한 내 처리율">{percent(f.onTimeRate)}</td>
              <td data-label="기한 초과 (처리 중)">{f.overdue}건</td>
              <td data-label="기한 위반">{f.breaches}건</td>
              <td data-label="공개 통계">
                <a href={`${f.baseUrl}/stats?year=${props.year}`}>{f.name} 통계</a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </StaffLayout>
  );
}
