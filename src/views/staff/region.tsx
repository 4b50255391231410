import type { Cardbox } from '../../context.ts';
import { type InstitutionFigures, REGION_SHOWS, type RegionShow } from '../../reports/region.ts';
import type { CaseRecord, StaffUser } from '../../store/records.ts';
import { CaseTable } from './case-table.tsx';
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
        기관 직원이 합니다. 기관 이름을 누르면 그 기관의 의견 목록을 읽기 전용으로 봅니다 (연락처와 카드
        사진은 보이지 않고, 열람은 그 기관의 감사 기록에 남습니다).
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
              <td data-label="기관">
                <a href={`/staff/region/${f.id}?year=${props.year}`}>{f.name}</a>
              </td>
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

const SHOW_LABELS: Record<RegionShow, string> = {
  open: '처리 중인 의견 (기한 이른 순)',
  breached: '기한을 넘긴 기록이 있는 의견',
  year: '그 해 접수된 모든 의견 (최근 순)',
};

/** At most this many rows on the page; the count says how many there are. */
export const REGION_ROWS = 200;

/**
 * One institution's cases as its regional administrator reads them: the inbox's table without links into
 * the casework, the first words of each message, never a contact detail or a card photo.
 */
export function RegionInstitutionPage(props: {
  cardbox: Cardbox;
  user: StaffUser;
  institution: { id: string; name: string; cardbox: Cardbox };
  show: RegionShow;
  year: number;
  cases: CaseRecord[];
  now: Date;
}) {
  const { institution, show, year } = props;
  const shown = props.cases.slice(0, REGION_ROWS);
  return (
    <StaffLayout title={`기관 전체 · ${institution.name}`} user={props.user} cardbox={props.cardbox}>
      <p>
        <a href={`/staff/region?year=${year}`}>← 기관 전체 목록</a>
      </p>
      <p>
        읽기 전용입니다. 의견 처리는 {institution.name} 직원이 하며, 연락처와 카드 사진은 보이지 않습니다. 이
        열람은 {institution.name}의 감사 기록에 남습니다.
      </p>
      <nav aria-label="보기">
        <ul class="views">
          {REGION_SHOWS.map((s) => (
            <li>
              <a
                href={`/staff/region/${institution.id}?show=${s}&year=${year}`}
                aria-current={s === show ? 'page' : undefined}
              >
                {SHOW_LABELS[s].replace('그 해', `${year}년`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {props.cases.length > shown.length && (
        <p>
          {props.cases.length.toLocaleString('ko-KR')}건 중 처음 {shown.length}건을 보입니다.
        </p>
      )}
      <CaseTable
        cardbox={institution.cardbox}
        cases={shown}
        now={props.now}
        caption={`${institution.name}: ${SHOW_LABELS[show].replace('그 해', `${year}년`)}`}
        preview
        links={false}
      />
    </StaffLayout>
  );
}
