import nodemailer from 'nodemailer';
import type { DeliverySettings } from '../config/settings.ts';
import type { Cardbox } from '../context.ts';

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  /** The outbox id, sent as Message-ID so a receiver can recognise a repeat. */
  id: string;
}

export interface SmsMessage {
  id: string;
  to: string;
  text: string;
  serial: string | null;
  kind: string;
}

/** How each channel leaves the building; a missing one makes its deliveries fail (and retry) with a reason. */
export interface Transports {
  email?: (message: EmailMessage) => Promise<void>;
  sms?: (message: SmsMessage) => Promise<void>;
}

/**
 * Transports from the settings (`src/config/settings.ts`): `SMTP_URL` + `MAIL_FROM` for e-mail,
 * `SMS_WEBHOOK_URL` (+ token) for SMS.
 */
export function transportsFrom(given: Partial<DeliverySettings>): Transports {
  const settings = { MAIL_FROM: 'Cardbox <cardbox@localhost>', ...given };
  const transports: Transports = {};
  if (settings.SMTP_URL) {
    // A pooled connection: one SMTP session carries many messages instead of one handshake each.
    const url = new URL(settings.SMTP_URL);
    if (!url.searchParams.has('pool')) url.searchParams.set('pool', 'true');
    const mailer = nodemailer.createTransport(url.toString());
    transports.email = async (message) => {
      await mailer.sendMail({
        from: settings.MAIL_FROM,
        to: message.to,
        subject: message.subject,
        text: message.text,
        messageId: `<${message.id}@cardbox>`,
      });
    };
  }
  if (settings.SMS_WEBHOOK_URL) {
    const url = settings.SMS_WEBHOOK_URL;
    transports.sms = async (message) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': message.id,
          ...(settings.SMS_WEBHOOK_TOKEN ? { authorization: `Bearer ${settings.SMS_WEBHOOK_TOKEN}` } : {}),
        },
        body: JSON.stringify({
          id: message.id,
          to: message.to,
          text: message.text,
          serial: message.serial,
          kind: message.kind,
        }),
        signal: AbortSignal.timeout(15_000),
      });
      if (!response.ok) {
        throw Object.assign(new Error(`SMS gateway answered ${response.status} ${response.statusText}`), {
          status: response.status,
        });
      }
    };
  }
  return transports;
}

const chosen = new WeakMap<Cardbox, Transports>();

export function transportsFor(cardbox: Cardbox): Transports {
  let transports = chosen.get(cardbox);
  if (!transports) {
    transports = transportsFrom(cardbox.settings);
    chosen.set(cardbox, transports);
  }
  return transports;
}

/** The channels that cannot send because their settings are missing (for the banner on staff pages). */
export function unconfiguredChannels(cardbox: Cardbox): ('email' | 'sms')[] {
  const transports = transportsFor(cardbox);
  return [...(transports.email ? [] : (['email'] as const)), ...(transports.sms ? [] : (['sms'] as const))];
}

/** Replaces a Cardbox's transports (tests, or a server configured in code). */
export function useTransports(cardbox: Cardbox, transports: Transports): void {
  chosen.set(cardbox, transports);
}
