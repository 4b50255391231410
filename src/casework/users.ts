import { audit } from '../audit/log.ts';
import { createUser, ROLES } from '../auth/index.ts';
import { oneTimePassword } from '../auth/passwords.ts';
import { newUserSchema } from '../auth/users.ts';
import { ROLE_LABELS } from '../cases/labels.ts';
import type { Cardbox } from '../context.ts';
import { UserError } from '../errors.ts';
import type { Role, StaffUser } from '../store/records.ts';

/** An admin creates an account with a one-time password (shown once, changed at first login). */
export async function addStaff(
  cardbox: Cardbox,
  by: string,
  form: Record<string, unknown>,
): Promise<{ user: StaffUser; password: string }> {
  const password = oneTimePassword();
  const parsed = newUserSchema.safeParse({ ...form, password });
  if (!parsed.success) throw new UserError(parsed.error.issues.map((i) => i.message).join(' '));
  if (!parsed.data.phone)
    throw new UserError('전화번호를 입력해 주세요. 통지문에 실명과 함께 나갑니다. (실명제)');
  try {
    const user = await createUser(cardbox, parsed.data, { mustChangePassword: true });
    await audit(cardbox, {
      by,
      action: 'user.created',
      detail: `${user.username} (${ROLE_LABELS[user.role]})`,
    });
    return { user, password };
  } catch (error) {
    throw new UserError((error as Error).message);
  }
}

/** Role change or disabling; a disabled account loses its sessions at once. The last admin stays an admin. */
export async function updateStaff(
  cardbox: Cardbox,
  by: StaffUser,
  id: string,
  change: {
    role: string;
    disabled: boolean;
    name?: string;
    department?: string;
    phone?: string;
    email?: string;
  },
): Promise<void> {
  const role = ROLES.find((r) => r === change.role) as Role | undefined;
  if (!role) throw new UserError('역할을 골라 주세요.');
  // Name, department and phone are what notices name (실명제): checked like a new account's.
  const details = newUserSchema
    .pick({ name: true, department: true, phone: true, email: true })
    .partial()
    .safeParse({
      name: change.name || undefined,
      department: change.department || undefined,
      phone: change.phone,
      email: change.email,
    });
  if (!details.success) throw new UserError(details.error.issues.map((i) => i.message).join(' '));
  const { name, department, phone, email } = details.data;
  if (department && !cardbox.profile.departments.some((d) => d.id === department)) {
    throw new UserError(`알 수 없는 부서입니다: ${department}`);
  }
  // One transaction: two admins disabling each other at once must not leave the institution without one.
  const result = await cardbox.transaction(async (tx) => {
    const users = await tx.users.list();
    const user = users.find((u) => u.id === id);
    if (!user) return 'missing';
    const otherAdmins = users.filter((u) => u.id !== id && u.role === 'admin' && !u.disabled).length;
    if ((role !== 'admin' || change.disabled) && user.role === 'admin' && otherAdmins === 0)
      return 'last-admin';
    await tx.users.update(id, (stored) => {
      stored.role = role;
      if (name) stored.name = name;
      if (department) stored.department = department;
      if (change.phone !== undefined) {
        if (phone) stored.phone = phone;
        else delete stored.phone;
      }
      if (change.email !== undefined) {
        if (email) stored.email = email;
        else delete stored.email;
      }
      if (change.disabled) stored.disabled = true;
      else delete stored.disabled;
    });
    if (change.disabled) await tx.sessions.endAllOf(id);
    return user.username;
  });
  if (result === 'missing') throw new UserError('그런 계정이 없습니다.');
  if (result === 'last-admin')
    throw new UserError('마지막 관리자는 역할을 바꾸거나 사용 중지할 수 없습니다.');
  await audit(cardbox, {
    by: by.username,
    action: 'user.changed',
    detail: `${result}: ${ROLE_LABELS[role as Role] ?? role}${change.disabled ? ', 사용 중지' : ''}`,
  });
}
