import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { createUser } from '../../src/auth/index.ts';
import { issueSerials } from '../../src/cards/registry.ts';
import { runSweep } from '../../src/cases/sweep.ts';
import { readSettings } from '../../src/config/settings.ts';
import { type Deployment, openDeployment, type Site } from '../../src/deployment.ts';
import { digitizeQueue, newBatch, submitPhoto } from '../../src/jobs/digitize.ts';
import { cardLayout } from '../../src/profile/card-layout.ts';
import { defaultProfile } from '../../src/profile/defaults.ts';
import { PgCaseRepository } from '../../src/repositories/pg/cases.ts';
import { PgInstitutionRepository } from '../../src/repositories/pg/institutions.ts';
import { migrate } from '../../src/repositories/pg/migrate.ts';
import { startPostgres } from '../helpers/postgres-server.ts';
import { exited, freePort, startServerProcess } from '../helpers/processes.ts';
import { seedCases } from '../reports/seed.ts';
import { benchScenes } from '../synth/bench-set.ts';
import { Random } from '../synth/random.ts';

/**
 * Issue 18 (`npm run bench -- scale`): a region on a real PostgreSQL server on this machine (Debian's
 * postgresql, started in a temporary folder, fsync on). 1,000,000 cases across 100 institutions; the statistics
 * page of one institution-year, the inbox and a case change timed through the real app; visitor submissions
 * against 4 real app processes; reading throughput of 1, 2 and 4 `cardbox worker` processes on one photo set,
 * and a run with a worker killed mid-photo.
 */
const INSTITUTIONS = Number(process.env.BENCH_SCALE_INSTITUTIONS ?? 100);
const CASES = Number(process.env.BENCH_SCALE_CASES ?? 1_000_000);
const SUBMISSIONS = Number(process.env.BENCH_SCALE_SUBMISSIONS ?? 4000);
const PROCESSES = 4;
/** Concurrent visitors per app process, and the submissions each process takes before the measured burst. */
const CONNECTIONS = 16;
const WARMUP = 1000;
/** The steady arrival rate the latency target is measured at (the issue's 500 submissions a second). */
const OFFERED = 500;
const PHOTOS = Number(process.env.BENCH_SCALE_PHOTOS ?? 8);
const ROOT = join(import.meta.dirname, '../..');
const KEY = 'f'.repeat(64);
const YEAR = 2025;
const JOB_TIMEOUT = process.env.BENCH_SCALE_JOB_TIMEOUT ?? '60';
/** The institution the reading runs put their photos in. */
const READING = 'reading';
/** Which parts to run (`BENCH_SCALE_PARTS=submit` while working on one); all by default. */
const PARTS = new Set((process.env.BENCH_SCALE_PARTS ?? 'pages,submit,reading').split(','));
/** `BENCH_SCALE_STATEMENTS=1` adds the statements the submissions ran (pg_stat_statements) to the report. */
const STATEMENTS = process.env.BENCH_SCALE_STATEMENTS === '1';

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const ms = (n: number) => `${n.toFixed(n < 10 ? 1 : 0)} ms`;
const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');

