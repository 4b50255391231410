import { randomUUID } from 'node:crypto';
import { newSerial } from '../../src/cards/serial.ts';
import { dueDate } from '../../src/cases/clock.ts';
import type { Cardbox } from '../../src/context.ts';
import type { CaseRecord, Channel, Classification } from '../../src/store/records.ts';
import type { EmbeddedCardbox } from '../helpers/cardbox.ts';
import { Random } from '../synth/random.ts';

/** Text no public page may ever show: each case's message, contact and serial carry these markers. */
export const SECRET_MESSAGE = '방문자원문비밀';
export const SECRET_PHONE = '010-9876-5432';
export const SECRET_EMAIL = 'visitor.secret@example.com';

const CHANNELS: Channel[] = [
  'cardbox',
  'cardbox',
  'cardbox',
  'online',
  'online',
  'phone',
  'visit',
  'post',
  'internet',
];
const CLASSES: Classification[] = ['praise', 'suggestion', 'conduct', 'service', 'impossible', 'no-reply'];
const DAY = 86_400_000;

/**
 * Case records made directly (not through intake), `count` of them received between `from` and `to`, from a
 * seeded generator: every mix the reports meet — answered on time or late, open and overdue, closed without
 * an answer, breaches with vouchers, published board entries, satisfaction from cards and forms.
 */
export function seedCases(
  cardbox: Pick<Cardbox, 'profile' | 'sealer'>,
  count: number,
  seed: number,
  from: Date,
  to: Date,
): CaseRecord[] {
  const random = new Random(seed);
  const { profile } = cardbox;
  const sealed = cardbox.sealer.seal({ phone: SECRET_PHONE, email: SECRET_EMAIL });
  const cases: CaseRecord[] = [];
  for (let i = 0; i < count; i++) {
    const type = random.chance(0.55) ? 'yellow' : 'green';
    const channel = random.pick(CHANNELS);
    const receivedAt = new Date(from.getTime() + random.next() * (to.getTime() - from.getTime()));
    const ruleId =
      channel === 'post' || channel === 'internet'
        ? 'first-contact'
        : type === 'green'
          ? 'suggestion'
          : random.chance(0.1)
            ? 'impossible'
            : 'dissatisfaction';
    const rule = profile.rules.find((r) => r.id === ruleId)!;
    const dueAt = dueDate(rule, receivedAt).dueAt;
    const areas = random.chance(0.1)
      ? []
      : [...new Set(Array.from({ length: random.int(1, 2) }, () => random.pick(profile.areas).id))];
    const consent = random.chance(0.4);
    const serial = channel === 'cardbox' || channel === 'online' ? newSerial(type) : null;
    const record: CaseRecord = {
      id: randomUUID(),
      serial,
      type,
      channel,
      status: 'received',
      receivedAt: receivedAt.toISOString(),
      areas,
      satisfaction:
        (channel === 'cardbox' || channel === 'online') && random.chance(0.8) ? random.int(1, 5) : null,
      message: `${SECRET_MESSAGE} ${i}번 의견입니다. 열람실 의자가 너무 삐걱거려서 공부하기 어렵습니다.`,
      replyWanted: consent,
      consent,
      contact: consent ? sealed : null,
      rule: ruleId,
      dueAt: dueAt.toISOString(),
      updatedAt: receivedAt.toISOString(),
    };
    if (random.chance(0.85)) record.department = random.pick(profile.departments).id;
    if (random.chance(0.8)) record.classification = random.pick(CLASSES);
    const outcome = random.next();
    if (outcome < 0.8) {
      // Answered: most within the promise, some after it.
      const spanMs = dueAt.getTime() - receivedAt.getTime();
      const late = random.chance(0.15);
      const answeredMs = late
        ? dueAt.getTime() + random.range(0.05, 6) * DAY
        : receivedAt.getTime() + random.range(0.02, 0.98) * spanMs;
      record.answeredAt = new Date(answeredMs).toISOString();
      record.status = random.chance(0.5) ? 'closed' : 'answered';
      if (late && random.chance(0.8)) {
        record.breaches = [
          { rule: ruleId, dueAt: record.dueAt, detectedAt: record.dueAt, reason: '담당자 부재' },
        ];
        if (random.chance(0.6))
          record.vouchers = [
            {
              number: `V-${i}`,
              amountKrw: profile.compensation.amountKrw,
              kind: profile.compensation.kind,
              issuedAt: record.answeredAt,
              issuedBy: 'seed',
            },
          ];
      }
      if (random.chance(0.25))
        record.board = {
          summary: `${random.pick(profile.areas).label} 이용 불편에 대한 의견 (요약 ${i})`,
          action: `담당 부서에서 확인 후 개선했습니다 (조치 ${i})`,
          publishedAt: new Date(answeredMs + DAY).toISOString(),
          publishedBy: 'seed',
        };
    } else if (outcome < 0.88) {
      record.status = 'closed';
    } else {
      record.status = random.chance(0.5) ? 'assigned' : 'in_review';
    }
    cases.push(record);
  }
  return cases;
}

/** Writes seeded cases into the real store, on disk before it resolves. */
export async function storeSeededCases(
  cardbox: EmbeddedCardbox,
  count: number,
  seed: number,
  from: Date,
  to: Date,
): Promise<CaseRecord[]> {
  const cases = seedCases(cardbox, count, seed, from, to);
  await cardbox.store.cases.update((data) => {
    data.cases.push(...cases);
  });
  return cases;
}
