import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_COLUMNS } from '../../src/reports/export.ts';
import type { CaseRecord } from '../../src/store/records.ts';
import { type TestCardbox, tempCardbox } from '../helpers/cardbox.ts';
import { asStaff, loginAs } from '../helpers/staff.ts';
import { SECRET_EMAIL, SECRET_MESSAGE, SECRET_PHONE, storeSeededCases } from './seed.ts';

const NOW = new Date('2026-02-15T03:00:00Z');
let t: TestCardbox;
let cases: CaseRecord[];
let cookie: string;
const PERIOD = 'from=2025-03-01&to=2025-08-31';

beforeAll(async () => {
  t = await tempCardbox({ now: () => NOW });
  cases = await storeSeededCases(
    t.cardbox,
    250,
    31337,
    new Date('2025-01-01T00:00:00+09:00'),
    new Date('2025-12-31T00:00:00+09:00'),
  );
  // One case in the period whose two areas make a comma-joined cell that CSV must quote.
  cases[0]!.receivedAt = '2025-04-01T01:00:00Z';
  cases[0]!.areas = ['children', 'kindness'];
  await t.cardbox.store.cases.update(() => {});
  ({ cookie } = await loginAs(t, 'viewer'));
});
afterAll(async () => t?.cleanup());

function inPeriod(c: CaseRecord): boolean {
  const day = new Date(Date.parse(c.receivedAt) + 9 * 3600_000).toISOString().slice(0, 10);
  return day >= '2025-03-01' && day <= '2025-08-31';
}

function expectNoSecrets(text: string): void {
  for (const secret of [SECRET_MESSAGE, SECRET_PHONE, SECRET_EMAIL, '삐걱거려서'])
    expect(text).not.toContain(secret);
}

describe('exports for a period', () => {
  it('CSV: UTF-8 with BOM that round-trips through a CSV parser with Korean intact', async () => {
    const response = await asStaff(t, cookie, `/staff/reports/export.csv?${PERIOD}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toContain('cardbox-2025-03-01_2025-08-31.csv');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    const rows = parse(text, { bom: true, columns: true }) as Record<string, string>[];
    const expected = cases.filter(inPeriod);
    expect(rows).toHaveLength(expected.length);
    expect(Object.keys(rows[0]!)).toEqual(EXPORT_COLUMNS.map((c) => c.header));
    const special = rows.find((r) => r['사례 ID'] === cases[0]!.id)!;
    expect(special['서비스 분야']).toBe('어린이자료실, 직원 친절');
    for (const row of rows) {
      const record = expected.find((c) => c.id === row['사례 ID'])!;
      expect(row['카드 종류']).toBe(
        record.type === 'green' ? '그린카드 (칭찬·제안)' : '옐로카드 (불편·불만)',
      );
      expect(row['만족도(1-5)']).toBe(record.satisfaction === null ? '' : String(record.satisfaction));
      expect(Number(row['기한 미준수 기록'])).toBe(record.breaches?.length ?? 0);
    }
    expectNoSecrets(text);
  });

  it('XLSX: a summary sheet and one row per case, readable by a spreadsheet library', async () => {
    const response = await asStaff(t, cookie, `/staff/reports/export.xlsx?${PERIOD}`);
    expect(response.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    const buffer = await response.arrayBuffer();
    await workbook.xlsx.load(buffer as ArrayBuffer);
    const sheet = workbook.getWorksheet('사례')!;
    expect(sheet.rowCount).toBe(cases.filter(inPeriod).length + 1);
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(EXPORT_COLUMNS.map((c) => c.header));
    const summary = workbook.getWorksheet('요약')!;
    expect(summary.getRow(3).values).toContain(cases.filter(inPeriod).length);
    const strings: string[] = [];
    for (const ws of workbook.worksheets)
      ws.eachRow((row) => {
        row.eachCell((cell) => {
          strings.push(String(cell.value));
        });
      });
    expectNoSecrets(strings.join('\n'));
  });

  it('JSON: statistics and rows, without contact details', async () => {
    const response = await asStaff(t, cookie, `/staff/reports/export.json?${PERIOD}`);
    const text = await response.text();
    const body = JSON.parse(text) as { cases: Record<string, unknown>[] };
    expect(body.cases).toHaveLength(cases.filter(inPeriod).length);
    for (const row of body.cases) {
      expect(row).not.toHaveProperty('contact');
      expect(row).not.toHaveProperty('message');
      // The serial staff know a case by is there (issue 14); what it opens, the status page, shows neither.
      expect(row.serial).toBe(cases.find((c) => c.id === row.id)!.serial);
    }
    expectNoSecrets(text);
  });
});
