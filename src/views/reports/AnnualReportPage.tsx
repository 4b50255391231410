import { PLAN_STATUS_LABELS } from '../../cases/labels.ts';
import type { Cardbox } from '../../context.ts';
import type { AnnualReport } from '../../reports/annual.ts';
import { annualKeyFigures, ruleFigures, sourceRows } from '../../reports/annual-text.ts';
import { percent } from '../../reports/charts.ts';
import type { StaffUser } from '../../store/records.ts';
import { StaffLayout } from '../staff/layout.tsx';
import { ChartFigure, KeyFigures } from './ChartFigure.tsx';
import { DeadlineTable } from './DeadlineTable.tsx';

export function annualTitle(year: number): string {
  return `${year}년 서비스헌장 이행 결과 보고서`;
}

/** The staff view of the annual report, with the links to the PDF and the plan. */
export function AnnualReportPage(props: {
  cardbox: Cardbox;
  user: StaffUser;
  report: AnnualReport;
  publicUrl?: string;
}) {
  const { report } = props;
  return (
    <StaffLayout title={annualTitle(report.year)} user={props.user} cardbox={props.cardbox}>
      <p>
        {`${report.institution} · 대상 기간 ${report.stats.period.from} ~ ${report.stats.period.to}`} ·{' '}
        <a href={`/staff/reports/annual/${report.year}.pdf`}>인쇄용 PDF 내려받기</a> ·{' '}
        <a href={`/staff/reports/plans?year=${report.year}`}>개선 계획 관리</a>
      </p>
      <p>
        {props.publicUrl ? (
          <>
            공개 중: <a href={props.publicUrl}>{props.publicUrl}</a>
          </>
        ) : (
          '조사 결과 공개 단계를 완료로 기록하면 이 보고서가 누리집용 공개 주소(/stats/annual/연도)에 게시됩니다.'
        )}
      </p>
      <AnnualReportBody report={report} />
    </StaffLayout>
  );
}

/** The annual charter report in HTML: the same sections, figures and charts as the PDF. */
export function AnnualReportBody(props: { report: AnnualReport }) {
  const { report } = props;
  const { stats } = report;
  const chart = (id: string) => report.charts.find((c) => c.id === id)!;
  return (
    <>
      <h2>1. 한눈에 보기</h2>
      <KeyFigures rows={annualKeyFigures(stats)} />
      <h2>2. 고객만족도 조사 결과</h2>
      <p>{`응답 ${stats.satisfaction.answered.toLocaleString('ko-KR')}건, '만족' 이상 ${percent(stats.satisfaction.satisfiedShare)}.`}</p>
      <ChartFigure chart={chart('satisfaction')} />
      <table class="stacked">
        <caption>응답 경로별 만족도</caption>
        <thead>
          <tr>
            <th scope="col">응답 경로</th>
            {stats.satisfaction.labels.map((l) => (
              <th scope="col">{l}</th>
            ))}
            <th scope="col">계</th>
          </tr>
        </thead>
        <tbody>
          {sourceRows(stats).map(([name, ...cells]) => (
            <tr>
              <th scope="row" data-label="응답 경로">
                {name}
              </th>
              {cells.map((cell, i) => (
                <td data-label={[...stats.satisfaction.labels, '계'][i]}>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <h2>3. 서비스 이행기준별 이행 결과</h2>
      <ChartFigure chart={chart('on-time')} />
      {stats.rules.map((rule) => (
        <section aria-label={rule.title}>
          <h3>{rule.title}</h3>
          {rule.promise && <blockquote>{rule.promise}</blockquote>}
          <p>{ruleFigures(rule)}</p>
        </section>
      ))}
      <h2>4. 기한 미준수와 보상</h2>
      <p>{`기한 미준수 기록 ${stats.breaches.count.toLocaleString('ko-KR')}건(의견 ${stats.breaches.cases.toLocaleString('ko-KR')}건), 상품권 ${stats.vouchers.count.toLocaleString('ko-KR')}매 ${stats.vouchers.amountKrw.toLocaleString('ko-KR')}원 지급.`}</p>
      <h2>5. 주요 의견</h2>
      <ChartFigure chart={chart('area')} />
      {report.themes.slice(0, 5).map((theme) => (
        <section aria-label={theme.label}>
          <h3>{`${theme.label}: ${theme.count.toLocaleString('ko-KR')}건 (${percent(theme.share)})`}</h3>
          <p>{`칭찬·제안 ${theme.green} · 불편·불만 ${theme.yellow}`}</p>
          {theme.examples.length > 0 && (
            <ul>
              {theme.examples.map((e) => (
                <li>{`${e.summary} → ${e.action} (${e.department})`}</li>
              ))}
            </ul>
          )}
        </section>
      ))}
      <ChartFigure chart={chart('classification')} />
      <ChartFigure chart={chart('type')} />
      <ChartFigure chart={chart('channel')} />
      <ChartFigure chart={chart('department')} />
      <ChartFigure chart={chart('month')} />
      <h2>6. 개선(시정) 계획</h2>
      {report.plans.length === 0 ? (
        <p>등록된 개선 과제가 없습니다.</p>
      ) : (
        <table class="stacked">
          <thead>
            <tr>
              <th scope="col">개선 과제</th>
              <th scope="col">담당</th>
              <th scope="col">상태</th>
              <th scope="col">목표일</th>
            </tr>
          </thead>
          <tbody>
            {report.plans.map((p) => (
              <tr>
                <th scope="row" data-label="개선 과제">
                  {p.title}
                </th>
                <td data-label="담당">{p.owner}</td>
                <td data-label="상태">{PLAN_STATUS_LABELS[p.status]}</td>
                <td data-label="목표일">{p.due ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>7. 헌장 공표 일정</h2>
      <DeadlineTable deadlines={report.deadlines} />
    </>
  );
}