export async function run(): Promise<string> {
  const server = await startPostgres(undefined, {
    fsync: true,
    sharedBuffers: '1GB',
    statements: STATEMENTS,
  });
  const dir = await mkdtemp(join(tmpdir(), 'cardbox-bench-scale-'));
  const admin = new pg.Pool({ connectionString: server.url, max: 1 });
  await admin.query('CREATE DATABASE region');
  await admin.end();
  const url = server.url.replace(/\/postgres$/, '/region');
  const env = {
    DATABASE_URL: url,
    CARDBOX_KEY: KEY,
    DATA_DIR: dir,
    PUBLIC_BASE_URL: 'http://office.test',
    SUBMIT_RATE_LIMIT: '1000000/60',
    CARDBOX_APP_READS: 'off',
    // The killed worker's photo is taken back after this long (the default is 600 s).
    CARDBOX_JOB_TIMEOUT_SECONDS: JOB_TIMEOUT,
  };
  const children: ChildProcess[] = [];
  let deployment: Deployment | undefined;
  try {
    const seeded = await seed(url);
    deployment = await openDeployment(readSettings(env));
    // The region as its processes keep it: the charter sweep has already recorded the seeded history's missed
    // deadlines and removed contacts past their retention (once, here, timed), so the app processes started
    // below find the day's work, not three years of backlog.
    const t0 = performance.now();
    for (const s of deployment.sites) await runSweep(s.cardbox);
    seeded.sweepSeconds = (performance.now() - t0) / 1000;
    const site = deployment.sites.find((s) => s.id === 'i000')!;
    const pages = PARTS.has('pages') ? await timePages(deployment, site) : undefined;
    const submissions = PARTS.has('submit') ? await submit(env, deployment, children) : undefined;
    const reading = PARTS.has('reading') ? await readingThroughput(env, deployment, children) : undefined;
    return report(seeded, pages, submissions, reading);
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await deployment?.close().catch(() => {});
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

export async function seed(url: string) {
  const started = performance.now();
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  await migrate(pool);
  const institutions = new PgInstitutionRepository(pool);
  const perInstitution = Math.round(CASES / INSTITUTIONS);
  const sealer = (await import('../../src/store/sealer.ts')).Sealer;
  const cardbox = { profile: defaultProfile, sealer: new sealer(Buffer.from(KEY, 'hex')) };
  for (let i = 0; i < INSTITUTIONS; i++) {
    const id = `i${String(i).padStart(3, '0')}`;
    await institutions.add({ id, name: `구립도서관 ${i + 1}`, baseUrl: `http://${id}.test`, profile: null });
    const cases = seedCases(
      cardbox,
      perInstitution,
      1000 + i,
      new Date('2023-01-01T00:00:00Z'),
      new Date('2026-11-30T00:00:00Z'),
    );
    const repo = new PgCaseRepository({ pool, institution: id });
    for (let at = 0; at < cases.length; at += 2000) await repo.insertMany(cases.slice(at, at + 2000));
  }
  await institutions.add({
    id: READING,
    name: '판독 측정',
    baseUrl: `http://${READING}.test`,
    profile: null,
  });
  await pool.query('ANALYZE');
  const { rows } = await pool.query<{ n: string }>('SELECT count(*) AS n FROM cases');
  await pool.end();
  return {
    cases: Number(rows[0]!.n),
    seconds: (performance.now() - started) / 1000,
    perInstitution,
    sweepSeconds: 0,
  };
}

async function login(deployment: Deployment, site: Site): Promise<string> {
  const password = 'scale bench password';
  await createUser(site.cardbox, {
    username: 'bench',
    name: '벤치',
    role: 'admin',
    department: 'admin',
    phone: '02-000-0000',
    password,
  });
  const base = site.cardbox.settings.PUBLIC_BASE_URL;
  const response = await deployment.fetch(
    new Request(`${base}/staff/login`, {
      method: 'POST',
      body: new URLSearchParams({ username: 'bench', password, next: '/staff' }),
      headers: { host: new URL(base).host, origin: base },
    }),
  );
  return response.headers.get('set-cookie')!.split(';')[0]!;
}

/** Times pages of one institution through the real app, signed in as an administrator there. */
async function pageTimer(deployment: Deployment, site: Site) {
  const cookie = await login(deployment, site);
  const base = site.cardbox.settings.PUBLIC_BASE_URL;
  const get = async (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set('host', new URL(base).host);
    headers.set('origin', base);
    headers.set('cookie', cookie);
    const t0 = performance.now();
    const response = await deployment.fetch(new Request(`${base}${path}`, { ...init, headers }));
    await response.arrayBuffer();
    if (response.status >= 400) throw new Error(`${path}: ${response.status}`);
    return performance.now() - t0;
  };
  const times = async (n: number, path: string | (() => string), init?: () => RequestInit) => {
    const all: number[] = [];
    for (let i = 0; i < n; i++) all.push(await get(typeof path === 'string' ? path : path(), init?.()));
    return all.sort((a, b) => a - b);
  };
  return { get, times };
}

async function timePages(deployment: Deployment, site: Site) {
  const { get, times } = await pageTimer(deployment, site);
  await get(`/staff/stats?year=${YEAR}`);
  const stats = await times(10, `/staff/stats?year=${YEAR}`);
  const publicStats = await times(10, `/stats?year=${YEAR}`);
  const inbox = await times(20, '/staff/cases');
  const open = (await site.cardbox.cases.list({ status: ['received', 'in_review', 'assigned'] })).map(
    (c) => c.id,
  );
  let next = 0;
  const change = await times(
    200,
    () => `/staff/cases/${open[next++ % open.length]}/classify`,
    () => ({
      method: 'POST',
      body: new URLSearchParams({ classification: next % 2 ? 'service' : 'suggestion' }),
    }),
  );
  const printHistory = await times(5, '/staff/print');
  // The education office's administrators: every institution's figures of the year, then one institution's cases.
  const office = await pageTimer(deployment, deployment.home);
  await office.get(`/staff/region?year=${YEAR}`);
  const region = await office.times(3, `/staff/region?year=${YEAR}`);
  const regionInstitution = await office.times(5, `/staff/region/${site.id}?show=open`);
  const institutionCases = await site.cardbox.cases.count();
  return {
    stats,
    publicStats,
    inbox,
    change,
    printHistory,
    region,
    regionInstitution,
    institutionCases,
    openCases: open.length,
  };
}

export async function submit(env: Record<string, string>, deployment: Deployment, children: ChildProcess[]) {
  // The serials of the burst: printed for ten institutions, each submission a card of its own.
  // One library's visitors per app process (a visitor's cookie and CSRF token are of the library's host).
  const targets = deployment.sites.filter((s) => s.id !== 'default' && s.id !== READING).slice(0, PROCESSES);
  const serials: { host: string; serial: string }[] = [];
  for (const site of targets) {
    const { serials: issued } = await issueSerials(
      site.cardbox.registry,
      {
        type: 'green',
        count: 2 * Math.ceil(SUBMISSIONS / PROCESSES) + WARMUP + CONNECTIONS + 40,
        origin: 'print',
        createdBy: 'bench',
        format: 'pdf',
      },
      new Date(),
    );
    for (const serial of issued)
      serials.push({ host: new URL(site.cardbox.settings.PUBLIC_BASE_URL).host, serial });
  }
  const ports: number[] = [];
  for (let i = 0; i < PROCESSES; i++) {
    const port = await freePort();
    ports.push(port);
    children.push(await startServerProcess(port, { ...env, NODE_ENV: 'production' }, 90));
  }
  const perProcess = Math.floor(SUBMISSIONS / PROCESSES);
  // Each process: its visitors open their forms, then a warm-up burst (not counted) so the measured one sees
  // compiled code and open database connections, as a region's processes running since the morning would.
  const visitors = await Promise.all(
    ports.map(async (port, p) => {
      const host = new URL(targets[p % targets.length]!.cardbox.settings.PUBLIC_BASE_URL).host;
      const mine = serials.filter((s) => s.host === host);
      const forms = await Promise.all(
        mine.slice(0, CONNECTIONS).map((s) => openForm(port, s.host, s.serial)),
      );
      const visitor = { port, mine, forms, next: CONNECTIONS };
      await burst(visitor, WARMUP);
      return visitor;
    }),
  );
  const warmup = await waitUntilIdle(children);
  const stats = new pg.Pool({ connectionString: env.DATABASE_URL, max: 1 });
  if (STATEMENTS) {
    await stats.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await stats.query('SELECT pg_stat_statements_reset()');
  }
  const c0 = await cpuTimes(children);
  const u0 = process.cpuUsage();
  const started = performance.now();
  const results = await Promise.all(visitors.map((visitor) => burst(visitor, perProcess)));
  const seconds = (performance.now() - started) / 1000;
  const c1 = await cpuTimes(children);
  const u1 = process.cpuUsage(u0);
  const bench = (u1.user + u1.system) / 1e6;
  const cpu = {
    app: c1.app - c0.app,
    pg: c1.pg - c0.pg,
    bench,
    // Everything else on the machine (this process, the load generator, is counted as "bench").
    other: c1.other - c0.other - bench,
    available: seconds * cpus().length,
  };
  const load = loadavg()[0]!;
  await waitUntilIdle(children);
  const steady = await Promise.all(
    visitors.map((visitor, p) => paced(visitor, OFFERED / PROCESSES, perProcess, 1800 + p)),
  );
  const statements = STATEMENTS
    ? (
        await stats.query<{ query: string; calls: string; mean: number }>(
          `SELECT query, calls, mean_exec_time AS mean FROM pg_stat_statements
            WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
            ORDER BY calls DESC LIMIT 25`,
        )
      ).rows.map((r) => ({ query: r.query, calls: Number(r.calls), mean: r.mean }))
    : [];
  await stats.end();
  for (const child of children.splice(0)) {
    child.kill('SIGTERM');
    await exited(child);
  }
  const acknowledged = [...results, ...steady].flatMap((r) => r.acknowledged);
  let stored = 0;
  for (const [p, result] of [...results, ...steady].entries()) {
    const site = targets[(p % PROCESSES) % targets.length]!;
    for (const serial of result.acknowledged) if (await site.cardbox.cases.getBySerial(serial)) stored++;
  }
  const steadyTimes = steady.flatMap((r) => r.times).sort((a, b) => a - b);
  const steadySeconds = Math.max(...steady.map((r) => r.seconds));
  const refused = [...results.flatMap((r) => [...r.refused.entries()])]
    .map(([s, n]) => `${n}×${s}`)
    .join(', ');
  return {
    acknowledged: acknowledged.length,
    burstAcknowledged: results.reduce((n, r) => n + r.acknowledged.length, 0),
    stored,
    rate: results.reduce((n, r) => n + r.acknowledged.length, 0) / seconds,
    p99: Math.max(...results.map((r) => r.result.latency.p99)),
    p50: Math.max(...results.map((r) => r.result.latency.p50)),
    refused,
    load,
    statements,
    warmup,
    cpu,
    steady: {
      acknowledged: steady.reduce((n, r) => n + r.acknowledged.length, 0),
      sent: steadyTimes.length,
      rate: steady.reduce((n, r) => n + r.acknowledged.length, 0) / steadySeconds,
      p50: pct(steadyTimes, 50),
      p99: pct(steadyTimes, 99),
      worst: steadyTimes.at(-1)!,
    },
  };
}

async function readingThroughput(
  env: Record<string, string>,
  deployment: Deployment,
  children: ChildProcess[],
) {
  const photos: Uint8Array[] = [];
  let cardsInSet = 0;
  for await (const scene of benchScenes(cardLayout(defaultProfile), defaultProfile, PHOTOS)) {
    photos.push(scene.jpeg);
    cardsInSet += scene.cards.length;
  }
  const site = deployment.sites.find((s) => s.id === READING)!;
  const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: 1 });
  const runs: { workers: number; seconds: number; cards: number; doubled: number; killed: boolean }[] = [];
  try {
    for (const [workers, kill] of [
      [1, false],
      [2, false],
      [4, false],
      [2, true],
    ] as const) {
      // Every run reads the same photos from nothing.
      for (const table of ['cases', 'photos', 'unidentified_cards', 'digitize_batches'])
        await pool.query(`DELETE FROM ${table} WHERE institution_id = $1`, [READING]);
      const running: ChildProcess[] = [];
      for (let i = 0; i < workers; i++) running.push(await startWorker(env));
      children.push(...running);
      const batch = await newBatch(site.cardbox);
      const t0 = performance.now();
      for (const [i, bytes] of photos.entries())
        await submitPhoto(site.cardbox, batch, `box-${i}.jpg`, bytes);
      await digitizeQueue(site.cardbox).drain();
      let killed = false;
      for (;;) {
        const states = (await site.cardbox.digitize.photos()).map((p) => p.status);
        if (kill && !killed && states.filter((s) => s === 'done').length >= 2) {
          running[0]!.kill('SIGKILL');
          killed = true;
        }
        if (!states.includes('queued')) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const seconds = (performance.now() - t0) / 1000;
      const cases = await site.cardbox.cases.list();
      const doubled = cases.filter(
        (c) => new Set(c.reading?.photoIds).size !== (c.reading?.photoIds.length ?? 0),
      ).length;
      runs.push({ workers, seconds, cards: cases.length, doubled, killed: kill });
      for (const child of running) if (child.exitCode === null) child.kill('SIGTERM');
      await Promise.all(running.map(exited));
    }
  } finally {
    await pool.end();
  }
  return { runs, cardsInSet, photos: photos.length };
}

function report(
  seeded: Awaited<ReturnType<typeof seed>>,
  pages: Awaited<ReturnType<typeof timePages>> | undefined,
  sub: Awaited<ReturnType<typeof submit>> | undefined,
  reading: Awaited<ReturnType<typeof readingThroughput>> | undefined,
): string {
  const lines = [
    '## Scale-out on PostgreSQL (issue 18)',
    '',
    'Command: `npm run bench -- scale` (`BENCH_SCALE_INSTITUTIONS`, `BENCH_SCALE_CASES`, `BENCH_SCALE_SUBMISSIONS`, `BENCH_SCALE_PHOTOS` to vary).',
    `A real PostgreSQL ${'15'} server on this machine (Debian's package, started in a temporary folder, fsync on, shared_buffers 1 GB),`,
    `the same ${cpus().length} cores as the app processes, the workers and the load generator. ${seeded.cases.toLocaleString('en')} cases across ${INSTITUTIONS} institutions`,
    `(${seeded.perInstitution.toLocaleString('en')} each, received 2023–2026, the seeded mix the report tests use), loaded in ${seeded.seconds.toFixed(0)} s;`,
    `the charter sweep then caught up with that history once for every institution (missed deadlines recorded, contacts past retention removed) in ${seeded.sweepSeconds.toFixed(0)} s.`,
  ];
  if (pages || sub) lines.push('', '| measure | result | target | |', '| --- | ---: | ---: | --- |');
  if (pages) {
    const statsMax = pages.stats.at(-1)!;
    const inboxP = pct(pages.inbox, 95);
    const changeP99 = pct(pages.change, 99);
    lines.splice(
      lines.length - 3,
      0,
      `Pages through the real app (\`openDeployment\`, requests by Host) for one institution (${pages.institutionCases.toLocaleString('en')} cases, ${pages.openCases} open).`,
    );
    lines.push(
      `| staff statistics page, one institution-year (${YEAR}), median / worst of 10 | ${ms(pct(pages.stats, 50))} / ${ms(statsMax)} | ≤ 1 s | ${verdict(statsMax <= 1000)} |`,
      `| public statistics page, same year, worst of 10 | ${ms(pages.publicStats.at(-1)!)} | ≤ 1 s | ${verdict(pages.publicStats.at(-1)! <= 1000)} |`,
      `| inbox (/staff/cases), median / p95 of 20 | ${ms(pct(pages.inbox, 50))} / ${ms(inboxP)} | ≤ 200 ms | ${verdict(inboxP <= 200)} |`,
      `| case change (POST classify), median / p99 of 200 | ${ms(pct(pages.change, 50))} / ${ms(changeP99)} | p99 ≤ 100 ms | ${verdict(changeP99 <= 100)} |`,
      `| print history (/staff/print), worst of 5 | ${ms(pages.printHistory.at(-1)!)} | (none) | |`,
      `| region overview (/staff/region), every institution's figures of ${YEAR}, worst of 3 | ${ms(pages.region.at(-1)!)} | (none in the issue) | |`,
      `| one institution's open cases for the region (/staff/region/ID), worst of 5 | ${ms(pages.regionInstitution.at(-1)!)} | (none in the issue) | |`,
    );
  }
  if (sub) lines.push(...submissionLines(sub));
  if (reading) lines.push(...readingLines(reading));
  return lines.join('\n');
}

function submissionLines(sub: Awaited<ReturnType<typeof submit>>): string[] {
  const perSubmission = (seconds: number) => `${((seconds / sub.burstAcknowledged) * 1000).toFixed(2)} ms`;
  return [
    `| visitor submissions over ${PROCESSES} app processes, as fast as they answer (${PROCESSES * CONNECTIONS} visitors each waiting for the answer before the next card) | ${sub.rate.toFixed(0)}/s (${sub.burstAcknowledged} of ${SUBMISSIONS} acknowledged${sub.refused ? `; refused ${sub.refused}` : ''}) | ≥ 500/s | ${verdict(sub.rate >= 500)} |`,
    `| latency in that burst, p50 / p99 (worst process) | ${sub.p50} / ${sub.p99} ms | (saturated: queueing) | |`,
    `| latency with visitors arriving at ${OFFERED}/s (Poisson, from when each should have been sent), p50 / p99 / worst | ${ms(sub.steady.p50)} / ${ms(sub.steady.p99)} / ${ms(sub.steady.worst)} (${sub.steady.acknowledged} of ${sub.steady.sent} acknowledged, ${sub.steady.rate.toFixed(0)}/s) | p99 ≤ 250 ms | ${verdict(sub.steady.p99 <= 250 && sub.steady.acknowledged === sub.steady.sent)} |`,
    `| acknowledged submissions stored (both runs) | ${sub.stored} of ${sub.acknowledged} | all | ${verdict(sub.stored >= sub.acknowledged)} |`,
    '',
    `${CONNECTIONS} visitors at once per process (${PROCESSES * CONNECTIONS} in all), each submission a card of its own. Before the measured burst each process took ${WARMUP} submissions (not counted),`,
    `then the bench waited ${sub.warmup.toFixed(0)} s until the processes had finished their start-up work (every institution's first sweep) and were idle.`,
    `1-minute load average at the end of the burst: ${sub.load.toFixed(1)} (4 server processes, PostgreSQL and autocannon on ${cpus().length} cores).`,
    `CPU in the burst, a submission: app processes ${perSubmission(sub.cpu.app)}, PostgreSQL ${perSubmission(sub.cpu.pg)}, the load generator ${perSubmission(sub.cpu.bench)};`,
    `of the ${sub.cpu.available.toFixed(1)} CPU-seconds the ${cpus().length} cores had, anything else on the machine took ${Math.max(0, sub.cpu.other).toFixed(1)}.`,
    ...(sub.statements.length
      ? [
          '',
          'Statements during the burst (pg_stat_statements), per acknowledged submission:',
          '',
          '| calls each | mean ms | statement |',
          '| ---: | ---: | --- |',
          ...sub.statements.map(
            (st) =>
              `| ${(st.calls / Math.max(1, sub.acknowledged)).toFixed(2)} | ${st.mean.toFixed(2)} | \`${st.query.replace(/\s+/g, ' ').slice(0, 140)}\` |`,
          ),
        ]
      : []),
  ];
}

function readingLines(reading: Awaited<ReturnType<typeof readingThroughput>>): string[] {
  const one = reading.runs.find((r) => r.workers === 1 && !r.killed)!;
  return [
    '',
    `Reading: the first ${reading.photos} photos of the ingest benchmark (12 MP, ${reading.cardsInSet} cards), each run into a fresh institution, read by`,
    '`cardbox worker` processes started before the photos were queued (time from the first upload to the last photo read).',
    '',
    '| workers | time | photos/min | ratio to 1 worker | cards stored | a photo twice in a case |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
    ...reading.runs.map(
      (r) =>
        `| ${r.workers}${r.killed ? ` (one killed with SIGKILL after 2 photos; its photo taken back after the ${JOB_TIMEOUT} s job timeout)` : ''} | ${r.seconds.toFixed(1)} s | ${((reading.photos / r.seconds) * 60).toFixed(1)} | ${(one.seconds / r.seconds).toFixed(2)}× | ${r.cards} of ${reading.cardsInSet} | ${r.doubled} |`,
    ),
    '',
    `On ${cpus().length} cores one worker already keeps a core busy with OCR (tesseract) and the other with image work and PostgreSQL, so more workers`,
    'cannot read faster here: the ratio shows the ceiling of this machine, not of the design (see docs/scale-out.md for the projection).',
  ];
}

type Visitors = { port: number; mine: { host: string; serial: string }[]; forms: Form[]; next: number };
type Form = { cookie: string; token: string };

/** `amount` submissions on `CONNECTIONS` connections to one process, each a card of its own. */
async function burst(visitors: Visitors, amount: number) {
  const { port, mine, forms } = visitors;
  let assigned = 0;
  const acknowledged: string[] = [];
  const refused = new Map<number, number>();
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    amount,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        setupRequest: (request, context) => {
          const visitor = context as { form?: Form; serial?: string };
          visitor.form ??= forms[assigned++ % forms.length]!;
          const card = mine[visitors.next++ % mine.length]!;
          visitor.serial = card.serial;
          return {
            ...request,
            path: `/c/${card.serial}`,
            headers: {
              host: card.host,
              'content-type': 'application/x-www-form-urlencoded',
              cookie: visitor.form.cookie,
            },
            body: new URLSearchParams({
              _csrf: visitor.form.token,
              areas: 'general',
              satisfaction: '4',
              message: `벤치마크 의견 ${card.serial}: 열람실 조명이 어둡습니다.`,
            }).toString(),
          };
        },
        onResponse: (status, _body, context) => {
          if (status === 303) acknowledged.push((context as { serial: string }).serial);
          else refused.set(status, (refused.get(status) ?? 0) + 1);
        },
      },
    ],
  });
  return { result, acknowledged, refused };
}

