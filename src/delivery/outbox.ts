import { randomUUID } from 'node:crypto';
import { audit } from '../audit/log.ts';
import type { Cardbox } from '../context.ts';
import { UserError } from '../errors.ts';
import type { Contact, OutboxChannel, OutboxMessage } from '../store/records.ts';
import { transportsFor } from './transports.ts';

/**
 * A delivery that retrying cannot fix: the transport is not configured, the visitor left no such contact, the
 * server refused the address for good. The message is given up at once, so staff see it now, not hours later.
 */
export class PermanentDeliveryError extends Error {}

/** What staff are shown of a message: its state in words and whether someone has to act. */
export interface DeliveryState {
  state: 'queued' | 'sending' | 'sent' | 'failed' | 'given-up';
  label: string;
  /** Not (yet) delivered after an attempt: the visitor may not have been reached. */
  problem: boolean;
}

export function deliveryState(message: OutboxMessage): DeliveryState {
  if (message.status === 'sent') return { state: 'sent', label: '보냄', problem: false };
  if (message.status === 'sending') return { state: 'sending', label: '보내는 중', problem: false };
  if (message.status === 'failed')
    return { state: 'given-up', label: '전달 실패 (재시도 중단)', problem: true };
  const failures = message.attempts.filter((a) => !a.ok).length;
  return failures > 0
    ? { state: 'failed', label: `전달 실패 ${failures}회 (다시 시도 예정)`, problem: true }
    : { state: 'queued', label: '보낼 차례를 기다리는 중', problem: false };
}

/** The audit log's words for what was sent and how (the Korean labels live above this layer, in cases). */
const KIND_WORDS: Record<OutboxMessage['kind'], string> = {
  notice: '결과 통지',
  delay: '지연 안내',
  reminder: '기한 알림',
};
const CHANNEL_WORDS: Record<OutboxChannel, string> = { email: '이메일', sms: '문자' };

/** Wait before attempt n+1 after n failures; after the last the message is left failed for staff. */
export const BACKOFF_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3600_000, 12 * 3600_000];
export const MAX_ATTEMPTS = BACKOFF_MS.length + 1;

export type NewMessage = Pick<OutboxMessage, 'kind' | 'channel' | 'to' | 'subject' | 'text' | 'createdBy'> & {
  caseId?: string;
};

/** Puts a message in the outbox; resolves once it is on disk. */
export async function enqueue(cardbox: Cardbox, message: NewMessage): Promise<OutboxMessage> {
  const now = cardbox.now().toISOString();
  const record: OutboxMessage = {
    id: randomUUID(),
    ...message,
    createdAt: now,
    status: 'pending',
    nextAttemptAt: now,
    attempts: [],
  };
  await cardbox.outbox.add(record);
  return record;
}

/**
 * After a restart: a message caught mid-send may or may not have left, so it is not retried by itself (nothing
 * is sent twice); it is marked failed for staff to check and send again.
 */
export async function recoverOutbox(cardbox: Cardbox): Promise<number> {
  const now = cardbox.now().toISOString();
  const recovered = await cardbox.outbox.updateEach({ status: 'sending' }, (message) => {
    message.status = 'failed';
    message.attempts.push({
      at: now,
      ok: false,
      error: '전송 중 서버가 멈췄습니다: 전송 여부를 확인한 뒤 다시 보내 주세요. (Interrupted mid-send)',
    });
  });
  return recovered.length;
}

const running = new WeakMap<Cardbox, Promise<number>>();

/** Sends every message that is due; one run at a time per Cardbox. Resolves with the number sent. */
export function processOutbox(cardbox: Cardbox): Promise<number> {
  const current = running.get(cardbox);
  if (current) return current;
  const run = sendDue(cardbox).finally(() => running.delete(cardbox));
  running.set(cardbox, run);
  return run;
}

/** Messages sent at once: the transports overlap their network waits and the store commits their writes together. */
const PARALLEL_SENDS = 4;

