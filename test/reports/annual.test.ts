import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BAR_COLOUR } from '../../src/reports/charts.ts';
import { IN_CI, type TestCardbox, tempCardbox } from '../helpers/cardbox.ts';
import { asStaff, loginAs } from '../helpers/staff.ts';
import { SECRET_MESSAGE, storeSeededCases } from './seed.ts';

const run = promisify(execFile);
const POPPLER = existsSync('/usr/bin/pdftotext') && existsSync('/usr/bin/pdftoppm');
if (!POPPLER && IN_CI)
  throw new Error('poppler-utils (pdftotext, pdftoppm) is missing on CI: .ci/run must install it');
if (!POPPLER) console.warn('\n*** SKIPPING annual PDF checks: poppler-utils is not installed ***\n');

const NOW = new Date('2026-02-15T03:00:00Z');
let t: TestCardbox;
let staff: string;
let viewer: string;
let work: string;

beforeAll(async () => {
  t = await tempCardbox({ now: () => NOW });
  await storeSeededCases(
    t.cardbox,
    350,
    2025,
    new Date('2025-01-01T00:00:00+09:00'),
    new Date('2025-12-31T00:00:00+09:00'),
  );
  staff = (await loginAs(t, 'staff')).cookie;
  viewer = (await loginAs(t, 'viewer')).cookie;
  work = await mkdtemp(join(tmpdir(), 'cardbox-annual-'));
});
afterAll(async () => {
  await t?.cleanup();
  if (work) await rm(work, { recursive: true, force: true });
});

const form = (cookie: string, path: string, body: Record<string, string>) =>
  asStaff(t, cookie, path, { method: 'POST', body: new URLSearchParams(body) });
const page = async (cookie: string, path: string) => {
  const response = await asStaff(t, cookie, path, { headers: { accept: 'text/html' } });
  return { status: response.status, html: await response.text() };
};

describe('the improvement plan', () => {
  it('staff add, change and delete items; viewers only read; mistakes are explained', async () => {
    const added = await form(staff, '/staff/reports/plans', {
      year: '2025',
      title: '어린이자료실 좌석 확충',
      owner: '문헌정보과',
      status: 'planned',
      due: '2026-06-30',
    });
    expect(added.status).toBe(303);
    await form(staff, '/staff/reports/plans', {
      year: '2025',
      title: '주차 안내 표지 정비',
      owner: '행정지원과',
    });
    const [first, second] = t.cardbox.store.plans.data.plans;
    expect(first).toMatchObject({
      year: 2025,
      title: '어린이자료실 좌석 확충',
      status: 'planned',
      due: '2026-06-30',
    });
    const changed = await form(staff, `/staff/reports/plans/${first!.id}`, {
      year: '2025',
      title: '어린이자료실 좌석 확충',
      owner: '문헌정보과 박사서',
      status: 'in-progress',
      due: '2026-06-30',
    });
    expect(changed.status).toBe(303);
    expect(t.cardbox.store.plans.data.plans[0]).toMatchObject({
      owner: '문헌정보과 박사서',
      status: 'in-progress',
    });
    const bad = await form(staff, '/staff/reports/plans', {
      year: '2025',
      title: '',
      owner: '',
      due: '내일',
    });
    expect(bad.status).toBe(400);
    const { html } = { html: await bad.text() };
    expect(html).toContain('개선 과제를 적어 주세요.');
    expect(html).toContain('목표일은 2026-03-31 같은 날짜로');
    expect((await form(staff, `/staff/reports/plans/${second!.id}/delete`, {})).status).toBe(303);
    expect(t.cardbox.store.plans.data.plans).toHaveLength(1);
    expect(
      (await form(viewer, '/staff/reports/plans', { year: '2025', title: 'x', owner: 'y' })).status,
    ).toBe(403);
    const read = await page(viewer, '/staff/reports/plans?year=2025');
    expect(read.status).toBe(200);
    expect(read.html).toContain('어린이자료실 좌석 확충');
    expect(read.html).not.toContain('method="post" action="/staff/reports/plans"');
  });
});

