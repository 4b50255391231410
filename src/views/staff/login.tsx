import type { Cardbox } from '../../context.ts';
import { StaffLayout } from './layout.tsx';

/** Why the login page is shown again: after a password change or a logout. */
export const LOGIN_NOTICES = {
  password: '비밀번호를 바꾸었습니다. 새 비밀번호로 다시 로그인해 주세요.',
  'logged-out': '로그아웃했습니다.',
} as const;

export function LoginPage(props: {
  cardbox: Cardbox;
  next: string;
  error?: string;
  username?: string;
  notice?: string;
}) {
  return (
    <StaffLayout title="직원 로그인" cardbox={props.cardbox}>
      {props.notice && (
        <p class="success" role="status">
          {props.notice}
        </p>
      )}
      {props.error && (
        <p class="error" role="alert">
          {props.error}
        </p>
      )}
      <form method="post" action="/staff/login" class="stack">
        <input type="hidden" name="next" value={props.next} />
        <label for="username">아이디</label>
        <input id="username" name="username" autocomplete="username" required value={props.username ?? ''} />
        <label for="password">비밀번호</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
        <button type="submit">로그인</button>
      </form>
    </StaffLayout>
  );
}

export function PasswordPage(props: { cardbox: Cardbox; error?: string; forced: boolean }) {
  return (
    <StaffLayout title="비밀번호 변경" cardbox={props.cardbox}>
      {props.forced && <p>처음 로그인하셨습니다. 일회용 비밀번호를 새 비밀번호로 바꿔 주세요.</p>}
      {props.error && (
        <p class="error" role="alert">
          {props.error}
        </p>
      )}
      <form method="post" action="/staff/password" class="stack">
        <label for="current">{props.forced ? '받으신 일회용 비밀번호' : '지금 비밀번호'}</label>
        <input id="current" name="current" type="password" autocomplete="current-password" required />
        <label for="password">새 비밀번호 (10자 이상)</label>
        <input
          id="password"
          name="password"
          type="password"
          autocomplete="new-password"
          minlength={10}
          required
        />
        <label for="confirm">새 비밀번호 확인</label>
        <input
          id="confirm"
          name="confirm"
          type="password"
          autocomplete="new-password"
          minlength={10}
          required
        />
        <button type="submit">바꾸기</button>
      </form>
    </StaffLayout>
  );
}
