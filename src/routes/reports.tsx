import { type Context, Hono } from 'hono';
import { requireRole, type StaffEnv } from '../auth/index.ts';
import type { Cardbox } from '../context.ts';
import { UserError } from '../errors.ts';
import { annualReport } from '../reports/annual.ts';
import { annualReportPdf } from '../reports/annual-pdf.ts';
import {
  type BoardQuery,
  boardPage,
  publishToBoard,
  QUERY_MAX,
  unpublishFromBoard,
} from '../reports/board.ts';
import {
  charterDeadlines,
  type MilestoneKind,
  setMilestone,
  surveyYearDeadlines,
} from '../reports/deadlines.ts';
import { exportRows, toCsv, toJson, toXlsx } from '../reports/export.ts';
import { boardFeed } from '../reports/feed.ts';
import {
  monthPeriod,
  type Period,
  parseMonth,
  parsePeriod,
  parseYear,
  periodOrDefault,
  yearPeriod,
} from '../reports/period.ts';
import { addPlan, deletePlan, type PlanInput, plansFor, updatePlan } from '../reports/plans.ts';
import { computeStatistics, listCasesIn } from '../reports/statistics.ts';
import { localDate, localInstant } from '../time/zone.ts';
import { Layout } from '../views/components/Layout.tsx';
import { SerialLookup } from '../views/components/SerialLookup.tsx';
import { AnnualReportPage } from '../views/reports/AnnualReportPage.tsx';
import { BoardPage } from '../views/reports/BoardPage.tsx';
import { PlansPage } from '../views/reports/PlansPage.tsx';
import { PublicAnnualPage } from '../views/reports/PublicAnnualPage.tsx';
import { PublicStatsPage } from '../views/reports/PublicStatsPage.tsx';
import { StaffStatsPage } from '../views/reports/StaffStatsPage.tsx';
import { formBody, jsonBody } from '../web/clean-text.ts';
import { type PreferencesVariables, preferences } from '../web/preferences.ts';
import { securityHeaders } from '../web/security-headers.ts';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type PublicEnv = { Variables: PreferencesVariables };

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** `/board` and `/board/feed.xml`: the public results board and its Atom feed. */
export function boardRoutes(cardbox: Cardbox): Hono<PublicEnv> {
  const app = new Hono<PublicEnv>();
  app.use('*', securityHeaders(), preferences());
  app.get('/', async (c) => {
    const areas = cardbox.profile.areas.map((a) => ({ id: a.id, label: a.label }));
    const area = c.req.query('area') ?? '';
    const month = c.req.query('month') ?? '';
    const pageNumber = Number(c.req.query('page') ?? '1');
    const query: BoardQuery = { page: Number.isInteger(pageNumber) && pageNumber > 0 ? pageNumber : 1 };
    let error: string | undefined;
    if (area && !areas.some((a) => a.id === area))
      error = '알 수 없는 서비스 분야입니다. 목록에서 골라 주세요.';
    else if (area) query.area = area;
    if (month) {
      try {
        query.month = parseMonth(month);
      } catch (e) {
        error = (e as Error).message;
      }
    }
    const status = c.req.query('status') ?? '';
    if (status === 'open' || status === 'answered') query.status = status;
    else if (status) error = '처리 상태는 목록에서 골라 주세요.';
    const q = (c.req.query('q') ?? '').trim();
    if (q.length > QUERY_MAX) error = `검색어는 ${QUERY_MAX}자 이내로 적어 주세요.`;
    else if (q) query.q = q;
    const props = {
      site: cardbox.profile.institution.name,
      prefs: c.var.prefs,
      page: await boardPage(cardbox, query),
      query,
      areas,
      feedUrl: `${cardbox.settings.PUBLIC_BASE_URL.replace(/\/+$/, '')}/board/feed.xml`,
    };
    return error ? c.html(<BoardPage {...props} error={error} />, 400) : c.html(<BoardPage {...props} />);
  });
  app.get('/feed.xml', async (c) =>
    c.body(await boardFeed(cardbox), 200, { 'Content-Type': 'application/atom+xml; charset=utf-8' }),
  );
  return app;
}

function clampToToday(period: Period, today: string): Period {
  return period.to > today && period.from <= today ? { from: period.from, to: today } : period;
}

