import { CARD_STYLES } from '../../cards/drawing.ts';
import type { Profile } from '../../profile/schema.ts';
import type { CardType } from '../../store/records.ts';
import type { Preferences } from '../../web/preferences.ts';
import { Layout } from '../components/Layout.tsx';
import { onlineInstruction } from './CardForm.tsx';
import { TEXT } from './text.ts';

const TYPES: CardType[] = ['green', 'yellow'];

/** "No card at hand": choose the green or the yellow card. */
export function Chooser(props: { profile: Profile; prefs: Preferences }) {
  const { profile, prefs } = props;
  const t = TEXT[prefs.lang];
  const en = prefs.lang === 'en';
  return (
    <Layout
      title={t.chooserTitle}
      site={en ? profile.institution.nameEn : profile.institution.name}
      prefs={prefs}
      area="visitor"
    >
      <h1>{t.chooserTitle}</h1>
      <p>{t.chooserIntro}</p>
      <ul class="chooser">
        {TYPES.map((type) => {
          const style = CARD_STYLES[type];
          return (
            <li class={`card-${type}`}>
              <a href={`/write?type=${type}`}>
                {en ? style.titleEn : `${style.title} · ${style.subtitle}`}
                <span>{onlineInstruction(profile, type, prefs.lang)}</span>
              </a>
            </li>
          );
        })}
      </ul>
    </Layout>
  );
}
