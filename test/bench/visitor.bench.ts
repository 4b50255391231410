import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { issueSerials } from '../../src/cards/registry.ts';
import { receiveCase } from '../../src/cases/intake.ts';
import { readSettings } from '../../src/config/settings.ts';
import { cardLayout } from '../../src/profile/card-layout.ts';
import { defaultProfile } from '../../src/profile/defaults.ts';
import { openEmbeddedCardbox } from '../helpers/cardbox.ts';
import { exited, freePort, startServerProcess } from '../helpers/processes.ts';
import { benchScenes } from '../synth/bench-set.ts';

/**
 * Issue 4: a burst of visitor submissions against the real server (`src/server.ts` in a child process) on
 * loopback, with 10,000 cases already stored. Each submission is a real form post with its CSRF token; the
 * server is then killed with SIGKILL (no chance to flush) and started again, and every acknowledged
 * submission must be there. Target: ≥ 200 submissions/s, p99 ≤ 250 ms, zero lost.
 *
 * Issue 15: then `/healthz` is timed while the server reads 12 photos (the ingest benchmark's 12-megapixel
 * scenes), once with photos read on the main thread (`CARDBOX_READ_WORKER=off`, as before) and once on the
 * worker thread (the default), each on its own freshly seeded data folder. Target: p99 ≤ 100 ms.
 */
const STORED = 10_000;
const BURST = Number(process.env.BENCH_VISITOR_SUBMISSIONS ?? 3000);
const CONCURRENCY = Number(process.env.BENCH_VISITOR_CONCURRENCY ?? 32);
const _ROOT = join(import.meta.dirname, '../..');
/** Counted by the limiter like any other post, but high enough that it never refuses one of the burst. */
const RATE_LIMIT = '1000000/60';
const PHOTOS = Number(process.env.BENCH_VISITOR_PHOTOS ?? 12);
const ADMIN_PASSWORD = 'visitor bench admin password';

