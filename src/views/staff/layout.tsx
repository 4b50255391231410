import type { Child } from 'hono/jsx';
import type { Cardbox } from '../../context.ts';
import { unconfiguredChannels } from '../../delivery/transports.ts';
import type { StaffUser } from '../../store/records.ts';

const SETUP_WARNINGS = {
  email:
    '메일 서버가 설정되지 않아 이메일로 통지를 보낼 수 없습니다 (SMTP_URL). 이메일만 남긴 방문자에게는 전화나 우편으로 알려 주세요.',
  sms: '문자 게이트웨이가 설정되지 않아 문자로 통지를 보낼 수 없습니다 (SMS_WEBHOOK_URL).',
} as const;

const NAV = [
  { href: '/staff', label: '대시보드' },
  { href: '/staff/cases', label: '접수함' },
  { href: '/staff/digitize', label: '카드 디지털화' },
  { href: '/staff/print', label: '카드 인쇄' },
  { href: '/staff/stats', label: '통계' },
  { href: '/staff/outbox', label: '발송함' },
] as const;

const ADMIN_NAV = [
  { href: '/staff/users', label: '직원 계정' },
  { href: '/staff/audit', label: '감사 기록' },
] as const;

/** The frame of every staff page: skip link, navigation, the signed-in officer and logout. */
export function StaffLayout(props: {
  title: string;
  user?: StaffUser | undefined;
  /** Given, the page warns while a delivery channel is not configured (visitors would not be reached). */
  cardbox?: Cardbox;
  children: Child;
}) {
  const warnings = props.cardbox && props.user ? unconfiguredChannels(props.cardbox) : [];
  return (
    <html lang="ko">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · Cardbox 직원`}</title>
        <link rel="stylesheet" href="/static/cardbox.css" />
      </head>
      <body class="staff">
        <a class="skip" href="#main">
          본문 바로가기
        </a>
        <header class="staff-header">
          <strong>Cardbox 직원</strong>
          {props.user && (
            <nav aria-label="직원 메뉴">
              <ul>
                {[...NAV, ...(props.user.role === 'admin' ? ADMIN_NAV : [])].map((item) => (
                  <li>
                    <a href={item.href}>{item.label}</a>
                  </li>
                ))}
              </ul>
            </nav>
          )}
          {props.user && (
            <form method="post" action="/staff/logout" class="logout">
              <span>
                {props.user.name} ({props.user.role})
              </span>{' '}
              <button type="submit">로그아웃</button>
            </form>
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
          {props.children}
        </main>
      </body>
    </html>
  );
}
