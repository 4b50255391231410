import { Hono } from 'hono';
import { audit } from '../audit/log.ts';
import { requireRole, type StaffEnv } from '../auth/index.ts';
import type { Cardbox } from '../context.ts';
import { parseYear } from '../reports/period.ts';
import {
  institutionCases,
  REGION_SHOWS,
  type RegionDirectory,
  type RegionShow,
  regionFigures,
} from '../reports/region.ts';
import { localDate } from '../time/zone.ts';
import { RegionInstitutionPage, RegionPage } from '../views/staff/region.tsx';

/** `/staff/region`: on the home institution of a region, for its administrators only. */
export function regionRoutes(home: Cardbox, region: RegionDirectory): Hono<StaffEnv> {
  const app = new Hono<StaffEnv>();
  /** The year asked for; this year when none is, or when it is not a year. */
  const yearOf = (asked: string | undefined) => {
    const thisYear = Number(localDate(home.now()).slice(0, 4));
    try {
      return asked ? parseYear(asked) : thisYear;
    } catch {
      return thisYear;
    }
  };
  app.get('/', requireRole(home, 'admin'), async (c) => {
    const year = yearOf(c.req.query('year'));
    const figures = await regionFigures(region, year, home.now());
    return c.html(<RegionPage cardbox={home} user={c.var.staff} year={year} figures={figures} />);
  });
  app.get('/:institution', requireRole(home, 'admin'), async (c) => {
    const year = yearOf(c.req.query('year'));
    const asked = c.req.query('show');
    const show: RegionShow = REGION_SHOWS.includes(asked as RegionShow) ? (asked as RegionShow) : 'open';
    const found = await institutionCases(region, c.req.param('institution'), show, year);
    if (!found) return c.notFound();
    // The institution's own audit log says who of the region read its cases, and which view.
    await audit(found.cardbox, {
      by: `${c.var.staff.username} (${home.profile.institution.name})`,
      action: 'region.viewed',
      detail: `${show} ${year}`,
    });
    return c.html(
      <RegionInstitutionPage
        cardbox={home}
        user={c.var.staff}
        institution={found}
        show={show}
        year={year}
        cases={found.cases}
        now={home.now()}
      />,
    );
  });
  return app;
}
