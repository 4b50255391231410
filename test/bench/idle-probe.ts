// temporary probe: what an idle app process does on a region database
import { spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { defaultProfile } from '../../src/profile/defaults.ts';
import { PgCaseRepository } from '../../src/repositories/pg/cases.ts';
import { PgInstitutionRepository } from '../../src/repositories/pg/institutions.ts';
import { migrate } from '../../src/repositories/pg/migrate.ts';
import { Sealer } from '../../src/store/sealer.ts';
import { startPostgres } from '../helpers/postgres-server.ts';
import { freePort } from '../helpers/processes.ts';
import { seedCases } from '../reports/seed.ts';

const KEY = 'f'.repeat(64);
const server = await startPostgres(undefined, { fsync: true, sharedBuffers: '512MB' });
const pool = new pg.Pool({ connectionString: server.url, max: 4 });
await migrate(pool);
const institutions = new PgInstitutionRepository(pool);
const N = Number(process.env.INST ?? 100), PER = Number(process.env.PER ?? 2000);
const cardbox = { profile: defaultProfile, sealer: new Sealer(Buffer.from(KEY, 'hex')) };
for (let i = 0; i < N; i++) {
  const id = `i${String(i).padStart(3, '0')}`;
  await institutions.add({ id, name: `도서관 ${i}`, baseUrl: `http://${id}.test`, profile: null });
  const cases = seedCases(cardbox, PER, 1000 + i, new Date('2023-01-01T00:00:00Z'), new Date('2026-11-30T00:00:00Z'));
  await new PgCaseRepository({ pool, institution: id }).insertMany(cases);
}
await pool.query('ANALYZE');
const open = await pool.query(`SELECT count(*) FILTER (WHERE status IN ('received','in_review','assigned')) AS open, count(*) FILTER (WHERE holds_personal_data) AS holding, count(*) AS n FROM cases`);
console.log(open.rows[0]);
const dir = await mkdtemp(join(tmpdir(), 'idle-'));
const port = await freePort();
const child = spawn(process.execPath, ['--cpu-prof', '--cpu-prof-dir=/tmp/prof-idle', '--import', 'tsx', 'src/server.ts'], {
  cwd: join(import.meta.dirname, '../..'),
  env: { ...process.env, DATABASE_URL: server.url, CARDBOX_KEY: KEY, DATA_DIR: dir, PUBLIC_BASE_URL: 'http://office.test', CARDBOX_APP_READS: 'off', NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1' },
  stdio: ['ignore', 'inherit', 'inherit'],
});
const cpu = async () => { const st = await readFile(`/proc/${child.pid}/stat`, 'utf8'); const f = st.slice(st.lastIndexOf(')') + 2).split(' '); return (Number(f[11]) + Number(f[12])) / 100; };
let last = 0;
for (let t = 0; t < Number(process.env.SECS ?? 180); t += 10) {
  await new Promise((r) => setTimeout(r, 10_000));
  const now = await cpu();
  console.log(`t=${t + 10}s cpu +${(now - last).toFixed(1)} s`);
  last = now;
}
child.kill('SIGTERM');
await new Promise((r) => child.once('exit', r));
await pool.end();
await server.stop();
