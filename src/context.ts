import type { Settings } from './config/settings.ts';
import { cardLayout, type Layout } from './profile/card-layout.ts';
import { loadProfile } from './profile/load.ts';
import type { Profile } from './profile/schema.ts';
import type { AuditRepository } from './repositories/audit.ts';
import type { CaseRepository } from './repositories/cases.ts';
import { JsonAuditRepository } from './repositories/json/audit.ts';
import { JsonCaseRepository } from './repositories/json/cases.ts';
import { openStore, type Store } from './store/index.ts';
import { useTimeZone } from './time/zone.ts';

/** What every part of Cardbox works with: settings, the institution profile, the card layout and the store. */
export interface Cardbox {
  settings: Settings;
  profile: Profile;
  layout: Layout;
  store: Store;
  /** Cases, through the repository every part of Cardbox uses (`src/repositories/cases.ts`). */
  cases: CaseRepository;
  audit: AuditRepository;
  /** The clock, replaceable in tests. */
  now: () => Date;
}

export async function openCardbox(
  settings: Settings,
  overrides: Partial<Pick<Cardbox, 'now' | 'profile'>> = {},
): Promise<Cardbox> {
  const profile = overrides.profile ?? (await loadProfile(settings.CARDBOX_PROFILE));
  useTimeZone(profile.institution.timezone);
  const store = await openStore(settings.DATA_DIR, settings.CARDBOX_KEY ? { key: settings.CARDBOX_KEY } : {});
  return {
    settings,
    profile,
    layout: cardLayout(profile),
    store,
    cases: new JsonCaseRepository(store.cases, { maxCases: settings.CARDBOX_MAX_CASES }),
    audit: new JsonAuditRepository(store.audit),
    now: overrides.now ?? (() => new Date()),
  };
}
