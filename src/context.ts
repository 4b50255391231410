import { cardLayout, type Layout } from './cards/layout.ts';
import type { Settings } from './profile/env.ts';
import { loadProfile } from './profile/load.ts';
import type { Profile } from './profile/schema.ts';
import { openStore, type Store } from './store/index.ts';

/** What every part of Cardbox works with: settings, the institution profile, the card layout and the store. */
export interface Cardbox {
  settings: Settings;
  profile: Profile;
  layout: Layout;
  store: Store;
  /** The clock, replaceable in tests. */
  now: () => Date;
}

export async function openCardbox(
  settings: Settings,
  overrides: Partial<Pick<Cardbox, 'now' | 'profile'>> = {},
): Promise<Cardbox> {
  const profile = overrides.profile ?? (await loadProfile(settings.CARDBOX_PROFILE));
  const store = await openStore(settings.DATA_DIR);
  return { settings, profile, layout: cardLayout(profile), store, now: overrides.now ?? (() => new Date()) };
}