async function sendDue(cardbox: Cardbox): Promise<number> {
  const now = cardbox.now();
  const due = await cardbox.outbox.list({ status: 'pending', dueBy: now.toISOString() });
  let sent = 0;
  let next = 0;
  const worker = async () => {
    while (next < due.length) {
      const message = due[next++]!;
      if (await sendOne(cardbox, message)) sent++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_SENDS, due.length) }, worker));
  return sent;
}

async function sendOne(cardbox: Cardbox, due: OutboxMessage): Promise<boolean> {
  // On disk as 'sending' before it leaves, so a crash mid-send can never lead to a second send. Taken only if
  // still pending: another sender (a second process on the same database) may have taken it meanwhile.
  const taken = await cardbox.outbox.update(due.id, (stored) => {
    if (stored.status !== 'pending') return undefined;
    stored.status = 'sending';
    return structuredClone(stored);
  });
  const message = taken?.result;
  if (!message) return false;
  let error: string | undefined;
  let permanent = false;
  let address: string | undefined;
  try {
    const to = await recipient(cardbox, message);
    address = to.address;
    await deliver(cardbox, message, to);
  } catch (failure) {
    // A server's bounce text may quote the visitor's address: it is never stored (outbox.json is staff-readable).
    error = redact(failure instanceof Error ? failure.message : String(failure), address);
    permanent = failure instanceof PermanentDeliveryError || isPermanent(failure);
  }
  const at = cardbox.now();
  const settled = await cardbox.outbox.update(message.id, (stored) => {
    stored.attempts.push(
      error ? { at: at.toISOString(), ok: false, error } : { at: at.toISOString(), ok: true },
    );
    if (!error) {
      stored.status = 'sent';
      stored.sentAt = at.toISOString();
    } else if (permanent || stored.attempts.length >= MAX_ATTEMPTS) {
      stored.status = 'failed';
    } else {
      stored.status = 'pending';
      stored.nextAttemptAt = new Date(at.getTime() + BACKOFF_MS[stored.attempts.length - 1]!).toISOString();
    }
    return stored.status;
  });
  if (!error) {
    await audit(cardbox, {
      by: 'cardbox',
      action: 'notice.sent',
      caseId: message.caseId,
      detail: `${KIND_WORDS[message.kind]} · ${CHANNEL_WORDS[message.channel]}`,
    });
    if (message.kind === 'notice' && 'visitor' in message.to && message.caseId) {
      await noticeReached(cardbox, message.caseId, at, message.channel);
    }
    return true;
  }
  if (settled?.result === 'failed') {
    await audit(cardbox, {
      by: 'cardbox',
      action: 'delivery.failed',
      caseId: message.caseId,
      detail: `${CHANNEL_WORDS[message.channel]}: ${error}`,
    });
  }
  return false;
}

/** The result notice reached the visitor: the charter's promise is kept at this moment, not at publishing. */
async function noticeReached(
  cardbox: Cardbox,
  caseId: string,
  at: Date,
  channel: OutboxChannel,
): Promise<void> {
  await cardbox.cases.updateEach([caseId], (record) => {
    if (record.answeredAt) return false;
    record.answeredAt = at.toISOString();
    record.status = 'answered';
    record.updatedAt = at.toISOString();
    record.history = [
      ...(record.history ?? []),
      {
        at: at.toISOString(),
        by: 'cardbox',
        what: `결과 통지 전달: ${channel === 'email' ? '이메일' : '문자'}`,
      },
    ];
  });
}

/** SMTP 5xx (mailbox unknown, address refused) and an SMS gateway's 4xx other than 408/429 will not change. */
function isPermanent(failure: unknown): boolean {
  const code = (failure as { responseCode?: unknown }).responseCode;
  if (typeof code === 'number') return code >= 500;
  const status = (failure as { status?: unknown }).status;
  return typeof status === 'number' && status >= 400 && status < 500 && status !== 408 && status !== 429;
}

