import type { Profile } from '../../profile/schema.ts';
import type { Text } from './text.ts';

/** The office's phone numbers from the profile, as call links. */
export function Contacts(props: { profile: Profile; t: Text }) {
  const { profile, t } = props;
  return (
    <ul class="phones">
      <li>
        {t.mainPhone}: <a href={`tel:${profile.institution.mainPhone}`}>{profile.institution.mainPhone}</a>
      </li>
      {profile.departments.map((d) => (
        <li>
          {d.name}: <a href={`tel:${d.phone}`}>{d.phone}</a>
        </li>
      ))}
    </ul>
  );
}