export async function run(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cardbox-bench-visitor-'));
  let server: ChildProcess | undefined;
  try {
    const seeded = performance.now();
    const burstSerials = await seed(dir);
    const seedSeconds = (performance.now() - seeded) / 1000;

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    server = await startServer(dir, port);

    // Each virtual visitor opens a card page once (cookie + CSRF token), as a phone does before posting.
    const clients = await Promise.all(
      Array.from({ length: CONCURRENCY }, (_, i) => openForm(base, burstSerials[i]!)),
    );

    // autocannon keeps the load generator light (the server and it share the machine's cores). Each of its
    // connections is one visitor: its own cookie and token, a fresh printed serial for every post.
    const acknowledged: string[] = [];
    const refused = new Map<number, number>();
    let next = 0;
    let assigned = 0;
    const cpuBefore = await cpuSeconds(server.pid!);
    const result = await autocannon({
      url: base,
      connections: CONCURRENCY,
      amount: BURST,
      timeout: 30,
      requests: [
        {
          method: 'POST',
          setupRequest: (request, context) => {
            const visitor = context as { client?: (typeof clients)[number]; serial?: string };
            visitor.client ??= clients[assigned++ % clients.length]!;
            visitor.serial = burstSerials[next++ % burstSerials.length]!;
            return {
              ...request,
              path: `/c/${visitor.serial}`,
              headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: visitor.client.cookie },
              body: new URLSearchParams({
                _csrf: visitor.client.token,
                areas: 'general',
                satisfaction: String(1 + (next % 5)),
                message: `벤치마크 의견 ${visitor.serial}: 열람실 조명이 어둡습니다. 밝게 해 주세요.`,
              }).toString(),
            };
          },
          onResponse: (status, _body, context) => {
            const { serial } = context as { serial: string };
            if (status === 303) acknowledged.push(serial);
            else refused.set(status, (refused.get(status) ?? 0) + 1);
          },
        },
      ],
    });
    const seconds = result.duration;
    const serverCpu = (await cpuSeconds(server.pid!)) - cpuBefore;
    const load = loadavg()[0]!;

    server.kill('SIGKILL');
    await exited(server);
    const restarted = performance.now();
    server = await startServer(dir, port);
    const restartSeconds = (performance.now() - restarted) / 1000;

    let lost = 0;
    for (let i = 0; i < acknowledged.length; i += CONCURRENCY) {
      const pages = await Promise.all(
        acknowledged.slice(i, i + CONCURRENCY).map(async (serial) => {
          const res = await fetch(`${base}/c/${serial}`);
          return res.status === 200 && (await res.text()).includes('class="status-word"');
        }),
      );
      lost += pages.filter((present) => !present).length;
    }

    server.kill('SIGTERM');
    await exited(server);
    server = undefined;
    const photos: Uint8Array[] = [];
    for await (const scene of benchScenes(cardLayout(defaultProfile), defaultProfile, PHOTOS))
      photos.push(scene.jpeg);
    const mainThread = await healthzWhileReading(photos, 'off');
    const worker = await healthzWhileReading(photos, 'on');

    const rate = acknowledged.length / seconds;
    const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');
    const health = (h: HealthRun) => `${h.p50} / ${h.p99} / ${h.max} ms`;
    return [
      '## Visitor submissions (issue 4)',
      '',
      'Command: `npm run bench -- visitor` (`BENCH_VISITOR_SUBMISSIONS`, `BENCH_VISITOR_CONCURRENCY`, `BENCH_VISITOR_PHOTOS` to vary).',
      `The real server (\`src/server.ts\`, child process) on 127.0.0.1 with ${STORED.toLocaleString('en')} cases already stored`,
      `(a year of use: answered ones with their notices and the last days' open ones, seeded through \`receiveCase\` in ${seedSeconds.toFixed(1)} s). ${CONCURRENCY} concurrent visitors, each with its own`,
      `cookie and CSRF token, post ${BURST} card forms (one per printed serial) as fast as answered (autocannon). A 303 to the receipt`,
      'is an acknowledgement: the case is on disk. The server is then killed with SIGKILL, started again',
      `(${restartSeconds.toFixed(1)} s to answer), and each acknowledged serial's status page is read back.`,
      `Rate limit during the run: \`SUBMIT_RATE_LIMIT=${RATE_LIMIT}\` (the limiter runs but never refuses; the default is 20/600).`,
      `CPU: ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores shared by the server, the load generator and whatever else runs`,
      `(1-minute load average at the end of the burst: ${load.toFixed(1)}); Node ${process.version}.`,
      '',
      '| measure | result | target | |',
      '| --- | ---: | ---: | --- |',
      `| submissions acknowledged | ${acknowledged.length} of ${BURST} | all | ${verdict(acknowledged.length === BURST)} |`,
      `| submissions per second | ${rate.toFixed(0)} | ≥ 200 | ${verdict(rate >= 200)} |`,
      `| latency p50 / p99 / max | ${result.latency.p50} / ${result.latency.p99} / ${result.latency.max} ms | p99 ≤ 250 ms | ${verdict(result.latency.p99 <= 250)} |`,
      `| acknowledged but missing after SIGKILL + restart | ${lost} | 0 | ${verdict(lost === 0)} |`,
      `| server CPU per acknowledged submission | ${((serverCpu * 1000) / Math.max(1, acknowledged.length)).toFixed(1)} ms | | |`,
      ...(refused.size > 0
        ? ['', `Refused: ${[...refused].map(([status, n]) => `${n} × ${status}`).join(', ')}.`]
        : []),
      '',
      '### `/healthz` while photos are read (issue 15)',
      '',
      `${PHOTOS} photos (the ingest benchmark's 12-megapixel scenes, ${worker.cards} cards) uploaded in one request to the real server,`,
      `on a data folder seeded as above; \`/healthz\` asked one request at a time (every 10 ms) until all are read.`,
      'Once with the photos read on the main thread (`CARDBOX_READ_WORKER=off`, the behaviour before issue 15),',
      'once on the reading worker thread (the default), each on a fresh server and data folder.',
      '',
      `| \`/healthz\` while ${PHOTOS} photos are read | main thread (before) | worker thread | ratio | target | |`,
      '| --- | ---: | ---: | ---: | ---: | --- |',
      `| p50 / p99 / max | ${health(mainThread)} | ${health(worker)} | ${(mainThread.p99 / Math.max(1, worker.p99)).toFixed(1)}× lower p99 | p99 ≤ 100 ms | ${verdict(worker.p99 <= 100)} |`,
      `| requests answered during the reading | ${mainThread.samples} | ${worker.samples} | | | |`,
      `| time to read the ${PHOTOS} photos | ${mainThread.seconds.toFixed(1)} s | ${worker.seconds.toFixed(1)} s | | | |`,
    ].join('\n');
  } finally {
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await exited(server);
    }
    await rm(dir, { recursive: true, force: true });
  }
}

interface HealthRun {
  p50: number;
  p99: number;
  max: number;
  samples: number;
  seconds: number;
  cards: number;
}