/** `/stats`: public statistics by year or month. */
export function publicStatsRoutes(cardbox: Cardbox): Hono<PublicEnv> {
  const app = new Hono<PublicEnv>();
  app.use('*', securityHeaders(), preferences());
  app.get('/', async (c) => {
    const now = cardbox.now();
    const today = localDate(now);
    const thisYear = Number(today.slice(0, 4));
    let earliest = now.toISOString();
    const received = await cardbox.cases.earliestReceived();
    if (received && received < earliest) earliest = received;
    const first = Math.min(thisYear, Number(localDate(earliest).slice(0, 4)));
    const years = Array.from({ length: thisYear - first + 1 }, (_, i) => thisYear - i);
    let year = thisYear;
    let month: string | undefined;
    let error: string | undefined;
    try {
      if (c.req.query('year')) year = parseYear(c.req.query('year'));
      const m = c.req.query('month');
      if (m) month = parseMonth(m.includes('-') ? m : `${year}-${m.padStart(2, '0')}`);
    } catch (e) {
      error = (e as Error).message;
    }
    const period = clampToToday(month ? monthPeriod(month) : yearPeriod(year), today);
    const stats = computeStatistics(cardbox.profile, await listCasesIn(cardbox, period), period, now);
    const props = {
      site: cardbox.profile.institution.name,
      prefs: c.var.prefs,
      stats,
      year,
      published: await publishedReportYears(cardbox),
      years: years.includes(year) ? years : [year, ...years],
      ...(month ? { month } : {}),
    };
    return error
      ? c.html(<PublicStatsPage {...props} error={error} />, 400)
      : c.html(<PublicStatsPage {...props} />);
  });
  app.get('/annual/:file{[0-9]{4}(\\.pdf)?}', async (c) => {
    const file = c.req.param('file');
    const year = Number(file.slice(0, 4));
    if (!(await publishedReportYears(cardbox)).includes(year))
      return c.html(
        <Layout
          title="보고서 없음"
          site={cardbox.profile.institution.name}
          prefs={c.var.prefs}
          area="reports"
        >
          <h1>아직 공개되지 않은 보고서입니다</h1>
          <p>
            {`${year}년 서비스헌장 이행 결과 보고서는 아직 공개되지 않았습니다.`}{' '}
            <a href="/stats">처리 통계</a>
          </p>
          <SerialLookup lang={c.var.prefs.lang} />
        </Layout>,
        404,
      );
    const report = await annualReport(cardbox, year);
    if (file.endsWith('.pdf'))
      return attachment(c, `charter-report-${year}.pdf`, 'application/pdf', await annualReportPdf(report));
    return c.html(
      <PublicAnnualPage site={cardbox.profile.institution.name} prefs={c.var.prefs} report={report} />,
    );
  });
  return app;
}

/** Survey years whose results staff recorded as published: their annual report is public. */
export async function publishedReportYears(cardbox: Cardbox): Promise<number[]> {
  return (await cardbox.plans.milestones({ kind: 'results' })).map((m) => m.year).sort((a, b) => b - a);
}

/** `/staff/stats`: the staff statistics dashboard for any period. */
export function staffStatsRoutes(cardbox: Cardbox): Hono<StaffEnv> {
  const app = new Hono<StaffEnv>();
  app.use('*', securityHeaders(), requireRole(cardbox));
  app.get('/', async (c) => {
    const now = cardbox.now();
    const { period, error } = periodOrDefault(c.req.query('from'), c.req.query('to'), now);
    const stats = computeStatistics(cardbox.profile, await listCasesIn(cardbox, period), period, now);
    const page = (
      <StaffStatsPage
        cardbox={cardbox}
        user={c.var.staff}
        stats={stats}
        deadlines={await charterDeadlines(cardbox, now)}
        error={error}
      />
    );
    return c.html(page, error ? 400 : 200);
  });
  return app;
}

function attachment(c: Context, name: string, type: string, body: Uint8Array | string): Response {
  c.header('Content-Disposition', `attachment; filename="${name}"`);
  c.header('Cache-Control', 'no-store');
  return c.body(typeof body === 'string' ? body : new Uint8Array(body), 200, { 'Content-Type': type });
}

/**
 * `/staff/reports`: exports, the annual report (HTML and PDF), the improvement plan, the charter's steps, and
 * the board publishing API that the case page posts to.
 */
