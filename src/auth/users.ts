import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Cardbox } from '../context.ts';
import type { Role, StaffUser } from '../store/records.ts';
import { hashPassword, oneTimePassword, passwordProblem } from './passwords.ts';

export const ROLES: readonly Role[] = ['admin', 'staff', 'viewer'];

export const newUserSchema = z.object({
  username: z
    .string()
    .trim()
    .regex(/^[a-z0-9._-]{3,32}$/, '아이디는 영문 소문자·숫자·.-_ 3~32자입니다. (3–32 of a–z 0–9 . - _)'),
  name: z.string().trim().min(1, '이름을 입력해 주세요. (name required)').max(40),
  role: z.enum(['admin', 'staff', 'viewer']),
  department: z.string().optional(),
  phone: z
    .string()
    .trim()
    .regex(/^[0-9-]{3,20}$/, '전화번호는 숫자와 -로 입력해 주세요. (digits and hyphens)')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  email: z
    .email('이메일 형식이 아닙니다. (not an e-mail address)')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  password: z.string(),
});

export type NewUser = z.infer<typeof newUserSchema>;

export async function createUser(
  cardbox: Cardbox,
  input: NewUser,
  options: { mustChangePassword?: boolean } = {},
): Promise<StaffUser> {
  const problem = passwordProblem(input.password);
  if (problem) throw new Error(problem);
  if (input.department && !cardbox.profile.departments.some((d) => d.id === input.department)) {
    throw new Error(`알 수 없는 부서입니다: ${input.department}`);
  }
  const user: StaffUser = {
    id: randomUUID(),
    username: input.username,
    name: input.name,
    role: input.role,
    ...(input.department ? { department: input.department } : {}),
    ...(input.phone ? { phone: input.phone } : {}),
    ...(input.email ? { email: input.email } : {}),
    passwordHash: await hashPassword(input.password),
    ...(options.mustChangePassword ? { mustChangePassword: true } : {}),
    createdAt: cardbox.now().toISOString(),
  };
  if (!(await cardbox.users.insert(user))) throw new Error(`이미 있는 아이디입니다: ${user.username}`);
  return user;
}

export function findUser(cardbox: Cardbox, id: string): Promise<StaffUser | undefined> {
  return cardbox.users.get(id);
}

export function findUserByName(cardbox: Cardbox, username: string): Promise<StaffUser | undefined> {
  return cardbox.users.getByUsername(username);
}

/**
 * On first start with no staff account: an admin `admin` with `CARDBOX_ADMIN_PASSWORD`, or with a one-time
 * password returned here (to be printed once) that must be changed at first login.
 */
export async function bootstrapAdmin(
  cardbox: Cardbox,
  password: string | undefined,
): Promise<{ username: string; oneTimePassword?: string } | null> {
  if ((await cardbox.users.list()).length > 0) return null;
  const chosen = password ?? oneTimePassword();
  await createUser(
    cardbox,
    { username: 'admin', name: '관리자', role: 'admin', password: chosen },
    { mustChangePassword: password === undefined },
  );
  return password === undefined ? { username: 'admin', oneTimePassword: chosen } : { username: 'admin' };
}

export async function setPassword(cardbox: Cardbox, userId: string, password: string): Promise<void> {
  const problem = passwordProblem(password);
  if (problem) throw new Error(problem);
  const hash = await hashPassword(password);
  const changed = await cardbox.users.update(userId, (user) => {
    user.passwordHash = hash;
    delete user.mustChangePassword;
  });
  if (!changed) throw new Error('no such user');
  await cardbox.sessions.endAllOf(userId);
}
