import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import {
  areaLabel,
  CHANNEL_LABELS,
  CLASSIFICATION_LABELS,
  departmentName,
  STAGE_LABELS,
  TYPE_LONG_LABELS,
  UNCLASSIFIED,
} from '../cases/labels.ts';
import { caseStage } from '../cases/stage.ts';
import type { Cardbox } from '../context.ts';
import { dueDay, localDate } from '../time/zone.ts';
import type { Period } from './period.ts';
import {
  computeStatistics,
  listCasesIn,
  type Statistics,
  type Timeliness,
  timeliness,
} from './statistics.ts';

/**
 * Exports of a period for staff: one row per case, with the figures the statistics are made from. Built
 * column by column from the record, so the visitor's message and contact details are never included. The
 * serial is (staff know a case by it); what it opens, the status page, shows neither.
 */
const TIMELINESS_LABELS: Record<Timeliness, string> = {
  'on-time': '준수',
  late: '지연',
  overdue: '기한 경과(미처리)',
  pending: '처리 중',
  'closed-unanswered': '회신 없이 종결',
};

export const EXPORT_COLUMNS = [
  { key: 'id', header: '사례 ID' },
  { key: 'serial', header: '일련번호' },
  { key: 'receivedAt', header: '접수일' },
  { key: 'type', header: '카드 종류' },
  { key: 'channel', header: '접수 경로' },
  { key: 'areas', header: '서비스 분야' },
  { key: 'classification', header: '분류' },
  { key: 'department', header: '담당 부서' },
  { key: 'rule', header: '이행기준' },
  { key: 'dueAt', header: '처리 기한' },
  { key: 'promisedAt', header: '약속한 새 예정일' },
  { key: 'answeredAt', header: '처리일' },
  { key: 'days', header: '소요일' },
  { key: 'timeliness', header: '기한 준수' },
  { key: 'status', header: '상태' },
  { key: 'satisfaction', header: '만족도(1-5)' },
  { key: 'breaches', header: '기한 미준수 기록' },
  { key: 'vouchers', header: '상품권 지급' },
  { key: 'voucherKrw', header: '상품권 금액(원)' },
  { key: 'published', header: '결과 게시' },
] as const;

/** Columns holding a local calendar day 'YYYY-MM-DD' (date cells in XLSX). */
const DATE_COLUMNS = ['receivedAt', 'dueAt', 'promisedAt', 'answeredAt'] as const;

export type ExportRow = Record<(typeof EXPORT_COLUMNS)[number]['key'], string | number | null>;

export async function exportRows(cardbox: Cardbox, period: Period): Promise<ExportRow[]> {
  const { profile } = cardbox;
  const now = cardbox.now().toISOString();
  const ruleTitles = new Map(profile.rules.map((r) => [r.id, r.title]));
  return (await listCasesIn(cardbox, period))
    .sort((a, b) => a.receivedAt.localeCompare(b.receivedAt))
    .map((c) => ({
      id: c.id,
      serial: c.serial,
      receivedAt: localDate(c.receivedAt),
      type: TYPE_LONG_LABELS[c.type],
      channel: CHANNEL_LABELS[c.channel] ?? c.channel,
      areas: c.areas.map((a) => areaLabel(profile, a)).join(', '),
      classification: c.classification ? CLASSIFICATION_LABELS[c.classification] : UNCLASSIFIED,
      department: departmentName(profile, c.department),
      rule: ruleTitles.get(c.rule) ?? c.rule,
      dueAt: dueDay(c.dueAt),
      promisedAt: c.promisedAt ? dueDay(c.promisedAt) : null,
      answeredAt: c.answeredAt ? localDate(c.answeredAt) : null,
      days: c.answeredAt
        ? Math.round(((Date.parse(c.answeredAt) - Date.parse(c.receivedAt)) / 86_400_000) * 10) / 10
        : null,
      timeliness: TIMELINESS_LABELS[timeliness(c, now)],
      status: STAGE_LABELS[caseStage(c)],
      satisfaction: c.satisfaction,
      breaches: c.breaches?.length ?? 0,
      vouchers: c.vouchers?.length ?? 0,
      voucherKrw: (c.vouchers ?? []).reduce((sum, v) => sum + v.amountKrw, 0),
      published: c.board ? '예' : '아니오',
    }));
}

