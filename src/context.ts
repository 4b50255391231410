import { resolve } from 'node:path';
import type pg from 'pg';
import type { Settings } from './config/settings.ts';
import { cardLayout, type Layout } from './profile/card-layout.ts';
import { loadProfile } from './profile/load.ts';
import type { Profile } from './profile/schema.ts';
import type { FileStorage } from './repositories/files.ts';
import type { Repositories, RunAlone, SerialLookup, Transaction } from './repositories/index.ts';
import { jsonRepositories } from './repositories/json/index.ts';
import { pgRepositories } from './repositories/pg/index.ts';
import { openDatabase } from './repositories/pg/open.ts';
import { parseS3Url, S3FileStorage } from './repositories/s3/files.ts';
import { FileStore } from './store/files.ts';
import { openStore, type Store } from './store/index.ts';
import type { Sealer } from './store/sealer.ts';
import { useTimeZone } from './time/zone.ts';

/**
 * What every part of Cardbox works with: settings, the institution profile, the card layout, and the records
 * through their repositories (`src/repositories/`), the files (photos, crops) and the sealer of contact details.
 */
export interface Cardbox extends Repositories {
  settings: Settings;
  profile: Profile;
  layout: Layout;
  transaction: Transaction;
  runAlone: RunAlone;
  lookupSerial: SerialLookup;
  files: FileStorage;
  sealer: Sealer;
  /**
   * The embedded store under DATA_DIR, when the records are kept there (no DATABASE_URL): opened and closed here;
   * the rest of Cardbox goes through the repositories.
   */
  store?: Store;
  /**
   * On PostgreSQL, the shared queue photos are read from (by any worker of the deployment); without it, this
   * process reads its own uploads (`src/jobs/digitize.ts`).
   */
  readingJobs?: { enqueue: (photoId: string) => Promise<void> };
  /** The home institution of a region of several: its administrators have the overview, `/staff/region`. */
  regionHome?: boolean;
  /** The clock, replaceable in tests. */
  now: () => Date;
  /** Writes what is pending and lets go of the data folder (or the database). */
  close: () => Promise<void>;
}

export async function openCardbox(
  settings: Settings,
  overrides: Partial<Pick<Cardbox, 'now' | 'profile'>> = {},
): Promise<Cardbox> {
  const profile = overrides.profile ?? (await loadProfile(settings.CARDBOX_PROFILE));
  useTimeZone(profile.institution.timezone);
  const common = { settings, profile, layout: cardLayout(profile), now: overrides.now ?? (() => new Date()) };
  if (settings.DATABASE_URL) {
    const database = await openDatabase(settings.DATABASE_URL, {
      key: settings.CARDBOX_KEY,
      institution: 'default',
    });
    return { ...institutionCardbox(common, database, 'default'), close: () => database.pool.end() };
  }
  const store = await openStore(settings.DATA_DIR, settings.CARDBOX_KEY ? { key: settings.CARDBOX_KEY } : {});
  return {
    ...common,
    store,
    ...jsonRepositories(store, { maxCases: settings.CARDBOX_MAX_CASES }),
    files: common.settings.CARDBOX_FILES ? fileStorage(common.settings) : store.files,
    sealer: store.sealer,
    close: () => store.close(),
  };
}

/**
 * One institution's Cardbox on a database opened by the caller (who closes it): its records are the rows of
 * `institution`, its photos and crops in the data folder, which machines share in a multi-machine setup.
 */
export function institutionCardbox(
  common: Pick<Cardbox, 'settings' | 'profile' | 'layout' | 'now'>,
  database: { pool: pg.Pool; sealer: Sealer },
  institution: string,
): Cardbox {
  return {
    ...common,
    ...pgRepositories(database.pool, institution),
    files: fileStorage(common.settings),
    sealer: database.sealer,
    close: async () => {},
  };
}

/** The files of a Cardbox: the object store of `CARDBOX_FILES`, else the data folder. */
function fileStorage(settings: Settings): FileStorage {
  return settings.CARDBOX_FILES
    ? new S3FileStorage(parseS3Url(settings.CARDBOX_FILES))
    : new FileStore(resolve(settings.DATA_DIR));
}