export function staffReportRoutes(cardbox: Cardbox): Hono<StaffEnv> {
  const app = new Hono<StaffEnv>();
  const anyone = requireRole(cardbox);
  const editors = requireRole(cardbox, 'admin', 'staff');
  app.use('*', securityHeaders());

  const period = (c: Context) => parsePeriod(c.req.query('from'), c.req.query('to'), cardbox.now());
  const exportOf = (format: 'csv' | 'xlsx' | 'json') =>
    app.get(`/export.${format}`, anyone, async (c) => {
      const chosen = period(c);
      const rows = await exportRows(cardbox, chosen);
      const name = `cardbox-${chosen.from}_${chosen.to}`;
      if (format === 'csv') return attachment(c, `${name}.csv`, 'text/csv; charset=utf-8', toCsv(rows));
      if (format === 'json')
        return attachment(
          c,
          `${name}.json`,
          'application/json; charset=utf-8',
          await toJson(cardbox, chosen, rows),
        );
      const xlsx = await toXlsx(cardbox, chosen, rows);
      return attachment(c, `${name}.xlsx`, XLSX_TYPE, xlsx);
    });
  exportOf('csv');
  exportOf('xlsx');
  exportOf('json');

  app.get('/annual/:file{[0-9]{4}(\\.pdf)?}', anyone, async (c) => {
    const file = c.req.param('file');
    const year = parseYear(file.slice(0, 4));
    const report = await annualReport(cardbox, year);
    if (file.endsWith('.pdf'))
      return attachment(c, `charter-report-${year}.pdf`, 'application/pdf', await annualReportPdf(report));
    const publicUrl = (await publishedReportYears(cardbox)).includes(year)
      ? `/stats/annual/${year}`
      : undefined;
    return c.html(
      <AnnualReportPage cardbox={cardbox} user={c.var.staff} report={report} publicUrl={publicUrl} />,
    );
  });

  const plansPage = async (c: Context<StaffEnv>, year: number, error?: string) =>
    c.html(
      <PlansPage
        cardbox={cardbox}
        user={c.var.staff}
        year={year}
        plans={await plansFor(cardbox, year)}
        deadlines={await surveyYearDeadlines(cardbox, year, cardbox.now())}
        canEdit={c.var.staff.role !== 'viewer'}
        error={error}
      />,
      error ? 400 : 200,
    );
  const thisYear = () => Number(localDate(cardbox.now()).slice(0, 4));

  app.get('/plans', anyone, async (c) => {
    const query = c.req.query('year');
    return plansPage(c, query ? parseYear(query) : thisYear());
  });

  const planInput = async (c: Context): Promise<PlanInput> => {
    const form = await formBody(c);
    return {
      year: text(form.year),
      title: text(form.title),
      owner: text(form.owner),
      status: (text(form.status) || 'planned') as PlanInput['status'],
      due: text(form.due),
      note: text(form.note),
    };
  };
  const afterPlan = async (c: Context<StaffEnv>, input: PlanInput, work: () => Promise<unknown>) => {
    const year = Number(input.year) || thisYear();
    c.set('back', `/staff/reports/plans?year=${year}`);
    await work();
    return c.redirect(`/staff/reports/plans?year=${year}`, 303);
  };
  app.post('/plans', editors, async (c) => {
    const input = await planInput(c);
    return afterPlan(c, input, () => addPlan(cardbox, input, c.var.staff.username));
  });
  app.post('/plans/:id', editors, async (c) => {
    const input = await planInput(c);
    return afterPlan(c, input, () => updatePlan(cardbox, c.req.param('id'), input, c.var.staff.username));
  });
  app.post('/plans/:id/delete', editors, async (c) => {
    const item = await cardbox.plans.get(c.req.param('id'));
    const input = { year: String(item?.year ?? thisYear()), title: '', owner: '' };
    return afterPlan(c, input, () => deletePlan(cardbox, c.req.param('id')));
  });

  app.post('/milestones', editors, async (c) => {
    const form = await formBody(c);
    c.set('back', `/staff/reports/plans?year=${Number(text(form.year)) || thisYear()}`);
    const year = parseYear(text(form.year));
    const kind = text(form.kind);
    if (kind !== 'survey' && kind !== 'results' && kind !== 'plan')
      throw new UserError('단계를 골라 주세요. (survey, results or plan)');
    const doneOn = text(form.doneOn);
    const doneAt = doneOn
      ? localInstant(`${parsePeriod(doneOn, doneOn, cardbox.now()).from}T12:00`)
      : undefined;
    await setMilestone(
      cardbox,
      { year, kind: kind as MilestoneKind, done: text(form.undo) !== '1', ...(doneAt ? { doneAt } : {}) },
      c.var.staff.username,
    );
    return c.redirect(`/staff/reports/plans?year=${year}`, 303);
  });

  // The board publishing API: a form post (with `next`, redirected back) or JSON.
  const boardChange = async (
    c: Context<StaffEnv>,
    work: (body: Record<string, unknown>) => Promise<unknown>,
  ) => {
    const isJson = (c.req.header('content-type') ?? '').includes('application/json');
    const body: Record<string, unknown> = isJson ? await jsonBody(c) : await formBody(c);
    const next = text(body.next);
    const toPage = next.startsWith('/staff/') && !next.startsWith('//') && !isJson;
    if (toPage) c.set('back', next);
    const record = (await work(body)) as { board?: unknown };
    if (toPage) return c.redirect(next, 303);
    return c.json({ ok: true, board: record.board ?? null });
  };
  app.post('/board/:caseId', editors, (c) =>
    boardChange(c, (body) =>
      publishToBoard(
        cardbox,
        c.req.param('caseId'),
        { summary: text(body.summary), action: text(body.action) },
        c.var.staff.username,
      ),
    ),
  );
  app.post('/board/:caseId/unpublish', editors, (c) =>
    boardChange(c, () => unpublishFromBoard(cardbox, c.req.param('caseId'), c.var.staff.username)),
  );

  return app;
}