describe('the annual charter report', () => {
  it('in HTML: survey figures, each promise, themes from staff summaries, the plan, the charts', async () => {
    const { status, html } = await page(viewer, '/staff/reports/annual/2025');
    expect(status).toBe(200);
    expect(html).toContain('2025년 서비스헌장 이행 결과 보고서');
    for (const rule of t.cardbox.profile.rules) expect(html).toContain(rule.promise);
    expect(html).toContain('어린이자료실 좌석 확충');
    expect(html).toContain('문헌정보과 박사서');
    expect(html).toContain('이용 불편에 대한 의견 (요약');
    expect(html).not.toContain(SECRET_MESSAGE);
    expect(html.match(/<svg/g)?.length).toBe(8);
    expect(html.match(/<table class="chart-data">/g)?.length).toBe(8);
    expect(html).toContain('의견 분류별 (담당자 분류)');
    expect((await page(viewer, '/staff/reports/annual/20x5')).status).toBe(404);
  });

  it.skipIf(!POPPLER)('as a PDF: Korean text extractable, the font embedded, the charts drawn', async () => {
    const response = await asStaff(t, viewer, '/staff/reports/annual/2025.pdf');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const pdf = join(work, 'report.pdf');
    await writeFile(pdf, new Uint8Array(await response.arrayBuffer()));
    const { stdout: text } = await run('pdftotext', ['-enc', 'UTF-8', pdf, '-']);
    for (const phrase of [
      '2025년 서비스헌장 이행 결과 보고서',
      '고객만족도 조사 결과',
      '서비스 이행기준별 기한 준수율',
      '만족도 분포',
      '의견 분류별',
      '매우 만족',
      '어린이자료실 좌석 확충',
      '문헌정보과 박사서',
      '헌장 공표 일정',
    ])
      expect(text).toContain(phrase);
    for (const rule of t.cardbox.profile.rules)
      expect(text.replace(/\s+/g, '')).toContain(rule.title.replace(/\s+/g, ''));
    expect(text).not.toContain(SECRET_MESSAGE);
    const { stdout: fonts } = await run('pdffonts', [pdf]);
    expect(fonts).toMatch(/NotoSansKR-Regular\S*\s.*\byes\b/);

    // Render the pages and find the chart bars in their colour.
    await run('pdftoppm', ['-r', '40', '-png', pdf, join(work, 'page')]);
    const pngs = (await readdir(work)).filter((f) => f.startsWith('page')).sort();
    expect(pngs.length).toBeGreaterThanOrEqual(3);
    const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(BAR_COLOUR.slice(i, i + 2), 16)) as [
      number,
      number,
      number,
    ];
    let barPixels = 0;
    for (const png of pngs) {
      const { data, info } = await sharp(join(work, png))
        .removeAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true });
      for (let i = 0; i < data.length; i += info.channels)
        if (Math.abs(data[i]! - r) < 12 && Math.abs(data[i + 1]! - g) < 12 && Math.abs(data[i + 2]! - b) < 12)
          barPixels++;
    }
    expect(barPixels).toBeGreaterThan(2000);
  });

  it('is published at /stats/annual/<year> once staff record the results as published', async () => {
    const hidden = await t.app.request('/stats/annual/2025');
    expect(hidden.status).toBe(404);
    expect(await hidden.text()).toContain('아직 공개되지 않은 보고서');
    expect((await t.app.request('/stats/annual/2025.pdf')).status).toBe(404);
    expect((await page(staff, '/staff/reports/annual/2025')).html).toContain(
      '조사 결과 공개 단계를 완료로 기록하면',
    );

    const done = await form(staff, '/staff/reports/milestones', {
      year: '2025',
      kind: 'results',
      doneOn: '2026-01-20',
    });
    expect(done.status).toBe(303);
    const shown = await t.app.request('/stats/annual/2025');
    expect(shown.status).toBe(200);
    const html = await shown.text();
    expect(html).toContain('2025년 서비스헌장 이행 결과 보고서');
    expect(html).toContain('어린이자료실 좌석 확충');
    expect(html).not.toContain('Cardbox 직원');
    expect(await (await t.app.request('/stats?year=2025')).text()).toContain('href="/stats/annual/2025"');
    const pdf = await t.app.request('/stats/annual/2025.pdf');
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    for (const c of t.cardbox.store.cases.data.cases) {
      if (c.serial) expect(html).not.toContain(c.serial);
      expect(html).not.toContain(c.id);
    }
    expect(html).not.toContain(SECRET_MESSAGE);
  });
});
