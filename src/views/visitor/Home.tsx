import type { Profile } from '../../profile/schema.ts';
import type { Preferences } from '../../web/preferences.ts';
import { Layout } from '../components/Layout.tsx';
import { PhoneLink } from '../components/Phone.tsx';
import { SerialLookup } from '../components/SerialLookup.tsx';

const LINKS = {
  ko: [
    {
      href: '/write',
      label: '의견 쓰기',
      note: '카드가 없어도 휴대전화로 칭찬·제안이나 불편·불만을 남길 수 있습니다.',
    },
    { href: '/board', label: '처리 결과 게시판', note: '주신 의견으로 무엇이 바뀌었는지 알려 드립니다.' },
    {
      href: '/stats',
      label: '서비스 헌장 이행 통계',
      note: '기한 안에 답했는지, 만족도는 어떤지 공개합니다.',
    },
    { href: '/staff/login', label: '직원 로그인', note: '' },
  ],
  en: [
    {
      href: '/write',
      label: 'Write feedback',
      note: 'Praise, suggestions or complaints, from your phone — no card needed.',
    },
    { href: '/board', label: 'Results board', note: 'What changed because of your feedback.' },
    { href: '/stats', label: 'Charter statistics', note: 'How well the service charter was kept.' },
    { href: '/staff/login', label: 'Staff login', note: '' },
  ],
} as const;

/** The front page: where a visitor who typed the bare address can go, and a serial box. */
export function HomePage({ profile, prefs }: { profile: Profile; prefs: Preferences }) {
  const { institution } = profile;
  const en = prefs.lang === 'en';
  return (
    <Layout
      title={en ? 'Feedback cards' : '그린·옐로카드'}
      site={en ? institution.nameEn : institution.name}
      prefs={prefs}
      area="visitor"
    >
      <h1>{en ? 'Green and yellow feedback cards' : '그린·옐로카드함'}</h1>
      <p>
        {en
          ? 'Scan the QR code on a card or its stub to write online or to see the result of what you wrote.'
          : '카드나 보관용 확인증의 QR을 휴대전화로 찍으면 온라인으로 의견을 쓰거나 처리 결과를 볼 수 있습니다.'}
      </p>
      <ul class="home-links">
        {LINKS[prefs.lang].map((link) => (
          <li>
            <a href={link.href}>{link.label}</a>
            {link.note && <span> — {link.note}</span>}
          </li>
        ))}
      </ul>
      <SerialLookup lang={prefs.lang} />
      <p>
        {en ? 'Questions: ' : '문의: '}
        {en ? institution.nameEn : institution.name}{' '}
        <PhoneLink phone={institution.mainPhone} areaCode={institution.areaCode} />
        {en
          ? ` (weekdays ${institution.workingHours.start}–${institution.workingHours.end})`
          : ` (평일 ${institution.workingHours.start}~${institution.workingHours.end})`}
      </p>
    </Layout>
  );
}