/** One CSV cell (RFC 4180); text that a spreadsheet would run as a formula is prefixed with an apostrophe. */
function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A CSV file: UTF-8 with a byte-order mark and CRLF lines, which Korean Excel opens without garbling Hangul. */
export function csvTable(
  headers: readonly string[],
  rows: readonly (string | number | null)[][],
): Uint8Array {
  const lines = [headers.map(csvCell).join(',')];
  for (const row of rows) lines.push(row.map(csvCell).join(','));
  return new TextEncoder().encode(`\uFEFF${lines.join('\r\n')}\r\n`);
}

export function toCsv(rows: ExportRow[]): Uint8Array {
  return csvTable(
    EXPORT_COLUMNS.map((c) => c.header),
    rows.map((row) => EXPORT_COLUMNS.map((c) => row[c.key])),
  );
}

function summaryRows(stats: Statistics): [string, string | number][] {
  const rows: [string, string | number][] = [
    ['기간', `${stats.period.from} ~ ${stats.period.to}`],
    ['접수 건수', stats.total],
    ['기한 준수율', stats.onTime.rate ?? '—'],
    ['처리 소요일 중앙값', stats.daysToResult.median ?? '—'],
    ['처리 소요일 90%', stats.daysToResult.p90 ?? '—'],
    ['기한 미준수 기록', stats.breaches.count],
    ['상품권 지급 건수', stats.vouchers.count],
    ['상품권 지급 금액(원)', stats.vouchers.amountKrw],
    ['만족도 평균', stats.satisfaction.mean ?? '—'],
  ];
  for (const rule of stats.rules) rows.push([`준수율: ${rule.title}`, rule.rate ?? '—']);
  return rows;
}

/**
 * An Excel workbook: a summary sheet and one row per case. Written with exceljs's streaming writer and inline
 * strings, which is several times faster than the in-memory workbook for tens of thousands of rows.
 */
export async function toXlsx(cardbox: Cardbox, period: Period, rows: ExportRow[]): Promise<Uint8Array> {
  const stats = computeStatistics(cardbox.profile, await listCasesIn(cardbox, period), period, cardbox.now());
  const chunks: Buffer[] = [];
  const sink = new PassThrough();
  sink.on('data', (chunk: Buffer) => chunks.push(chunk));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: sink,
    useSharedStrings: false,
    useStyles: true,
  });
  workbook.creator = 'Cardbox';
  workbook.created = cardbox.now();
  const summary = workbook.addWorksheet('요약');
  summary.columns = [
    { header: '항목', key: 'name', width: 36 },
    { header: '값', key: 'value', width: 28 },
  ];
  summary.getRow(1).font = { bold: true };
  for (const [name, value] of summaryRows(stats)) {
    const row = summary.addRow({ name, value });
    // Ratios are stored as numbers and shown as percentages, so a spreadsheet can compute with them.
    if (name.includes('준수율') && typeof value === 'number') row.getCell(2).numFmt = '0.0%';
    else if (typeof value === 'number' && !Number.isInteger(value)) row.getCell(2).numFmt = '0.00';
    row.commit();
  }
  summary.commit();
  const sheet = workbook.addWorksheet('사례');
  sheet.columns = EXPORT_COLUMNS.map((c) => ({
    header: c.header,
    key: c.key,
    width: Math.max(c.key === 'serial' ? 16 : 10, c.header.length * 2 + 2),
    // One style for the column: a style per cell would cost several seconds on 50,000 rows.
    ...((DATE_COLUMNS as readonly string[]).includes(c.key) ? { style: { numFmt: 'yyyy-mm-dd' } } : {}),
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) {
    const cells: Record<string, unknown> = { ...row };
    // Dates are real date cells: the local calendar day at midnight UTC, so every spreadsheet shows that day.
    for (const key of DATE_COLUMNS) {
      const value = row[key];
      cells[key] = typeof value === 'string' ? new Date(`${value}T00:00:00Z`) : null;
    }
    sheet.addRow(cells).commit();
  }
  sheet.commit();
  await workbook.commit();
  return new Uint8Array(Buffer.concat(chunks));
}

export async function toJson(cardbox: Cardbox, period: Period, rows: ExportRow[]): Promise<string> {
  const statistics = computeStatistics(
    cardbox.profile,
    await listCasesIn(cardbox, period),
    period,
    cardbox.now(),
  );
  return JSON.stringify({ period, statistics, cases: rows }, null, 2);
}
