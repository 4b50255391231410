import { createUser } from '../../src/auth/index.ts';
import type { Role, StaffUser } from '../../src/store/records.ts';
import type { TestCardbox } from './cardbox.ts';

let counter = 0;

/** Creates a staff account of `role`, logs it in through the real login form and returns its cookie. */
export async function loginAs(
  t: TestCardbox,
  role: Role,
  details: Partial<Pick<StaffUser, 'name' | 'department' | 'phone' | 'email'>> = {},
): Promise<{ cookie: string; user: StaffUser; password: string }> {
  counter += 1;
  const password = `correct horse ${counter}`;
  const user = await createUser(t.cardbox, {
    username: `${role}${counter}`,
    name: details.name ?? `${role} 담당자 ${counter}`,
    role,
    department: details.department ?? 'admin',
    phone: details.phone ?? '258-2518',
    email: details.email,
    password,
  });
  // From the app's own origin, as a browser's form post is (a login from another site is refused).
  const response = await t.app.request('/staff/login', {
    method: 'POST',
    body: new URLSearchParams({ username: user.username, password, next: '/staff' }),
    headers: { origin: 'http://localhost' },
  });
  const cookie = response.headers.get('set-cookie')?.split(';')[0];
  if (response.status !== 303 || !cookie) throw new Error(`login failed: ${response.status}`);
  return { cookie, user, password };
}

/** A request as a logged-in staff member from the app's own origin (as a browser form post would be). */
export function asStaff(
  t: TestCardbox,
  cookie: string,
  path: string,
  init: RequestInit = {},
): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('cookie', cookie);
  if (!headers.has('origin')) headers.set('origin', 'http://localhost');
  return Promise.resolve(t.app.request(path, { ...init, headers }));
}
