/**
 * One measurement of the embedded store on a prepared data folder, in a process of its own (so start-up and
 * memory are this store's alone): run by store.bench.ts as `tsx test/bench/store-probe.ts`, with PROBE_ROOT the
 * Cardbox tree to measure (this one, or an older commit checked out beside it) and PROBE_DATA the folder.
 * Prints one JSON line. Only interfaces both trees share are used: openCardbox, the app's routes.
 */
const root = process.env.PROBE_ROOT!;
const dir = process.env.PROBE_DATA!;
const changes = Number(process.env.PROBE_CHANGES ?? 50);

const quantile = (values: number[], q: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))]!;

async function main(): Promise<object> {
  const settingsModule = (await import(`${root}/src/config/settings.ts`).catch(
    () => import(`${root}/src/profile/env.ts`),
  )) as { readSettings: (env: Record<string, string>) => unknown };
  const { openCardbox } = (await import(`${root}/src/context.ts`)) as {
    openCardbox: (settings: unknown) => Promise<{
      store: {
        cases: { data: { cases: { id: string; answeredAt?: string }[] } };
        close: () => Promise<void>;
      };
    }>;
  };
  const { createApp } = (await import(`${root}/src/app.tsx`)) as {
    createApp: (cardbox: unknown) => { request: (path: string, init?: RequestInit) => Promise<Response> };
  };
  const { createUser } = (await import(`${root}/src/auth/index.ts`)) as {
    createUser: (cardbox: unknown, user: object) => Promise<unknown>;
  };
  const started = performance.now();
  let cardbox: Awaited<ReturnType<typeof openCardbox>>;
  try {
    cardbox = await openCardbox(
      settingsModule.readSettings({ DATA_DIR: dir, PUBLIC_BASE_URL: 'http://cards.test' }),
    );
  } catch (error) {
    return { failed: `${(error as Error).name}: ${(error as Error).message.slice(0, 160)}` };
  }
  const startupMs = performance.now() - started;
  globalThis.gc?.();
  const memory = process.memoryUsage();
  const app = createApp(cardbox);
  await createUser(cardbox, {
    username: `probe${process.pid}`,
    name: '측정',
    role: 'admin',
    department: 'admin',
    phone: '258-2518',
    password: 'probe password 1',
  });
  const login = await app.request('/staff/login', {
    method: 'POST',
    body: new URLSearchParams({
      username: `probe${process.pid}`,
      password: 'probe password 1',
      next: '/staff',
    }),
    headers: { origin: 'http://localhost' },
  });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const headers = { cookie, origin: 'http://localhost' };
  const open = cardbox.store.cases.data.cases.filter((c) => !c.answeredAt).slice(0, changes);
  const times: number[] = [];
  let refused = '';
  for (const [i, c] of open.entries()) {
    const t0 = performance.now();
    const response = await app.request(`/staff/cases/${c.id}/classify`, {
      method: 'POST',
      headers,
      body: new URLSearchParams({ classification: i % 2 ? 'suggestion' : 'service' }),
    });
    times.push(performance.now() - t0);
    if (response.status !== 303) refused = `${response.status} ${(await response.text()).slice(0, 120)}`;
  }
  const stats: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const response = await app.request('/staff/stats?from=2026-01-01&to=2026-12-31', { headers });
    await response.text();
    stats.push(performance.now() - t0);
  }
  await cardbox.store.close();
  return {
    startupMs,
    rssMiB: memory.rss / 2 ** 20,
    heapMiB: memory.heapUsed / 2 ** 20,
    changeMedianMs: quantile(times, 0.5),
    changeP99Ms: quantile(times, 0.99),
    statsMs: quantile(stats, 0.5),
    ...(refused ? { refused } : {}),
  };
}

main().then(
  (result) => {
    console.log(JSON.stringify(result));
    process.exit(0);
  },
  (error: unknown) => {
    console.log(JSON.stringify({ failed: String(error).slice(0, 200) }));
    process.exit(0);
  },
);
