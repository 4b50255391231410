import { Hono } from 'hono';
import { checkSerial } from '../cards/serial.ts';
import type { Cardbox } from '../context.ts';
import { Layout } from '../views/components/Layout.tsx';
import { PhoneLink } from '../views/components/Phone.tsx';
import { SerialLookup } from '../views/components/SerialLookup.tsx';
import { type PreferencesVariables, preferences } from '../web/preferences.ts';

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

/**
 * The front page: where a visitor who typed the bare address can go, with a serial box to check a card's
 * status without its QR code; `/status?serial=` is where that box (and the one on every 404 page) goes.
 */
export function homeRoutes(cardbox: Cardbox): Hono<{ Variables: PreferencesVariables }> {
  const app = new Hono<{ Variables: PreferencesVariables }>();
  app.get('/', preferences(), (c) => {
    const prefs = c.var.prefs;
    const { institution } = cardbox.profile;
    const en = prefs.lang === 'en';
    return c.html(
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
        </p>
      </Layout>,
    );
  });
  // The serial box: a serial as people type it (lower case, hyphens, spaces, O for 0, I/L for 1) opens its
  // card page; anything else opens the card 404 with what was typed, which explains a typo. Lookups of
  // serials that do not exist are counted there (LOOKUP_RATE_LIMIT), as for any card URL.
  app.get('/status', (c) => {
    const typed = (c.req.query('serial') ?? '').trim().slice(0, 40);
    if (!typed) return c.redirect('/#serial-lookup-title', 303);
    const checked = checkSerial(typed);
    return c.redirect(`/c/${checked.ok ? checked.serial : encodeURIComponent(typed)}`, 303);
  });
  return app;
}
