import { CARD_STYLES, consentText } from '../../cards/drawing.ts';
import { formatSerial } from '../../cards/serial.ts';
import { SATISFACTION_LABELS } from '../../profile/card-layout.ts';
import type { Profile } from '../../profile/schema.ts';
import type { CardType } from '../../store/records.ts';
import { type FormErrors, type FormField, type FormValues, LIMITS } from '../../visitor/submission.ts';
import type { Lang, Preferences } from '../../web/preferences.ts';
import { Layout } from '../components/Layout.tsx';
import { TEXT } from './text.ts';

export interface CardFormProps {
  profile: Profile;
  prefs: Preferences;
  type: CardType;
  /** The card's serial; null on the "no card at hand" form, which gets its serial when sent. */
  serial: string | null;
  action: string;
  csrfToken: string;
  /** The no-card form's one-time id: a double click must not make two cases. */
  submissionId?: string;
  values: FormValues;
  errors: FormErrors;
  /** A sentence above the form, e.g. why it is shown again. */
  notice?: { title: string; text: string };
}

const FIELD_IDS: Record<FormField, string> = {
  areas: 'area-0',
  satisfaction: 'satisfaction-none',
  message: 'message',
  phone: 'phone',
  email: 'email',
  consent: 'consent',
};

/**
 * What the form asks for, in the page's language. The printed card's own instruction ends "카드함에 넣어
 * 주세요" (put it in the box), which is wrong for someone writing online.
 */
export function onlineInstruction(profile: Profile, type: CardType, lang: Lang): string {
  const t = TEXT[lang];
  const rule = profile.rules.find((r) => r.id === (type === 'green' ? 'suggestion' : 'dissatisfaction'));
  return t.onlineInstruction(type, rule ? t.days(rule.amount, rule.unit) : '');
}

