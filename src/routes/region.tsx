import { Hono } from 'hono';
import { requireRole, type StaffEnv } from '../auth/index.ts';
import type { Cardbox } from '../context.ts';
import { parseYear } from '../reports/period.ts';
import { type RegionDirectory, regionFigures } from '../reports/region.ts';
import { localDate } from '../time/zone.ts';
import { RegionPage } from '../views/staff/region.tsx';

/** `/staff/region`: on the home institution of a region, for its administrators only. */
export function regionRoutes(home: Cardbox, region: RegionDirectory): Hono<StaffEnv> {
  const app = new Hono<StaffEnv>();
  app.get('/', requireRole(home, 'admin'), async (c) => {
    const now = home.now();
    const thisYear = Number(localDate(now).slice(0, 4));
    let year = thisYear;
    try {
      if (c.req.query('year')) year = parseYear(c.req.query('year'));
    } catch {
      year = thisYear;
    }
    const figures = await regionFigures(region, year, now);
    return c.html(<RegionPage cardbox={home} user={c.var.staff} year={year} figures={figures} />);
  });
  return app;
}
