import type { Profile } from '../../profile/schema.ts';
import type { Preferences } from '../../web/preferences.ts';
import { Layout } from '../components/Layout.tsx';
import { Contacts } from './Contacts.tsx';
import { TEXT } from './text.ts';

/** An honest refusal: what happened, that nothing was stored, and where to go next. */
export function Problem(props: {
  profile: Profile;
  prefs: Preferences;
  title: string;
  text: string;
  back: string;
}) {
  const { profile, prefs } = props;
  const t = TEXT[prefs.lang];
  return (
    <Layout
      title={props.title}
      site={prefs.lang === 'en' ? profile.institution.nameEn : profile.institution.name}
      prefs={prefs}
      area="visitor"
    >
      <h1>{props.title}</h1>
      <p role="alert">{props.text}</p>
      <p>
        <a href={props.back}>{t.back}</a>
      </p>
      <p>{t.contactOffice}</p>
      <Contacts profile={profile} t={t} />
    </Layout>
  );
}
