import type { Child } from 'hono/jsx';
import { ROLE_LABELS } from '../../cases/labels.ts';
import type { Cardbox } from '../../context.ts';
import { unconfiguredChannels } from '../../delivery/transports.ts';
import type { Role, StaffUser } from '../../store/records.ts';
import { currentFlash } from '../../web/flash.ts';

const SETUP_WARNINGS = {
  email:
    '메일 서버가 설정되지 않아 이메일로 통지를 보낼 수 없습니다 (SMTP_URL). 이메일만 남긴 방문자에게는 전화나 우편으로 알려 주세요.',
  sms: '문자 게이트웨이가 설정되지 않아 문자로 통지를 보낼 수 없습니다 (SMS_WEBHOOK_URL).',
} as const;

/** The menu, each item with the roles its page lets in (a link that ends in 403 is not offered). */
const NAV: readonly { href: string; label: string; roles: readonly Role[] }[] = [
  { href: '/staff', label: '대시보드', roles: ['admin', 'staff', 'viewer'] },
  { href: '/staff/cases', label: '접수함', roles: ['admin', 'staff', 'viewer'] },
  { href: '/staff/digitize', label: '카드 디지털화', roles: ['admin', 'staff'] },
  { href: '/staff/print', label: '카드 인쇄', roles: ['admin'] },
  { href: '/staff/stats', label: '통계', roles: ['admin', 'staff', 'viewer'] },
  { href: '/staff/outbox', label: '발송함', roles: ['admin', 'staff', 'viewer'] },
  { href: '/staff/users', label: '직원 계정', roles: ['admin'] },
  { href: '/staff/audit', label: '감사 기록', roles: ['admin'] },
];

/** On the home institution of a region: the administrators' overview of every institution. */
const REGION_ITEM = { href: '/staff/region', label: '기관 전체', roles: ['admin'] } as const;

/** Whether a staff page of the menu lets `role` in (pages outside the menu are not judged here: true). */
export function menuAllows(role: Role, href: string): boolean {
  const item = NAV.find((i) => i.href === href);
  return !item || item.roles.includes(role);
}

/** The frame of every staff page: skip link, navigation, the signed-in officer and logout. */
export function StaffLayout(props: {
  title: string;
  user?: StaffUser | undefined;
  /** Given, the page warns while a delivery channel is not configured (visitors would not be reached). */
  cardbox?: Cardbox;
  children: Child;
}) {
  const warnings = props.cardbox && props.user ? unconfiguredChannels(props.cardbox) : [];
  // The menu item of this page: by its title, a case page under the inbox, a digitize page under digitizing.
  const current =
    [...NAV, REGION_ITEM].find((item) => item.label === props.title)?.href ??
    (props.title.startsWith('의견') || props.title.startsWith('전화·방문')
      ? '/staff/cases'
      : props.title.startsWith('상자 디지털화')
        ? '/staff/digitize'
        : props.title.startsWith('카드 인쇄')
          ? '/staff/print'
          : props.title.startsWith('기관 전체')
            ? '/staff/region'
            : undefined);
  const flash = currentFlash();
  return (
    <html lang="ko">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · Cardbox 직원`}</title>
        <link rel="stylesheet" href="/static/cardbox.css" />
        {props.user && <script src="/static/menu.js" defer />}
      </head>
      <body class="staff">
        <a class="skip" href="#main">
          본문 바로가기
        </a>
        <header class="staff-header">
          <strong>{props.cardbox ? `${props.cardbox.profile.institution.name} · ` : ''}Cardbox 직원</strong>
          {props.user && (
            // On a phone the menu and the logout fold behind this button (public/menu.js); without
            // JavaScript the button stays hidden and the menu shows.
            <button
              type="button"
              id="menu-toggle"
              class="menu-toggle"
              aria-expanded="true"
              aria-controls="staff-menu"
              hidden
            >
              메뉴
            </button>
          )}
          {props.user && (
            <div id="staff-menu" class="staff-menu">
              <nav aria-label="직원 메뉴">
                <ul>
                  {[...NAV, ...(props.cardbox?.regionHome ? [REGION_ITEM] : [])]
                    .filter((item) => (item.roles as readonly Role[]).includes(props.user!.role))
                    .map((item) => (
                      <li>
                        <a href={item.href} aria-current={item.href === current ? 'page' : undefined}>
                          {item.label}
                        </a>
                      </li>
                    ))}
                </ul>
              </nav>
              <form method="post" action="/staff/logout" class="logout">
                <span>
                  {props.user.name} ({ROLE_LABELS[props.user.role]})
                </span>{' '}
                <button type="submit">로그아웃</button>
              </form>
            </div>
          )}
        </header>
        <main id="main">
          {warnings.length > 0 && (
            <div class="setup-warning" role="status">
              {warnings.map((channel) => (
                <p>{SETUP_WARNINGS[channel]}</p>
              ))}
            </div>
          )}
          <h1>{props.title}</h1>
          {flash && (
            <p class="error" role="alert">
              {flash.error}
            </p>
          )}
          {props.children}
        </main>
      </body>
    </html>
  );
}