function redact(text: string, address: string | undefined): string {
  let clean = address ? text.split(address).join('(받는 사람)') : text;
  clean = clean
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, '(이메일 주소)')
    .replace(/\+?\d[\d\s-]{8,}\d/g, '(전화번호)');
  return clean.slice(0, 500);
}

/**
 * Past a case's retention period the outbox forgets what it sent the visitor: the text, and the errors a
 * server gave. What was sent, when and on which channel stays for the record.
 */
export async function forgetVisitorMessages(cardbox: Cardbox, caseIds: readonly string[]): Promise<void> {
  await cardbox.outbox.updateEach({ caseIds, toVisitor: true }, (message) => {
    if (!message.text) return;
    message.text = '';
    for (const attempt of message.attempts) if (attempt.error) attempt.error = '(보유 기간이 지나 삭제됨)';
  });
}

/** Staff send a failed message again (after checking it did not arrive). */
export async function retryMessage(cardbox: Cardbox, id: string, by: string): Promise<void> {
  const now = cardbox.now().toISOString();
  const retried = await cardbox.outbox.update(id, (found) => {
    if (found.status !== 'failed') return false;
    found.status = 'pending';
    found.nextAttemptAt = now;
    found.attempts.push({ at: now, ok: false, error: `다시 보내기 요청: ${by}` });
    return true;
  });
  if (!retried?.result)
    throw new UserError('다시 보낼 수 있는 실패한 메시지가 아닙니다. (Not a failed message)');
}

/** Opens the visitor's sealed contact for this delivery only; it is never stored or logged in the clear. */
async function recipient(
  cardbox: Cardbox,
  message: OutboxMessage,
): Promise<{ address: string; serial: string | null }> {
  if ('address' in message.to) return { address: message.to.address, serial: null };
  const record = message.caseId ? await cardbox.cases.get(message.caseId) : undefined;
  if (!record?.contact)
    throw new PermanentDeliveryError('방문자 연락처가 없습니다 (삭제되었거나 동의하지 않음). (No contact)');
  const contact = cardbox.sealer.open<Contact>(record.contact);
  const address = message.channel === 'email' ? contact.email : contact.phone;
  if (!address)
    throw new PermanentDeliveryError(
      `방문자 ${message.channel === 'email' ? '이메일' : '전화번호'}이 없습니다.`,
    );
  return { address, serial: record.serial };
}

async function deliver(
  cardbox: Cardbox,
  message: OutboxMessage,
  { address, serial }: { address: string; serial: string | null },
): Promise<void> {
  const transports = transportsFor(cardbox);
  if (message.channel === 'email') {
    if (!transports.email)
      throw new PermanentDeliveryError('메일 서버가 설정되지 않았습니다 (SMTP_URL). (E-mail not configured)');
    await transports.email({ id: message.id, to: address, subject: message.subject, text: message.text });
  } else {
    if (!transports.sms)
      throw new PermanentDeliveryError(
        '문자 게이트웨이가 설정되지 않았습니다 (SMS_WEBHOOK_URL). (SMS not configured)',
      );
    await transports.sms({ id: message.id, to: address, text: message.text, serial, kind: message.kind });
  }
}

/** Which channels a case's visitor can be reached on (opens the seal, returns no details). */
export async function visitorChannels(cardbox: Cardbox, caseId: string): Promise<('email' | 'sms')[]> {
  const record = await cardbox.cases.get(caseId);
  if (!record?.contact || !record.consent) return [];
  const contact = cardbox.sealer.open<Contact>(record.contact);
  return [...(contact.email ? (['email'] as const) : []), ...(contact.phone ? (['sms'] as const) : [])];
}

export function messagesFor(cardbox: Cardbox, caseId: string): Promise<OutboxMessage[]> {
  return cardbox.outbox.list({ caseIds: [caseId] });
}
