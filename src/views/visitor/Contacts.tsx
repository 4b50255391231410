import type { Profile } from '../../profile/schema.ts';
import { PhoneLink } from '../components/Phone.tsx';
import type { Text } from './text.ts';

/** The office's phone numbers from the profile, as call links with the area code. */
export function Contacts(props: { profile: Profile; t: Text }) {
  const { profile, t } = props;
  const areaCode = profile.institution.areaCode;
  return (
    <ul class="phones">
      <li>
        {t.mainPhone}: <PhoneLink phone={profile.institution.mainPhone} areaCode={areaCode} />
      </li>
      {profile.departments.map((d) => (
        <li>
          {d.name}: <PhoneLink phone={d.phone} areaCode={areaCode} />
        </li>
      ))}
    </ul>
  );
}
