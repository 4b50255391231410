import { z } from 'zod';
import { audit } from '../audit/log.ts';
import { issueSerials } from '../cards/registry.ts';
import type { Cardbox } from '../context.ts';
import { UserError } from '../errors.ts';
import type { CaseRecord, PhoneCall } from '../store/records.ts';
import { localInstant } from '../time/zone.ts';
import { changeCase } from './change.ts';
import { receiveCase } from './intake.ts';
import { CHANNEL_LABELS } from './labels.ts';

const optional = (schema: z.ZodString) => schema.optional().or(z.literal('').transform(() => undefined));

export const staffEntrySchema = z.object({
  channel: z.enum(['phone', 'visit', 'post', 'fax'], { message: '접수 경로를 골라 주세요.' }),
  type: z.enum(['green', 'yellow'], { message: '칭찬·제안(그린) 또는 불편·불만(옐로)을 골라 주세요.' }),
  receivedAt: optional(z.string().regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d$/, '접수 일시 형식이 맞지 않습니다.')),
  areas: z.array(z.string()).default([]),
  message: z.string().trim().min(1, '의견 내용을 적어 주세요.').max(4000, '의견은 4,000자까지입니다.'),
  replyWanted: z.boolean(),
  consent: z.boolean(),
  phone: optional(
    z
      .string()
      .trim()
      .regex(/^[0-9-]{9,15}$/, '전화번호는 숫자와 -로 적어 주세요.'),
  ),
  email: z
    .email('이메일 형식이 아닙니다.')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  address: optional(z.string().trim().max(200, '주소는 200자까지입니다.')),
});

/**
 * Feedback taken by phone, visit, post or fax, entered by staff on the visitor's behalf: it gets an online
 * serial (so the visitor can follow it by the status page) and goes through `receiveCase` like every case.
 */
export async function enterCase(
  cardbox: Cardbox,
  by: string,
  input: unknown,
  /** The entry form's one-time id: the same form sent again (even after a restart) gives the same case. */
  submissionId?: string,
): Promise<CaseRecord> {
  const sent = submissionId ? await cardbox.cases.getBySubmission(submissionId) : undefined;
  if (sent) return sent;
  const parsed = staffEntrySchema.safeParse(input);
  if (!parsed.success) throw new UserError(parsed.error.issues.map((i) => i.message).join(' '));
  const entry = parsed.data;
  const known = new Set(cardbox.profile.areas.map((a) => a.id));
  const unknown = entry.areas.filter((a) => !known.has(a));
  if (unknown.length) throw new UserError(`알 수 없는 분야: ${unknown.join(', ')}`);
  if (entry.consent && !entry.phone && !entry.email && !entry.address) {
    throw new UserError('동의를 받았다면 회신할 전화번호, 이메일 또는 주소를 적어 주세요.');
  }
  const now = cardbox.now();
  const receivedAt = entry.receivedAt ? localInstant(entry.receivedAt) : now;
  if (receivedAt.getTime() > now.getTime() + 60_000) throw new UserError('접수 일시가 미래입니다.');
  const { serials } = await issueSerials(
    cardbox.registry,
    { type: entry.type, count: 1, origin: 'staff', createdBy: by, format: 'none' },
    now,
  );
  const { record, created } = await receiveCase(cardbox, {
    by,
    ...(submissionId ? { submissionId } : {}),
    serial: serials[0]!,
    type: entry.type,
    channel: entry.channel,
    receivedAt,
    areas: entry.areas,
    satisfaction: null,
    message: entry.message,
    replyWanted: entry.replyWanted,
    consent: entry.consent,
    contact: entry.consent
      ? {
          ...(entry.phone ? { phone: entry.phone } : {}),
          ...(entry.email ? { email: entry.email } : {}),
          ...(entry.address ? { address: entry.address } : {}),
        }
      : null,
  });
  if (!created) return record;
  await audit(cardbox, {
    by,
    action: 'case.created',
    caseId: record.id,
    detail: `직원 등록 (${CHANNEL_LABELS[entry.channel]})`,
  });
  return record;
}

const OUTCOMES = ['reached', 'no-answer', 'wrong-number'] as const;

/** Logs a call to the visitor; a call that reached them can count as the answer (or first contact). */
export async function logCall(
  cardbox: Cardbox,
  id: string,
  by: string,
  input: { outcome: string; note?: string; answered?: boolean },
): Promise<CaseRecord> {
  const outcome = OUTCOMES.find((o) => o === input.outcome);
  if (!outcome) throw new UserError('통화 결과를 골라 주세요.');
  const note = input.note?.trim().slice(0, 200);
  return changeCase(
    cardbox,
    id,
    by,
    `전화 기록: ${outcome}${input.answered ? ' (답변 완료)' : ''}`,
    (record, now) => {
      const call: PhoneCall = { at: now.toISOString(), by, outcome, ...(note ? { note } : {}) };
      record.calls = [...(record.calls ?? []), call];
      if (input.answered && outcome === 'reached' && !record.answeredAt) {
        record.answeredAt = now.toISOString();
        if (!record.notice) record.status = 'answered';
      }
    },
  );
}
