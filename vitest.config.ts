import { defineConfig } from 'vitest/config';

/**
 * Stories that look at records only through the repositories: they run a second time with the records in
 * PostgreSQL (the project "postgres"), so both stores answer the same walks through the real app.
 */
const ON_BOTH_STORES = [
  'test/casework/case-steps.test.ts',
  'test/casework/clock.test.ts',
  'test/casework/dashboard-links.test.ts',
  'test/casework/inbox-keys.test.ts',
  'test/casework/inbox-page.test.ts',
  'test/casework/merge-reading.test.ts',
  'test/casework/staff-story.test.ts',
  'test/casework/viewer-story.test.ts',
  'test/reports/deadlines.test.ts',
  'test/visitor/concurrency.test.ts',
  'test/visitor/resend.test.ts',
];

export default defineConfig({
  test: {
    // One real PostgreSQL server for the run (test/helpers/postgres-server.ts).
    globalSetup: ['test/helpers/postgres-server.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'embedded', include: ['test/**/*.test.ts', 'src/**/*.test.ts'] } },
      {
        extends: true,
        test: { name: 'postgres', include: ON_BOTH_STORES, env: { CARDBOX_TEST_ON_POSTGRES: '1' } },
      },
    ],
  },
});