/** `/healthz` timed while a fresh server on a freshly seeded data folder reads `photos` (`worker`: on/off). */
async function healthzWhileReading(photos: Uint8Array[], worker: 'on' | 'off'): Promise<HealthRun> {
  const dir = await mkdtemp(join(tmpdir(), 'cardbox-bench-healthz-'));
  let server: ChildProcess | undefined;
  try {
    await seed(dir);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    server = await startServer(dir, port, {
      CARDBOX_READ_WORKER: worker,
      CARDBOX_ADMIN_PASSWORD: ADMIN_PASSWORD,
      PUBLIC_BASE_URL: base,
    });
    const form = await fetch(`${base}/staff/login`);
    const cookies = form.headers.getSetCookie().map((line) => line.split(';')[0]!);
    const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
    const login = await fetch(`${base}/staff/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: base, cookie: cookies.join('; ') },
      body: new URLSearchParams({
        username: 'admin',
        password: ADMIN_PASSWORD,
        next: '/staff',
        ...(token ? { _csrf: token } : {}),
      }),
    });
    const cookie = [...cookies, ...login.headers.getSetCookie().map((line) => line.split(';')[0]!)].join(
      '; ',
    );
    if (login.status !== 303) throw new Error(`bench login failed: ${login.status}`);
    const upload = new FormData();
    for (const [i, jpeg] of photos.entries())
      upload.append('photos', new File([new Uint8Array(jpeg)], `scene-${i + 1}.jpg`, { type: 'image/jpeg' }));
    const started = performance.now();
    const answer = await fetch(`${base}/staff/digitize/photos`, {
      method: 'POST',
      headers: { accept: 'application/json', origin: base, cookie },
      body: upload,
    });
    if (answer.status !== 202)
      throw new Error(`bench upload failed: ${answer.status} ${await answer.text()}`);
    const { batch } = (await answer.json()) as { batch: string };
    const times: number[] = [];
    let state = { done: 0, total: photos.length, cards: 0 };
    while (state.done < state.total) {
      const asked = performance.now();
      await (await fetch(`${base}/healthz`)).arrayBuffer();
      times.push(performance.now() - asked);
      await new Promise((resolve) => setTimeout(resolve, 10));
      if (times.length % 20 === 0)
        state = (await (
          await fetch(`${base}/staff/digitize/batches/${batch}.json`, { headers: { cookie } })
        ).json()) as typeof state;
    }
    const seconds = (performance.now() - started) / 1000;
    times.sort((a, b) => a - b);
    const at = (q: number) => Math.round(times[Math.min(times.length - 1, Math.floor(times.length * q))]!);
    return {
      p50: at(0.5),
      p99: at(0.99),
      max: Math.round(times.at(-1)!),
      samples: times.length,
      seconds,
      cards: state.cards,
    };
  } finally {
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await exited(server);
    }
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * CPU time (user + system) a process has used, from /proc: a figure that does not depend on how busy the
 * rest of the machine is, unlike the rate and the latencies.
 */
async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * 10,000 cases as a year of use leaves them: received over the past 365 days through the box and online, a
 * third with sealed contact details; those past their deadline were answered in time (status, notice), the
 * last days' ones are still open. (Thousands of overdue cases would make the casework sweep, which runs at
 * start, the thing measured.) Plus the printed serials for the burst.
 */
async function seed(dir: string): Promise<string[]> {
  const cardbox = await openEmbeddedCardbox(readSettings({ DATA_DIR: dir }));
  try {
    const { serials } = await issueSerials(
      cardbox.registry,
      {
        type: 'yellow',
        count: STORED + BURST + 2 * CONCURRENCY,
        origin: 'print',
        createdBy: 'bench',
        format: 'pdf',
      },
      new Date(),
    );
    const areas = cardbox.profile.areas.map((a) => a.id);
    const now = Date.now();
    const received = await Promise.all(
      serials.slice(0, STORED).map((serial, i) =>
        receiveCase(cardbox, {
          serial,
          type: 'yellow',
          channel: i % 2 ? 'cardbox' : 'online',
          receivedAt: new Date(now - (i % 365) * 86_400_000 - 3_600_000),
          areas: [areas[i % areas.length]!],
          satisfaction: 1 + (i % 5),
          message: `기존 의견 ${i}: 자료실 의자가 불편하고 냉방이 너무 강합니다. 개선해 주시면 좋겠습니다.`,
          replyWanted: i % 3 === 0,
          consent: i % 3 === 0,
          contact: i % 3 === 0 ? { phone: `010${String(10_000_000 + i).slice(-8)}` } : null,
        }),
      ),
    );
    await cardbox.store.cases.update(() => {
      for (const { record } of received) {
        if (Date.parse(record.dueAt) > now) continue;
        const answeredAt = new Date(Date.parse(record.receivedAt) + 86_400_000).toISOString();
        record.status = 'closed';
        record.answeredAt = answeredAt;
        record.notice = {
          text: '말씀해 주신 자료실 의자를 교체하고 냉방 온도를 조정했습니다. 이용에 불편을 드려 죄송합니다.',
          department: 'library',
          officer: '김사서',
          phone: '258-2533',
          publishedAt: answeredAt,
          publishedBy: 'bench',
        };
      }
    });
    return serials.slice(STORED);
  } finally {
    await cardbox.store.close();
  }
}

async function openForm(base: string, serial: string): Promise<{ cookie: string; token: string }> {
  const res = await fetch(`${base}/c/${serial}`);
  const html = await res.text();
  const cookie = res.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error(`no CSRF token on ${base}/c/${serial} (status ${res.status})`);
  return { cookie, token };
}

function startServer(dir: string, port: number, env: Record<string, string> = {}): Promise<ChildProcess> {
  return startServerProcess(port, { DATA_DIR: dir, SUBMIT_RATE_LIMIT: RATE_LIMIT, ...env });
}
