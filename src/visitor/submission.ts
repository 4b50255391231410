import type { Intake } from '../cases/intake.ts';
import type { Profile } from '../profile/schema.ts';
import type { CardType } from '../store/records.ts';

/** What the visitor typed, kept as typed so a refused form can be shown again with it. */
export interface FormValues {
  areas: string[];
  satisfaction: string;
  message: string;
  replyWanted: boolean;
  phone: string;
  email: string;
  consent: boolean;
}

export const EMPTY_FORM: FormValues = {
  areas: [],
  satisfaction: '',
  message: '',
  replyWanted: false,
  phone: '',
  email: '',
  consent: false,
};

export const LIMITS = { message: 2000, phone: 20, email: 254 } as const;

export type FormField = 'areas' | 'satisfaction' | 'message' | 'phone' | 'email' | 'consent';
export type FormProblem =
  | 'areaUnknown'
  | 'satisfactionInvalid'
  | 'messageTooLong'
  | 'empty'
  | 'phoneInvalid'
  | 'emailInvalid'
  | 'contactWithoutConsent';
export type FormErrors = Partial<Record<FormField, FormProblem>>;

type Body = Record<string, string | File | (string | File)[]>;

/** The form's fields from a parsed body; anything that is not text counts as empty. */
export function readForm(body: Body): FormValues {
  const text = (name: string, max: number) => {
    const value = body[name];
    // A field sent twice keeps the first value; the cut at 2× the limit bounds the work on hostile input
    // while still letting the length check below say "too long".
    const first = Array.isArray(value) ? value[0] : value;
    return typeof first === 'string' ? clean(first.slice(0, max * 2)) : '';
  };
  const list = (name: string) => {
    const value = body[name];
    const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
    return values.filter((v): v is string => typeof v === 'string').slice(0, 50);
  };
  return {
    areas: list('areas'),
    satisfaction: text('satisfaction', 1),
    message: text('message', LIMITS.message),
    replyWanted: body.reply === 'yes',
    phone: text('phone', LIMITS.phone),
    email: text('email', LIMITS.email),
    consent: body.consent === 'yes',
  };
}

/** NFC, no control characters but line breaks and tabs, Windows line ends as \n, outer spaces trimmed. */
function clean(value: string): string {
  return (
    value
      .normalize('NFC')
      .replace(/\r\n?/g, '\n')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b\u2028\u2029\ufeff]/g, '')
      .trim()
  );
}

/**
 * Checks a form against the profile and the card's rules. Returns the intake for `receiveCase`, or the
 * problems per field. Contact details without consent are refused, not silently dropped: the visitor must
 * know whether we can reply.
 */
export function checkForm(
  profile: Profile,
  values: FormValues,
  card: { serial: string | null; type: CardType },
): { ok: true; intake: Intake } | { ok: false; errors: FormErrors } {
  const errors: FormErrors = {};
  const areaIds = new Set(profile.areas.map((a) => a.id));
  const areas = [...new Set(values.areas)];
  if (areas.some((id) => !areaIds.has(id))) errors.areas = 'areaUnknown';
  if (values.satisfaction !== '' && !/^[1-5]$/.test(values.satisfaction)) {
    errors.satisfaction = 'satisfactionInvalid';
  }
  if ([...values.message].length > LIMITS.message) errors.message = 'messageTooLong';
  else if (values.message === '' && areas.length === 0 && values.satisfaction === '')
    errors.message = 'empty';
  const phone = values.phone.replace(/[\s-]/g, '');
  if (values.phone !== '' && !/^0\d{8,10}$/.test(phone)) errors.phone = 'phoneInvalid';
  if (
    values.email !== '' &&
    (values.email.length > LIMITS.email || !/^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/.test(values.email))
  ) {
    errors.email = 'emailInvalid';
  }
  if ((values.phone !== '' || values.email !== '') && !values.consent)
    errors.consent = 'contactWithoutConsent';
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const contact = {
    ...(phone ? { phone } : {}),
    ...(values.email ? { email: values.email } : {}),
  };
  return {
    ok: true,
    intake: {
      serial: card.serial,
      type: card.type,
      channel: 'online',
      areas,
      satisfaction: values.satisfaction === '' ? null : Number(values.satisfaction),
      message: values.message,
      replyWanted: values.replyWanted,
      consent: values.consent,
      contact: values.consent && (contact.phone || contact.email) ? contact : null,
    },
  };
}
