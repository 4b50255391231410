import { annualKeyFigures } from '../../reports/annual-text.ts';
import { statisticsCharts } from '../../reports/charts.ts';
import type { Statistics } from '../../reports/statistics.ts';
import type { Preferences } from '../../web/preferences.ts';
import { Layout } from '../components/Layout.tsx';
import { ChartFigure, KeyFigures } from './ChartFigure.tsx';

export interface PublicStatsProps {
  site: string;
  prefs: Preferences;
  stats: Statistics;
  year: number;
  month?: string;
  years: number[];
  /** Years whose annual charter report is published. */
  published: number[];
  error?: string;
}

/**
 * Public statistics: counts and rates only, by year or month (never a narrower period), no case, officer or
 * visitor detail.
 */
export function PublicStatsPage(props: PublicStatsProps) {
  const { stats } = props;
  const charts = statisticsCharts(stats);
  return (
    <Layout title="의견 처리 통계" site={props.site} prefs={props.prefs} area="reports">
      <h1>의견 처리 통계</h1>
      <p>
        서비스헌장의 약속을 얼마나 지켰는지, 접수한 의견을 기준별·분야별로 공개합니다. 개인을 알아볼 수 있는
        정보는 싣지 않습니다. <a href="/board">처리 결과 게시판</a>
      </p>
      {props.published.length > 0 && (
        <p>
          서비스헌장 이행 결과 보고서:{' '}
          {props.published.map((y, i) => (
            <>
              {i > 0 && ' · '}
              <a href={`/stats/annual/${y}`}>{`${y}년`}</a>
            </>
          ))}
        </p>
      )}
      {props.error && (
        <p class="error-summary" role="alert">
          {props.error}
        </p>
      )}
      <form method="get" action="/stats" class="period-form">
        <label for="stats-year">연도</label>
        <select id="stats-year" name="year">
          {props.years.map((y) => (
            <option value={String(y)} selected={y === props.year}>
              {`${y}년`}
            </option>
          ))}
        </select>
        <label for="stats-month">월 (선택)</label>
        <select id="stats-month" name="month">
          <option value="">연간</option>
          {Array.from({ length: 12 }, (_, i) => String(i + 1).padStart(2, '0')).map((m) => (
            <option value={m} selected={props.month?.slice(5) === m}>
              {`${Number(m)}월`}
            </option>
          ))}
        </select>
        <button type="submit" class="button">
          보기
        </button>
      </form>
      <h2>{`${stats.period.from} ~ ${stats.period.to}`}</h2>
      <KeyFigures rows={annualKeyFigures(stats)} />
      {charts.map((chart) => (
        <ChartFigure chart={chart} />
      ))}
    </Layout>
  );
}
