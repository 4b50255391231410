import type { AnnualReport } from '../../reports/annual.ts';
import type { Preferences } from '../../web/preferences.ts';
import { Layout } from '../components/Layout.tsx';
import { AnnualReportBody, annualTitle } from './AnnualReportPage.tsx';

/** The annual report as published on the homepage once staff record the results as published. */
export function PublicAnnualPage(props: { site: string; prefs: Preferences; report: AnnualReport }) {
  const { report } = props;
  return (
    <Layout title={annualTitle(report.year)} site={props.site} prefs={props.prefs} area="reports">
      <h1>{annualTitle(report.year)}</h1>
      <p>
        {`${report.institution} · 대상 기간 ${report.stats.period.from} ~ ${report.stats.period.to}`} ·{' '}
        <a href={`/stats/annual/${report.year}.pdf`}>인쇄용 PDF</a> · <a href="/stats">처리 통계</a> ·{' '}
        <a href="/board">처리 결과 게시판</a>
      </p>
      <AnnualReportBody report={report} />
    </Layout>
  );
}
