import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src/app.tsx';
import { readSettings } from '../../src/config/settings.ts';
import { type Cardbox, openCardbox } from '../../src/context.ts';
import { resumeDigitizing } from '../../src/jobs/background.ts';
import type { Profile } from '../../src/profile/schema.ts';
import type { Store } from '../../src/store/index.ts';

/** A Cardbox on the embedded store, whose tables tests may look into. */
export type EmbeddedCardbox = Cardbox & { store: Store };

/** Opens a Cardbox on the embedded store (DATA_DIR of `settings`, no DATABASE_URL). */
export async function openEmbeddedCardbox(...args: Parameters<typeof openCardbox>): Promise<EmbeddedCardbox> {
  const cardbox = await openCardbox(...args);
  if (!cardbox.store) {
    await cardbox.close();
    throw new Error('openEmbeddedCardbox: these settings open a database, not the embedded store');
  }
  return cardbox as EmbeddedCardbox;
}

export interface TestCardbox {
  /**
   * With `CARDBOX_TEST_ON_POSTGRES=1` (the vitest project "postgres") the records are in a fresh PostgreSQL
   * database instead, and `store` throws: the tests run there look at records only through the repositories.
   */
  cardbox: EmbeddedCardbox;
  app: ReturnType<typeof createApp>;
  dir: string;
  /** Closes the store and opens the same data folder again, as a restarted server would. */
  restart: () => Promise<TestCardbox>;
  cleanup: () => Promise<void>;
}

/** Whether test Cardboxes keep their records in PostgreSQL (the vitest project "postgres"). */
export const ON_POSTGRES = process.env.CARDBOX_TEST_ON_POSTGRES === '1';

/** The key test Cardboxes on PostgreSQL share (a database needs `CARDBOX_KEY`). */
const TEST_KEY = 'a'.repeat(64);

type TempOptions = { env?: Record<string, string>; now?: () => Date; dir?: string; profile?: Profile };

/** A real Cardbox on a fresh temporary data folder, with its real Hono app. */
export async function tempCardbox(options: TempOptions = {}): Promise<TestCardbox> {
  if (ON_POSTGRES && !options.env?.DATABASE_URL) return tempCardboxOnPostgres(options);
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'cardbox-test-')));
  const settings = readSettings({ DATA_DIR: dir, PUBLIC_BASE_URL: 'http://cards.test', ...options.env });
  const cardbox = await openCardbox(settings, {
    ...(options.now ? { now: options.now } : {}),
    ...(options.profile ? { profile: options.profile } : {}),
  });
  if (!cardbox.store)
    Object.defineProperty(cardbox, 'store', {
      get: () => {
        throw new Error('this test reads the embedded store directly, so it cannot run on PostgreSQL');
      },
    });
  const app = createApp(cardbox);
  // As the server does on start (without the timed sweeps, which tests run themselves).
  resumeDigitizing(cardbox);
  return {
    cardbox: cardbox as EmbeddedCardbox,
    app,
    dir,
    restart: async () => {
      await cardbox.close();
      return tempCardbox({ ...options, dir });
    },
    cleanup: async () => {
      await cardbox.close().catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function tempCardboxOnPostgres(options: TempOptions): Promise<TestCardbox> {
  const { freshDatabase } = await import('./postgres.ts');
  const database = await freshDatabase();
  await database.pool.end();
  const open = async (dir?: string): Promise<TestCardbox> => {
    const t = await tempCardbox({
      ...options,
      ...(dir ? { dir } : {}),
      env: { CARDBOX_KEY: TEST_KEY, ...options.env, DATABASE_URL: database.url },
    });
    return {
      ...t,
      restart: async () => {
        await t.cardbox.close();
        return open(t.dir);
      },
      cleanup: async () => {
        await t.cleanup();
        await database.drop();
      },
    };
  };
  return open(options.dir);
}

/** True under CI, where a missing system package must fail a test instead of skipping it. */
export const IN_CI = process.env.CI === 'true';

/**
 * What a table holds on disk right now: its JSON file with the lines of its journal (appended records not
 * yet folded into the file) as a list beside it, and the raw text of both for "never on disk" checks.
 */
export async function tableOnDisk<T>(
  // The file is missing until the table's first full write: then only the journal holds its records.

  dir: string,
  name: string,
): Promise<{ file: T; journal: unknown[]; text: string }> {
  const { readFile } = await import('node:fs/promises');
  const fileText = await readFile(join(dir, `${name}.json`), 'utf8').catch(() => '{}');
  const journalText = await readFile(join(dir, `${name}.json.journal`), 'utf8').catch(() => '');
  const journal = journalText
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as unknown);
  return { file: JSON.parse(fileText) as T, journal, text: `${fileText}\n${journalText}` };
}
