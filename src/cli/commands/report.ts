import { UserError } from '../../errors.ts';
import { annualReport } from '../../reports/annual.ts';
import { annualReportPdf } from '../../reports/annual-pdf.ts';
import { annualKeyFigures } from '../../reports/annual-text.ts';
import { exportRows, toCsv, toJson, toXlsx } from '../../reports/export.ts';
import { parsePeriod, parseYear } from '../../reports/period.ts';
import { computeStatistics, listCasesIn } from '../../reports/statistics.ts';
import { checkWritable, writeOutputs } from '../../store/export.ts';
import { parseCommandArgs } from '../args.ts';
import type { CommandIo } from '../io.ts';
import { UsageError } from '../usage.ts';

const FORMATS = ['csv', 'xlsx', 'json'] as const;

/** `cardbox report annual|export|stats`: the reports of issue 6 without the web server (e.g. from cron). */
export async function reportCommand(args: string[], io: CommandIo): Promise<number> {
  const [sub, ...rest] = args;
  const { values } = parseCommandArgs(rest, {
    year: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    format: { type: 'string', default: 'csv' },
    out: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  const guard = <T>(work: () => T): T => {
    try {
      return work();
    } catch (error) {
      if (error instanceof UserError) throw new UsageError(error.message);
      throw error;
    }
  };

  if (sub === 'annual') {
    const year = guard(() => parseYear(values.year));
    if (!values.out) throw new UsageError('--out is required: the PDF file to write');
    await checkWritable(values.out, false);
    const cardbox = await io.open();
    const pdf = await annualReportPdf(await annualReport(cardbox, year));
    await writeOutputs(values.out, [{ name: `charter-report-${year}.pdf`, bytes: pdf }], false);
    io.out(`annual charter report ${year} → ${values.out} (${(pdf.length / 1024).toFixed(0)} KiB)`);
    return 0;
  }

  if (sub === 'export') {
    const format = values.format as (typeof FORMATS)[number];
    if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
    if (!values.out) throw new UsageError(`--out is required: the .${format} file to write`);
    await checkWritable(values.out, false);
    const cardbox = await io.open();
    const period = guard(() => parsePeriod(values.from, values.to, cardbox.now()));
    const rows = await exportRows(cardbox, period);
    const bytes =
      format === 'csv'
        ? toCsv(rows)
        : format === 'xlsx'
          ? await toXlsx(cardbox, period, rows)
          : new TextEncoder().encode(await toJson(cardbox, period, rows));
    await writeOutputs(values.out, [{ name: `export.${format}`, bytes }], false);
    io.out(`${rows.length} case(s) ${period.from} … ${period.to} → ${values.out}`);
    return 0;
  }

  if (sub === 'stats') {
    const cardbox = await io.open();
    const period = guard(() => parsePeriod(values.from, values.to, cardbox.now()));
    const stats = computeStatistics(
      cardbox.profile,
      await listCasesIn(cardbox, period),
      period,
      cardbox.now(),
    );
    if (values.json) io.out(JSON.stringify(stats, null, 2));
    else for (const [name, value] of annualKeyFigures(stats)) io.out(`${name}: ${value}`);
    return 0;
  }

  throw new UsageError('report needs one of: annual, export, stats');
}
