import { loadavg } from 'node:os';
import { tempCardbox } from '../helpers/cardbox.ts';
import { asStaff, loginAs } from '../helpers/staff.ts';
import { storeSeededCases } from '../reports/seed.ts';

/** Issue 6: statistics page ≤ 1 s and the annual report PDF ≤ 5 s, for 50,000 cases. */
const CASES = 50_000;

async function timed(work: () => Promise<Response>): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  const response = await work();
  const body = new Uint8Array(await response.arrayBuffer());
  const ms = performance.now() - started;
  if (response.status !== 200) throw new Error(`status ${response.status}`);
  return { ms, bytes: body.length };
}

export async function run(): Promise<string> {
  const t = await tempCardbox({ now: () => new Date('2026-02-15T03:00:00Z') });
  try {
    // Every case in one year, so the annual report covers all 50,000.
    const seeded = performance.now();
    const cases = await storeSeededCases(
      t.cardbox,
      CASES,
      6,
      new Date('2025-01-01T00:00:00+09:00'),
      new Date('2025-12-31T23:00:00+09:00'),
    );
    const seedMs = performance.now() - seeded;
    const { cookie } = await loginAs(t, 'viewer');
    const html = { headers: { accept: 'text/html' } };
    const targets: [string, string, () => Promise<Response>, number | null][] = [
      [
        'staff statistics page (`/staff/stats`, 2025)',
        'stats',
        () => asStaff(t, cookie, '/staff/stats?from=2025-01-01&to=2025-12-31', html),
        1000,
      ],
      [
        'public statistics page (`/stats?year=2025`)',
        'public',
        () => Promise.resolve(t.app.request('/stats?year=2025')),
        1000,
      ],
      ['annual report, HTML', 'annual', () => asStaff(t, cookie, '/staff/reports/annual/2025', html), null],
      ['annual report, PDF', 'pdf', () => asStaff(t, cookie, '/staff/reports/annual/2025.pdf'), 5000],
      ['results board, first page (`/board`)', 'board', () => Promise.resolve(t.app.request('/board')), null],
      ['Atom feed', 'feed', () => Promise.resolve(t.app.request('/board/feed.xml')), null],
      [
        'CSV export, 2025',
        'csv',
        () => asStaff(t, cookie, '/staff/reports/export.csv?from=2025-01-01&to=2025-12-31'),
        null,
      ],
      [
        'XLSX export, 2025',
        'xlsx',
        () => asStaff(t, cookie, '/staff/reports/export.xlsx?from=2025-01-01&to=2025-12-31'),
        null,
      ],
    ];
    const rows: string[] = [];
    const verdicts: string[] = [];
    for (const [label, , work, target] of targets) {
      const runs: { ms: number; bytes: number }[] = [];
      for (let i = 0; i < 3; i++) runs.push(await timed(work));
      const first = runs[0]!;
      const warm = runs.slice(1).map((r) => r.ms);
      const worst = Math.max(...runs.map((r) => r.ms));
      rows.push(
        `| ${label} | ${first.ms.toFixed(0)} ms | ${warm.map((ms) => ms.toFixed(0)).join(' / ')} ms | ${(first.bytes / 1024).toFixed(0)} KiB | ${target ? `≤ ${target} ms: ${worst <= target ? 'met' : 'MISSED'}` : '—'} |`,
      );
      if (target) verdicts.push(`${label}: worst ${worst.toFixed(0)} ms against ≤ ${target} ms`);
    }
    return [
      '## Reports: statistics, annual report, board, exports (issue 6)',
      '',
      `Command: \`npm run bench -- reports\`. ${CASES.toLocaleString('en')} seeded cases, all received in 2025 (seeded generator \`test/reports/seed.ts\`, written to the real store in ${(seedMs / 1000).toFixed(1)} s; ${cases.filter((c) => c.board).length.toLocaleString('en')} on the board). Each request goes through the real app (\`app.request\`, logged-in session), three times in one process; the first pays for loading fonts and compiling.`,
      'Targets: statistics page ≤ 1 s, annual report PDF ≤ 5 s.',
      `Load average (1 min) when the run ended: ${loadavg()[0]!.toFixed(1)} — the machine's cores are shared, so figures vary between runs.`,
      '',
      '| request | first | 2nd / 3rd | size | target |',
      '| --- | ---: | ---: | ---: | --- |',
      ...rows,
      '',
      ...verdicts.map((v) => `- ${v}`),
    ].join('\n');
  } finally {
    await t.cleanup();
  }
}
