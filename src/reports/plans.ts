import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Cardbox } from '../context.ts';
import { UserError } from '../errors.ts';
import type { PlanItem, PlanStatus } from '../store/records.ts';

const STATUSES = ['planned', 'in-progress', 'done', 'dropped'] as const satisfies readonly PlanStatus[];

export const planInputSchema = z.object({
  year: z.coerce
    .number({ message: '연도를 숫자로 적어 주세요.' })
    .int()
    .min(1990, '연도를 확인해 주세요.')
    .max(2200, '연도를 확인해 주세요.'),
  title: z
    .string()
    .trim()
    .min(1, '개선 과제를 적어 주세요.')
    .max(300, '개선 과제는 300자 이내로 적어 주세요.'),
  owner: z
    .string()
    .trim()
    .min(1, '담당(부서 또는 담당자)을 적어 주세요.')
    .max(100, '담당은 100자 이내로 적어 주세요.'),
  status: z.enum(STATUSES, { message: '상태를 골라 주세요.' }).default('planned'),
  due: z
    .string()
    .trim()
    .regex(/^(\d{4}-\d{2}-\d{2})?$/, '목표일은 2026-03-31 같은 날짜로 적어 주세요.')
    .optional(),
  note: z.string().trim().max(1000, '비고는 1000자 이내로 적어 주세요.').optional(),
});

export type PlanInput = z.input<typeof planInputSchema>;

function parse(input: PlanInput): z.output<typeof planInputSchema> {
  const parsed = planInputSchema.safeParse(input);
  if (!parsed.success) throw new UserError(parsed.error.issues.map((i) => i.message).join(' '));
  return parsed.data;
}

function optional(item: PlanItem, key: 'due' | 'note', value: string | undefined): void {
  if (value) item[key] = value;
  else delete item[key];
}

export function plansFor(cardbox: Cardbox, year: number): Promise<PlanItem[]> {
  return cardbox.plans.list(year);
}

export async function addPlan(cardbox: Cardbox, input: PlanInput, by: string): Promise<PlanItem> {
  const data = parse(input);
  const now = cardbox.now().toISOString();
  const item: PlanItem = {
    id: randomUUID(),
    year: data.year,
    title: data.title,
    owner: data.owner,
    status: data.status,
    createdAt: now,
    createdBy: by,
    updatedAt: now,
    updatedBy: by,
  };
  optional(item, 'due', data.due);
  optional(item, 'note', data.note);
  await cardbox.plans.add(item);
  return item;
}

export async function updatePlan(
  cardbox: Cardbox,
  id: string,
  input: PlanInput,
  by: string,
): Promise<PlanItem> {
  const data = parse(input);
  const changed = await cardbox.plans.update(id, (item) => {
    Object.assign(item, {
      year: data.year,
      title: data.title,
      owner: data.owner,
      status: data.status,
      updatedAt: cardbox.now().toISOString(),
      updatedBy: by,
    });
    optional(item, 'due', data.due);
    optional(item, 'note', data.note);
    return item;
  });
  if (!changed) throw new UserError('해당 개선 과제를 찾을 수 없습니다. (No such plan item)');
  return changed.result;
}

export async function deletePlan(cardbox: Cardbox, id: string): Promise<void> {
  if (!(await cardbox.plans.remove(id)))
    throw new UserError('해당 개선 과제를 찾을 수 없습니다. (No such plan item)');
}