/**
 * Visitors arriving at `rate` a second (Poisson, seeded), each sending as they arrive whatever else is in
 * flight: the latency of each is counted from when it should have been sent, so a server that falls behind
 * shows it (no coordinated omission).
 */
async function paced(visitors: Visitors, rate: number, amount: number, seed: number) {
  const { port, mine, forms } = visitors;
  const random = new Random(seed);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const acknowledged: string[] = [];
  const times: number[] = [];
  const refused = new Map<number, number>();
  const t0 = performance.now() + 50;
  let at = 0;
  const sent: Promise<void>[] = [];
  for (let i = 0; i < amount; i++) {
    at += -Math.log(1 - random.next()) / rate;
    const due = t0 + at * 1000;
    const card = mine[visitors.next++ % mine.length]!;
    const form = forms[i % forms.length]!;
    const body = new URLSearchParams({
      _csrf: form.token,
      areas: 'general',
      satisfaction: '4',
      message: `벤치마크 의견 ${card.serial}: 열람실 조명이 어둡습니다.`,
    }).toString();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
    sent.push(
      new Promise<void>((resolve) => {
        const req = request(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: `/c/${card.serial}`,
            agent,
            headers: {
              host: card.host,
              'content-type': 'application/x-www-form-urlencoded',
              'content-length': Buffer.byteLength(body),
              cookie: form.cookie,
            },
          },
          (res) => {
            res.resume();
            res.on('end', () => {
              times.push(performance.now() - due);
              if (res.statusCode === 303) acknowledged.push(card.serial);
              else refused.set(res.statusCode ?? 0, (refused.get(res.statusCode ?? 0) ?? 0) + 1);
              resolve();
            });
          },
        );
        req.on('error', () => {
          refused.set(0, (refused.get(0) ?? 0) + 1);
          resolve();
        });
        req.end(body);
      }),
    );
  }
  await Promise.all(sent);
  agent.destroy();
  return { acknowledged, times, refused, seconds: (performance.now() - t0) / 1000 };
}

