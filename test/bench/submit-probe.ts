// temporary probe (not committed): one server process under --cpu-prof, 2000 submissions
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { issueSerials } from '../../src/cards/registry.ts';
import { readSettings } from '../../src/config/settings.ts';
import { openDeployment } from '../../src/deployment.ts';
import { PgInstitutionRepository } from '../../src/repositories/pg/institutions.ts';
import { migrate } from '../../src/repositories/pg/migrate.ts';
import { startPostgres } from '../helpers/postgres-server.ts';
import { freePort } from '../helpers/processes.ts';

const server = await startPostgres(undefined, { fsync: true, sharedBuffers: '256MB' });
const dir = await mkdtemp(join(tmpdir(), 'probe-'));
const url = server.url;
const pool = new pg.Pool({ connectionString: url, max: 2 });
await migrate(pool);
await new PgInstitutionRepository(pool).add({ id: 'i000', name: '구립도서관', baseUrl: 'http://i000.test', profile: null });
await pool.end();
const env = { DATABASE_URL: url, CARDBOX_KEY: 'f'.repeat(64), DATA_DIR: dir, PUBLIC_BASE_URL: 'http://office.test', SUBMIT_RATE_LIMIT: '1000000/60', CARDBOX_APP_READS: 'off' };
const deployment = await openDeployment(readSettings(env));
const site = deployment.sites.find((s) => s.id === 'i000')!;
const N = Number(process.env.N ?? 3000);
const { serials } = await issueSerials(site.cardbox.registry, { type: 'green', count: N + 40, origin: 'print', createdBy: 'b', format: 'pdf' }, new Date());
const port = await freePort();
const child = spawn(process.execPath, [...(process.env.PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : []), '--import', 'tsx', 'src/server.ts'], {
  cwd: join(import.meta.dirname, '../..'),
  env: { ...process.env, ...env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
for (;;) { try { if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break; } catch {} await new Promise((r) => setTimeout(r, 100)); }
const host = 'i000.test';
const openForm = (serial: string) => new Promise<{ cookie: string; token: string }>((resolve, reject) => {
  const req = request({ host: '127.0.0.1', port, path: `/c/${serial}`, headers: { host } }, (res) => {
    let html = ''; res.setEncoding('utf8'); res.on('data', (c: string) => { html += c; });
    res.on('end', () => { const cookie = (res.headers['set-cookie'] ?? []).map((l) => l.split(';')[0]).join('; '); const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1]; token ? resolve({ cookie, token }) : reject(new Error(String(res.statusCode))); });
  }); req.on('error', reject); req.end();
});
const C = Number(process.env.C ?? 16);
const forms = await Promise.all(serials.slice(0, C).map(openForm));
let next = C; let assigned = 0; const statuses = new Map<number, number>();
const t0 = performance.now();
const result = await autocannon({ url: `http://127.0.0.1:${port}`, connections: C, amount: N, requests: [{ method: 'POST', setupRequest: (req, ctx) => { const v = ctx as { form?: (typeof forms)[number] }; v.form ??= forms[assigned++ % C]!; const s = serials[next++ % serials.length]!; return { ...req, path: `/c/${s}`, headers: { host, 'content-type': 'application/x-www-form-urlencoded', cookie: v.form.cookie }, body: new URLSearchParams({ _csrf: v.form.token, areas: 'general', satisfaction: '4', message: `벤치마크 의견 ${s}: 열람실 조명이 어둡습니다.` }).toString() }; }, onResponse: (st) => { statuses.set(st, (statuses.get(st) ?? 0) + 1); } }] });
const secs = (performance.now() - t0) / 1000;
console.log({ rate: N / secs, p50: result.latency.p50, p99: result.latency.p99, statuses: [...statuses] });
child.kill('SIGTERM');
await new Promise((r) => child.once('exit', r));
await deployment.close();
await server.stop();
