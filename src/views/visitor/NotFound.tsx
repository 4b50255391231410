import type { Profile } from '../../profile/schema.ts';
import type { Preferences } from '../../web/preferences.ts';
import { Layout } from '../components/Layout.tsx';
import { SerialLookup } from '../components/SerialLookup.tsx';
import { Contacts } from './Contacts.tsx';
import { TEXT } from './text.ts';

/** A serial that fails its check character ('typo') or was never issued ('unknown'), with whom to call. */
export function NotFound(props: {
  profile: Profile;
  prefs: Preferences;
  reason: 'typo' | 'unknown';
  /** What was typed or opened, shown again in the serial box to correct. */
  typed?: string;
}) {
  const { profile, prefs } = props;
  const t = TEXT[prefs.lang];
  return (
    <Layout
      title={t.notFoundTitle}
      site={prefs.lang === 'en' ? profile.institution.nameEn : profile.institution.name}
      prefs={prefs}
      area="visitor"
    >
      <h1>{t.notFoundTitle}</h1>
      <p>{props.reason === 'typo' ? t.notFoundTypo : t.notFoundUnknown}</p>
      <SerialLookup lang={prefs.lang} value={props.typed ?? ''} />
      <h2>{t.contactOffice}</h2>
      <Contacts profile={profile} t={t} />
      <p>
        <a href="/write">{t.writeWithoutCard}</a>
      </p>
    </Layout>
  );
}
