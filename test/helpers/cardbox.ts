import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src/app.tsx';
import { readSettings } from '../../src/config/settings.ts';
import { type Cardbox, openCardbox } from '../../src/context.ts';
import { resumeDigitizing } from '../../src/jobs/background.ts';
import type { Profile } from '../../src/profile/schema.ts';

export interface TestCardbox {
  cardbox: Cardbox;
  app: ReturnType<typeof createApp>;
  dir: string;
  /** Closes the store and opens the same data folder again, as a restarted server would. */
  restart: () => Promise<TestCardbox>;
  cleanup: () => Promise<void>;
}

/** A real Cardbox on a fresh temporary data folder, with its real Hono app. */
export async function tempCardbox(
  options: { env?: Record<string, string>; now?: () => Date; dir?: string; profile?: Profile } = {},
): Promise<TestCardbox> {
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'cardbox-test-')));
  const settings = readSettings({ DATA_DIR: dir, PUBLIC_BASE_URL: 'http://cards.test', ...options.env });
  const cardbox = await openCardbox(settings, {
    ...(options.now ? { now: options.now } : {}),
    ...(options.profile ? { profile: options.profile } : {}),
  });
  const app = createApp(cardbox);
  // As the server does on start (without the timed sweeps, which tests run themselves).
  resumeDigitizing(cardbox);
  const self: TestCardbox = {
    cardbox,
    app,
    dir,
    restart: async () => {
      await cardbox.store.close();
      return tempCardbox({ ...options, dir });
    },
    cleanup: async () => {
      await cardbox.store.close().catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
  return self;
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