/** The card as a form: the same areas, scale, reply and consent wording as the printed card. */
export function CardForm(props: CardFormProps) {
  const { profile, prefs, values, errors } = props;
  const t = TEXT[prefs.lang];
  const en = prefs.lang === 'en';
  const style = CARD_STYLES[props.type];
  const title = `${en ? style.titleEn : `${style.title} · ${style.subtitle}`} — ${t.formTitle}`;
  const problems = Object.entries(errors) as [FormField, NonNullable<FormErrors[FormField]>][];
  const invalid = (field: FormField) => (errors[field] ? 'true' : undefined);
  const described = (field: FormField, hint?: string) =>
    [errors[field] ? `${field}-error` : '', hint ?? ''].filter(Boolean).join(' ') || undefined;
  const errorText = (field: FormField) =>
    errors[field] ? (
      <span class="error-text" id={`${field}-error`}>
        {t.problems[errors[field]!]}
      </span>
    ) : null;

  return (
    <Layout
      title={title}
      site={en ? profile.institution.nameEn : profile.institution.name}
      prefs={prefs}
      area={`visitor card-${props.type}`}
    >
      <div class="card-band">
        <h1>{title}</h1>
        <p>{props.serial ? t.formIntroCard : t.formIntroNoCard}</p>
        {props.serial && (
          <p>
            {t.serial}: <span class="serial">{formatSerial(props.serial)}</span>
          </p>
        )}
      </div>
      <p>{onlineInstruction(profile, props.type, prefs.lang)}</p>
      {props.serial && (
        <div class="note replaces-card" role="note" aria-labelledby="replaces-card-title">
          <h2 id="replaces-card-title">{t.onlineReplacesCardTitle}</h2>
          <p>{t.onlineReplacesCard}</p>
        </div>
      )}

      {props.notice && (
        <div class="error-summary" role="alert">
          <h2>{props.notice.title}</h2>
          <p>{props.notice.text}</p>
        </div>
      )}
      {problems.length > 0 && (
        <div class="error-summary" role="alert" aria-labelledby="error-summary-title">
          <h2 id="error-summary-title">{t.errorsTitle}</h2>
          <ul>
            {problems.map(([field, problem]) => (
              <li>
                <a href={`#${FIELD_IDS[field]}`}>{t.problems[problem]}</a>
              </li>
            ))}
          </ul>
        </div>
      )}

      <form method="post" action={props.action} accept-charset="utf-8" novalidate>
        <input type="hidden" name="_csrf" value={props.csrfToken} />
        {!props.serial && <input type="hidden" name="type" value={props.type} />}
        {props.submissionId && <input type="hidden" name="submission" value={props.submissionId} />}

        <fieldset aria-describedby={described('areas', 'areas-hint')}>
          <legend>{t.areas}</legend>
          <span class="hint" id="areas-hint">
            {t.areasHint}
          </span>
          {errorText('areas')}
          <ul class="choices">
            {profile.areas.map((area, i) => (
              <li>
                <label class="choice">
                  <input
                    type="checkbox"
                    name="areas"
                    value={area.id}
                    id={`area-${i}`}
                    checked={values.areas.includes(area.id)}
                  />
                  <span>{en ? area.labelEn : area.label}</span>
                </label>
              </li>
            ))}
          </ul>
        </fieldset>

        <fieldset aria-describedby={described('satisfaction', 'satisfaction-hint')}>
          <legend>{t.satisfaction}</legend>
          <span class="hint" id="satisfaction-hint">
            {t.satisfactionHint}
          </span>
          {errorText('satisfaction')}
          <ul class="choices">
            {SATISFACTION_LABELS.map((label, i) => (
              <li>
                <label class="choice">
                  <input
                    type="radio"
                    name="satisfaction"
                    value={String(i + 1)}
                    checked={values.satisfaction === String(i + 1)}
                  />
                  <span>{`${i + 1} ${en ? label.en : label.ko}`}</span>
                </label>
              </li>
            ))}
            <li>
              <label class="choice">
                <input
                  type="radio"
                  name="satisfaction"
                  value=""
                  id="satisfaction-none"
                  checked={values.satisfaction === ''}
                />
                <span>{t.satisfactionNone}</span>
              </label>
            </li>
          </ul>
        </fieldset>

        <div class="field">
          <label for="message">
            {t.message}
            <span class="hint" id="message-hint">
              {t.messageHint(LIMITS.message)}
            </span>
          </label>
          {errorText('message')}
          <textarea
            id="message"
            name="message"
            rows={6}
            maxlength={LIMITS.message}
            aria-invalid={invalid('message')}
            aria-describedby={described('message', 'message-hint')}
          >
            {values.message}
          </textarea>
        </div>

        <fieldset>
          <legend>{t.reply}</legend>
          <label class="choice">
            <input type="checkbox" name="reply" value="yes" id="reply" checked={values.replyWanted} />
            <span>{t.replyWanted}</span>
          </label>
          <p class="hint">{t.replyHint}</p>
          <div class="field">
            <label for="phone">
              {t.phone}
              <span class="hint" id="phone-hint">
                {t.phoneHint}
              </span>
            </label>
            {errorText('phone')}
            <input
              type="tel"
              id="phone"
              name="phone"
              inputmode="tel"
              autocomplete="tel"
              maxlength={LIMITS.phone}
              value={values.phone}
              aria-invalid={invalid('phone')}
              aria-describedby={described('phone', 'phone-hint')}
            />
          </div>
          <div class="field">
            <label for="email">{t.email}</label>
            {errorText('email')}
            <input
              type="email"
              id="email"
              name="email"
              autocomplete="email"
              maxlength={LIMITS.email}
              value={values.email}
              aria-invalid={invalid('email')}
              aria-describedby={described('email')}
            />
          </div>
        </fieldset>

        <fieldset aria-describedby={described('consent', 'consent-text')}>
          <legend>{t.consent}</legend>
          {t.consentGloss && <p class="hint">{t.consentGloss}</p>}
          <p class="consent-text" id="consent-text" lang="ko">
            {consentText(profile)}
          </p>
          {errorText('consent')}
          <label class="choice">
            <input type="checkbox" name="consent" value="yes" id="consent" checked={values.consent} />
            <span>{t.consentLabel}</span>
          </label>
        </fieldset>

        <button type="submit">{t.submit}</button>
      </form>
    </Layout>
  );
}
