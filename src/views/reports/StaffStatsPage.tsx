import type { Cardbox } from '../../context.ts';
import { annualKeyFigures, ruleFigures } from '../../reports/annual-text.ts';
import { statisticsCharts } from '../../reports/charts.ts';
import type { CharterDeadline } from '../../reports/deadlines.ts';
import type { Statistics } from '../../reports/statistics.ts';
import type { StaffUser } from '../../store/records.ts';
import { StaffLayout } from '../staff/layout.tsx';
import { ChartFigure, KeyFigures } from './ChartFigure.tsx';
import { DeadlineTable } from './DeadlineTable.tsx';

export interface StaffStatsProps {
  cardbox: Cardbox;
  user: StaffUser;
  stats: Statistics;
  deadlines: CharterDeadline[];
  error?: string;
}

/** The staff statistics dashboard for any period, with exports and the charter's publication deadlines. */
export function StaffStatsPage(props: StaffStatsProps) {
  const { stats } = props;
  const { from, to } = stats.period;
  const query = `from=${from}&to=${to}`;
  const year = to.slice(0, 4);
  return (
    <StaffLayout title="통계" user={props.user} cardbox={props.cardbox}>
      {props.error && (
        <p class="error" role="alert">
          {props.error}
        </p>
      )}
      <form method="get" action="/staff/stats" class="period-form">
        <label for="from">시작일</label>
        <input id="from" name="from" type="date" value={from} required />
        <label for="to">종료일</label>
        <input id="to" name="to" type="date" value={to} required />
        <button type="submit">보기</button>
      </form>
      <p>
        내려받기: <a href={`/staff/reports/export.csv?${query}`}>CSV (엑셀)</a> ·{' '}
        <a href={`/staff/reports/export.xlsx?${query}`}>XLSX</a> ·{' '}
        <a href={`/staff/reports/export.json?${query}`}>JSON</a> · 연락처와 의견 원문은 포함되지 않습니다.
      </p>
      <p>
        <a href={`/staff/reports/annual/${year}`}>{`${year}년 서비스헌장 이행 결과 보고서`}</a> ·{' '}
        <a href={`/staff/reports/plans?year=${year}`}>개선 계획 관리</a>
      </p>
      <h2>{`${from} ~ ${to}`}</h2>
      <KeyFigures rows={annualKeyFigures(stats)} />
      <h2>서비스헌장 공표 일정</h2>
      <DeadlineTable deadlines={props.deadlines} />
      <h2>이행기준별 결과</h2>
      <ul>
        {stats.rules.map((rule) => (
          <li>
            <strong>{rule.title}</strong>: {ruleFigures(rule)}
          </li>
        ))}
      </ul>
      <h2>그래프</h2>
      {statisticsCharts(stats).map((chart) => (
        <ChartFigure chart={chart} />
      ))}
    </StaffLayout>
  );
}
