import type { Hono } from 'hono';
import { createApp } from './app.tsx';
import type { Settings } from './config/settings.ts';
import { type Cardbox, institutionCardbox, openCardbox } from './context.ts';
import { runPhoto } from './jobs/digitize.ts';
import type { PhotoReader } from './jobs/photo-reader.ts';
import { cardLayout } from './profile/card-layout.ts';
import { loadProfile, parseProfile } from './profile/load.ts';
import type { Profile } from './profile/schema.ts';
import type { RegionDirectory } from './reports/region.ts';
import type { Institution } from './repositories/institutions.ts';
import { PgInstitutionRepository } from './repositories/pg/institutions.ts';
import { checkKey, openDatabase } from './repositories/pg/open.ts';
import { openReadingQueue, type ReadingQueue } from './repositories/pg/reading-queue.ts';

/** An institution served by this process: its Cardbox and its web application. */
export interface Site {
  id: string;
  name: string;
  cardbox: Cardbox;
  app: Hono;
}

/**
 * What one server process serves: the home institution (`default`: the library itself, or the education office
 * of a region) and, on PostgreSQL, every other institution of the database, each at its own address. A request
 * goes to the institution whose address its Host names, else home. A card's QR that reaches an institution it
 * was not issued to (an old poster, a mistyped host) is sent on to the one it was.
 */
export interface Deployment {
  home: Site;
  sites: readonly Site[];
  fetch: (request: Request, env?: unknown) => Promise<Response>;
  /**
   * On PostgreSQL: reads photos from the deployment's shared queue in this process until `close`, one at a time,
   * for whichever institution each is. Without a database each Cardbox reads its own uploads instead.
   */
  readPhotos?: (read: PhotoReader) => Promise<void>;
  close: () => Promise<void>;
}

const CARD_PATH = /^\/[cC]\/([^/?#]+)/;

export async function openDeployment(settings: Settings): Promise<Deployment> {
  if (!settings.DATABASE_URL) {
    const cardbox = await openCardbox(settings);
    const home: Site = {
      id: 'default',
      name: cardbox.profile.institution.name,
      cardbox,
      app: createApp(cardbox),
    };
    return {
      home,
      sites: [home],
      fetch: async (request, env) => home.app.fetch(request, env),
      close: () => cardbox.close(),
    };
  }
  const database = await openDatabase(settings.DATABASE_URL, {
    key: settings.CARDBOX_KEY,
    institution: 'default',
  });
  let queue: ReadingQueue | undefined;
  try {
    queue = await openReadingQueue(settings.DATABASE_URL, {
      timeoutSeconds: settings.CARDBOX_JOB_TIMEOUT_SECONDS,
    });
    const jobs = queue;
    const institutions = new PgInstitutionRepository(database.pool);
    const fallback = await loadProfile(settings.CARDBOX_PROFILE);
    const sites: Site[] = [];
    const region: RegionDirectory = { institutions: () => sites };
    for (const row of await institutions.list()) {
      await checkKey(database.pool, row.id, database.key);
      const profile = profileOf(row, fallback);
      const own = { ...settings, PUBLIC_BASE_URL: row.baseUrl ?? settings.PUBLIC_BASE_URL };
      const cardbox = institutionCardbox(
        { settings: own, profile, layout: cardLayout(profile), now: () => new Date() },
        database,
        row.id,
      );
      cardbox.readingJobs = { enqueue: (photoId) => jobs.enqueue({ institution: row.id, photoId }) };
      const home = row.id === 'default';
      sites.push({
        id: row.id,
        name: row.name === 'default' ? profile.institution.name : row.name,
        cardbox,
        app: createApp(cardbox, home ? { region } : {}),
      });
    }
    const home = sites.find((site) => site.id === 'default')!;
    home.cardbox.regionHome = sites.length > 1;
    const byHost = new Map(sites.map((site) => [new URL(site.cardbox.settings.PUBLIC_BASE_URL).host, site]));
    if (sites.length > 1) byHost.delete(new URL(settings.PUBLIC_BASE_URL).host);
    byHost.set(new URL(settings.PUBLIC_BASE_URL).host, home);
    const byId = new Map(sites.map((site) => [site.id, site]));
    return {
      home,
      sites,
      fetch: async (request, env) => {
        const url = new URL(request.url);
        const site = byHost.get(request.headers.get('host') ?? url.host) ?? home;
        const serial = CARD_PATH.exec(url.pathname)?.[1];
        const answer = await site.app.fetch(request, env);
        // Only a card this institution does not know is looked for elsewhere: the usual visit costs no lookup.
        if (serial && answer.status === 404 && sites.length > 1) {
          const owner = byId.get((await institutions.ownerOfSerial(serial)) ?? '');
          // A form sent to the wrong address is sent on with its body (307), so the visitor's words arrive.
          if (owner && owner !== site)
            return Response.redirect(
              `${owner.cardbox.settings.PUBLIC_BASE_URL}${url.pathname}${url.search}`,
              request.method === 'GET' || request.method === 'HEAD' ? 302 : 307,
            );
        }
        return answer;
      },
      readPhotos: (read) =>
        jobs.work(async ({ institution, photoId }) => {
          const owner = byId.get(institution);
          if (!owner)
            throw new Error(`a photo of institution ${institution}, which this process does not know`);
          // Idempotent: a photo already read is left as it is; one read again merges nothing twice.
          try {
            await runPhoto(owner.cardbox, photoId, read);
          } catch (error) {
            console.error(
              `reading ${institution}/${photoId.slice(0, 12)} failed; it is tried again later:`,
              error,
            );
            throw error;
          }
        }),
      close: async () => {
        await jobs.stop();
        await database.pool.end();
      },
    };
  } catch (error) {
    await queue?.stop().catch(() => {});
    await database.pool.end().catch(() => {});
    throw error;
  }
}

/** An institution's profile: its own, or without one the deployment's under the institution's name. */
export function profileOf(institution: Institution, fallback: Profile): Profile {
  if (institution.profile)
    return parseProfile(institution.profile, `institution ${institution.id}'s profile`);
  if (institution.id === 'default') return fallback;
  return { ...fallback, institution: { ...fallback.institution, name: institution.name } };
}
