import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src/app.tsx';
import { createUser } from '../../src/auth/index.ts';
import { receiveCase } from '../../src/cases/intake.ts';
import { runSweep } from '../../src/cases/sweep.ts';
import { readSettings } from '../../src/config/settings.ts';
import { processOutbox } from '../../src/delivery/outbox.ts';
import { transportsFrom, useTransports } from '../../src/delivery/transports.ts';
import { startSmtp } from '../casework/mail-servers.ts';
import { openEmbeddedCardbox } from '../helpers/cardbox.ts';

/**
 * Issue 5: casework on a store of 10,000 cases — inbox and dashboard pages, a case change (written to disk
 * before the answer), the sweep with nothing due and with 1,000 deadlines missed at once, and the outbox sending
 * 300 e-mails to a real SMTP server on loopback. Targets (ours; the issue sets none): pages ≤ 500 ms, a change
 * ≤ 250 ms at p95, a sweep ≤ 2 s, ≥ 50 e-mails/s.
 */
const STORED = Number(process.env.BENCH_CASEWORK_CASES ?? 10_000);
const MAILS = 300;

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};
const ms = (n: number) => `${n.toFixed(0)} ms`;

export async function run(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cardbox-bench-casework-'));
  let clock = Date.parse('2026-11-02T01:00:00Z');
  const cardbox = await openEmbeddedCardbox(
    readSettings({ DATA_DIR: dir, PUBLIC_BASE_URL: 'http://cards.test' }),
    {
      now: () => new Date(clock),
    },
  );
  const smtp = await startSmtp();
  try {
    useTransports(cardbox, transportsFrom({ SMTP_URL: smtp.url }));
    const seedStart = performance.now();
    for (let start = 0; start < STORED; start += 500) {
      await Promise.all(
        Array.from({ length: Math.min(500, STORED - start) }, (_, i) =>
          receiveCase(cardbox, {
            serial: null,
            type: (start + i) % 3 === 0 ? 'green' : 'yellow',
            channel: 'online',
            receivedAt: new Date(clock - ((start + i) % 2000) * 3600_000),
            areas: [cardbox.profile.areas[(start + i) % cardbox.profile.areas.length]!.id],
            satisfaction: 3,
            message: '열람실 조명이 어둡습니다. 책 읽기가 힘들어요.',
            replyWanted: true,
            consent: (start + i) % 10 === 0,
            contact: (start + i) % 10 === 0 ? { email: `v${start + i}@example.test` } : null,
          }),
        ),
      );
    }
    const seedSeconds = (performance.now() - seedStart) / 1000;
    // Older cases are answered; the newest 1,000 stay open (their deadlines fall in the next days).
    await cardbox.store.cases.update((data) => {
      for (const c of data.cases) {
        if (Date.parse(c.receivedAt) < clock - 120 * 3600_000) {
          c.status = 'answered';
          c.answeredAt = c.receivedAt;
        }
      }
    });
    const open = cardbox.store.cases.data.cases.filter((c) => !c.answeredAt);
    const app = createApp(cardbox);
    await createUser(cardbox, {
      username: 'bench',
      name: '벤치',
      role: 'staff',
      department: 'admin',
      phone: '258-2518',
      password: 'bench password 1',
    });
    const login = await app.request('/staff/login', {
      method: 'POST',
      body: new URLSearchParams({ username: 'bench', password: 'bench password 1' }),
      headers: { origin: 'http://localhost' },
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const get = async (path: string) => {
      const started = performance.now();
      const response = await app.request(path, { headers: { cookie } });
      await response.text();
      if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
      return performance.now() - started;
    };
    const inbox: number[] = [];
    const filtered: number[] = [];
    const dash: number[] = [];
    for (let i = 0; i < 10; i++) {
      inbox.push(await get('/staff/cases'));
      filtered.push(await get('/staff/cases?status=open&type=yellow'));
      dash.push(await get('/staff'));
    }
    const changes: number[] = [];
    for (let i = 0; i < 40; i++) {
      const started = performance.now();
      const response = await app.request(`/staff/cases/${open[i]!.id}/classify`, {
        method: 'POST',
        headers: { cookie, origin: 'http://localhost' },
        body: new URLSearchParams({ classification: 'service' }),
      });
      if (response.status !== 303) throw new Error(`classify: ${response.status}`);
      changes.push(performance.now() - started);
    }
    let started = performance.now();
    const settle = await runSweep(cardbox); // the seeded backlog: cases already past their deadline
    const settleSweep = performance.now() - started;
    started = performance.now();
    const idle = await runSweep(cardbox);
    const idleSweep = performance.now() - started;
    clock += 30 * 86_400_000; // every open case is now overdue
    started = performance.now();
    const missed = await runSweep(cardbox);
    const breachSweep = performance.now() - started;
    const mailsNow = smtp.mails.length;
    // Outbox throughput: MAILS notices queued, then sent in one run.
    const { enqueue } = await import('../../src/delivery/outbox.ts');
    for (let i = 0; i < MAILS; i++) {
      await enqueue(cardbox, {
        kind: 'reminder',
        channel: 'email',
        to: { address: `officer${i}@library.test` },
        subject: 'bench',
        text: '처리 기한 임박',
        createdBy: 'bench',
      });
    }
    started = performance.now();
    const sent = await processOutbox(cardbox);
    const outboxSeconds = (performance.now() - started) / 1000;
    const rows = [
      [
        'GET /staff/cases (all, urgent order)',
        `${ms(quantile(inbox, 0.5))} median, ${ms(Math.max(...inbox))} max`,
        '≤ 500 ms',
      ],
      [
        'GET /staff/cases?status=open&type=yellow',
        `${ms(quantile(filtered, 0.5))} median, ${ms(Math.max(...filtered))} max`,
        '≤ 500 ms',
      ],
      [
        'GET /staff (dashboard)',
        `${ms(quantile(dash, 0.5))} median, ${ms(Math.max(...dash))} max`,
        '≤ 500 ms',
      ],
      [
        'POST classify (on disk before 303)',
        `${ms(quantile(changes, 0.5))} median, ${ms(quantile(changes, 0.95))} p95`,
        '≤ 250 ms p95',
      ],
      [`first sweep: ${settle.breached.length} seeded cases already overdue`, ms(settleSweep), '≤ 2 s'],
      ['sweep, nothing due', ms(idleSweep), '≤ 2 s'],
      [
        `sweep, ${missed.breached.length} deadlines missed at once (+${mailsNow} delay e-mails sent)`,
        ms(breachSweep),
        '≤ 2 s',
      ],
      [
        `outbox: ${sent} e-mails to SMTP on loopback`,
        `${(sent / outboxSeconds).toFixed(0)} e-mails/s`,
        '≥ 50/s',
      ],
    ];
    return [
      '## Casework (issue 5)',
      '',
      `\`npm run bench -- casework\` — ${STORED.toLocaleString('en')} stored cases (${open.length} open), seeded through \`receiveCase\` in ${seedSeconds.toFixed(1)} s; ${cpus()[0]?.model ?? 'CPU'}, ${cpus().length} cores, Node ${process.version}.`,
      `The idle sweep breached ${idle.breached.length}; the app runs in-process (\`app.request\`), the store on a temp folder with fsync.`,
      '',
      '| what | measured | target |',
      '| --- | --- | --- |',
      ...rows.map((r) => `| ${r.join(' | ')} |`),
    ].join('\n');
  } finally {
    await smtp.close();
    await cardbox.store.close();
    await rm(dir, { recursive: true, force: true });
  }
}
