import { findUser } from '../auth/index.ts';
import type { Cardbox } from '../context.ts';
import { UserError } from '../errors.ts';
import type { CaseRecord, Officer } from '../store/records.ts';
import { changeCase } from './change.ts';

export interface AssignInput {
  department: string;
  /** A staff account; its name, department and phone are used unless typed below. */
  officerId?: string;
  name?: string;
  phone?: string;
}

const PHONE = /^[0-9-]{3,20}$/;

export function departmentName(cardbox: Cardbox, id: string | undefined): string {
  return cardbox.profile.departments.find((d) => d.id === id)?.name ?? id ?? '';
}

/** Routes a case to a department and names the responsible officer (민원행정실명제: name, department, phone). */
export async function assignCase(
  cardbox: Cardbox,
  id: string,
  by: string,
  input: AssignInput,
): Promise<CaseRecord> {
  const department = cardbox.profile.departments.find((d) => d.id === input.department);
  if (!department) throw new UserError('담당 부서를 골라 주세요. (Choose a department)');
  const user = input.officerId ? await findUser(cardbox, input.officerId) : undefined;
  if (input.officerId && (!user || user.disabled)) {
    throw new UserError('그 직원 계정을 찾을 수 없습니다. (No such staff account)');
  }
  const name = input.name?.trim() || user?.name || '';
  const phone = input.phone?.trim() || user?.phone || department.phone;
  if (!name) throw new UserError('담당자 이름을 적거나 직원을 골라 주세요. (Officer name required)');
  if (!PHONE.test(phone))
    throw new UserError('담당자 전화번호는 숫자와 -로 적어 주세요. (Phone: digits and -)');
  const officer: Officer = {
    ...(user ? { userId: user.id } : {}),
    name,
    department: department.id,
    phone,
    assignedBy: by,
  };
  return changeCase(cardbox, id, by, `배정: ${department.name} ${name} (${phone})`, (record) => {
    record.department = department.id;
    record.officer = officer;
    if (record.status === 'received' || record.status === 'in_review') record.status = 'assigned';
  });
}
