import { departmentName } from '../../cases/assign.ts';
import { ROLE_LABELS } from '../../cases/labels.ts';
import type { Cardbox } from '../../context.ts';
import type { StaffUser } from '../../store/records.ts';
import { StaffLayout } from './layout.tsx';

/** Admins manage staff accounts: name, department and phone are what notices name (실명제). */
export function UsersPage(props: {
  cardbox: Cardbox;
  user: StaffUser;
  users: StaffUser[];
  error?: string;
  created?: string;
}) {
  const { cardbox } = props;
  return (
    <StaffLayout title="직원 계정" user={props.user} cardbox={cardbox}>
      {props.error && (
        <p class="error" role="alert">
          {props.error}
        </p>
      )}
      {props.created && (
        <p class="success" role="status">
          {props.created}
        </p>
      )}
      <table class="stacked">
        <caption>직원 {props.users.length}명</caption>
        <thead>
          <tr>
            <th scope="col">아이디</th>
            <th scope="col">이름</th>
            <th scope="col">부서</th>
            <th scope="col">전화</th>
            <th scope="col">역할</th>
            <th scope="col">상태</th>
            <th scope="col">바꾸기</th>
          </tr>
        </thead>
        <tbody>
          {props.users.map((u) => (
            <tr>
              <td data-label="아이디">{u.username}</td>
              <td data-label="이름">{u.name}</td>
              <td data-label="부서">{departmentName(cardbox, u.department) || '—'}</td>
              <td data-label="전화">{u.phone ?? '—'}</td>
              <td data-label="역할">{ROLE_LABELS[u.role]}</td>
              <td data-label="상태">{u.disabled ? '사용 중지' : '사용 중'}</td>
              <td data-label="바꾸기">
                <form method="post" action={`/staff/users/${u.id}`} class="inline">
                  <label for={`role-${u.id}`} class="visually-hidden">
                    {u.username} 역할
                  </label>
                  <select id={`role-${u.id}`} name="role">
                    {Object.entries(ROLE_LABELS).map(([value, label]) => (
                      <option value={value} selected={u.role === value}>
                        {label}
                      </option>
                    ))}
                  </select>
                  <label class="choice">
                    <input type="checkbox" name="disabled" value="yes" checked={Boolean(u.disabled)} /> 사용
                    중지
                  </label>
                  <details>
                    <summary>이름·부서·연락처</summary>
                    <label for={`name-${u.id}`}>이름</label>
                    <input id={`name-${u.id}`} name="name" value={u.name} />
                    <label for={`department-${u.id}`}>부서</label>
                    <select id={`department-${u.id}`} name="department">
                      {cardbox.profile.departments.map((d) => (
                        <option value={d.id} selected={d.id === u.department}>
                          {d.name}
                        </option>
                      ))}
                    </select>
                    <label for={`phone-${u.id}`}>전화</label>
                    <input id={`phone-${u.id}`} name="phone" value={u.phone ?? ''} inputmode="tel" />
                    <label for={`email-${u.id}`}>이메일</label>
                    <input id={`email-${u.id}`} name="email" type="email" value={u.email ?? ''} />
                  </details>
                  <button type="submit">저장</button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>새 직원</h2>
      <form method="post" action="/staff/users" class="stack">
        <label for="username">아이디 (영문 소문자·숫자)</label>
        <input id="username" name="username" required autocomplete="off" />
        <label for="name">이름 (통지문에 실명으로 나갑니다)</label>
        <input id="name" name="name" required />
        <label for="department">부서</label>
        <select id="department" name="department">
          {cardbox.profile.departments.map((d) => (
            <option value={d.id}>{d.name}</option>
          ))}
        </select>
        <label for="phone">전화</label>
        <input id="phone" name="phone" inputmode="tel" required />
        <label for="email">이메일 (기한 알림용)</label>
        <input id="email" name="email" type="email" />
        <label for="role">역할</label>
        <select id="role" name="role">
          {Object.entries(ROLE_LABELS).map(([value, label]) => (
            <option value={value} selected={value === 'staff'}>
              {label}
            </option>
          ))}
        </select>
        <p>처음 비밀번호는 한 번만 보여 드립니다. 직원은 첫 로그인 때 바꿉니다.</p>
        <button type="submit">만들기</button>
      </form>
    </StaffLayout>
  );
}