/** CPU seconds used so far by the app processes, by PostgreSQL's processes and by everything else (/proc). */
async function cpuTimes(children: ChildProcess[]): Promise<{ app: number; pg: number; other: number }> {
  const times = { app: 0, pg: 0, other: 0 };
  const apps = new Set(children.map((c) => String(c.pid)));
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    if (!stat) continue;
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const seconds = (Number(fields[11]) + Number(fields[12])) / 100;
    if (apps.has(pid)) times.app += seconds;
    else if (name === 'postgres') times.pg += seconds;
    else times.other += seconds;
  }
  return times;
}

/**
 * Waits until the app processes have finished their start-up work (the first sweep of every institution,
 * the outbox recovery): under a tenth of a core between them over a second, twice running. Seconds waited.
 */
async function waitUntilIdle(children: ChildProcess[], limitSeconds = 300): Promise<number> {
  const cpu = async () => {
    let ticks = 0;
    for (const child of children) {
      const stat = await readFile(`/proc/${child.pid}/stat`, 'utf8').catch(() => '');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
    }
    return ticks / 100;
  };
  const t0 = performance.now();
  let quiet = 0;
  let before = await cpu();
  while (quiet < 2 && performance.now() - t0 < limitSeconds * 1000) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const now = await cpu();
    quiet = now - before < 0.1 ? quiet + 1 : 0;
    before = now;
  }
  return (performance.now() - t0) / 1000;
}

/** A visitor opens a card's page (cookie + CSRF token) at its institution's host (node:http: fetch cannot set Host). */
function openForm(port: number, host: string, serial: string): Promise<Form> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: `/c/${serial}`, headers: { host } }, (res) => {
      let html = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        html += chunk;
      });
      res.on('end', () => {
        const cookie = (res.headers['set-cookie'] ?? []).map((line) => line.split(';')[0]).join('; ');
        const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
        if (!token) reject(new Error(`no CSRF token on ${host}/c/${serial} (status ${res.statusCode})`));
        else resolve({ cookie, token });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

async function startWorker(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['src/cli/bin.js', 'worker'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('reading photos')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`a worker exited with ${code} while starting`)));
  });
  return child;
}
