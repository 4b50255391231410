import { CARD_STYLES } from '../../cards/drawing.ts';
import { formatSerial } from '../../cards/serial.ts';
import { caseStage } from '../../cases/stage.ts';
import { isOverdue } from '../../cases/timeliness.ts';
import type { Profile } from '../../profile/schema.ts';
import type { CaseRecord } from '../../store/records.ts';
import type { Preferences } from '../../web/preferences.ts';
import { Layout } from '../components/Layout.tsx';
import { PhoneLink } from '../components/Phone.tsx';
import { Contacts } from './Contacts.tsx';
import { formatDate, formatDateTime, formatDeadline } from './format.ts';
import { QrCode } from './QrCode.tsx';
import { TEXT } from './text.ts';

export interface CaseStatusProps {
  profile: Profile;
  prefs: Preferences;
  /** Only the public parts are read: never the message, the reading or the contact details. */
  record: CaseRecord;
  /** 'receipt' right after sending, 'already' when a second sending was refused. */
  mode: 'status' | 'receipt' | 'already';
  /** The card's own URL (what its QR code carries), shown as a QR code on the receipt of an online serial. */
  cardUrl: string;
  /** True when the serial was issued online: the visitor has no paper stub, so the receipt shows the QR. */
  issuedOnline: boolean;
  now: Date;
}

/** What anyone holding the stub may see: dates, deadline, status and, once published, the result notice. */
export function CaseStatus(props: CaseStatusProps) {
  const { profile, prefs, record, mode } = props;
  const t = TEXT[prefs.lang];
  const en = prefs.lang === 'en';
  const style = CARD_STYLES[record.type];
  const serial = record.serial ?? '';
  const title = mode === 'receipt' ? t.receiptTitle : mode === 'already' ? t.alreadyTitle : t.statusTitle;
  const rule = profile.rules.find((r) => r.id === record.rule);
  const [statusWord, statusText] = t.statusWords[caseStage(record)];
  const notice = record.notice;
  const breaches = record.breaches ?? [];
  const explained = breaches.findLast((b) => b.reason);
  const voucher = record.vouchers?.at(-1);
  const overdue = isOverdue(record, props.now) && breaches.length === 0;
  const department = notice
    ? (profile.departments.find((d) => d.id === notice.department)?.name ?? notice.department)
    : '';

  return (
    <Layout
      title={title}
      site={en ? profile.institution.nameEn : profile.institution.name}
      prefs={prefs}
      area={`visitor card-${record.type}`}
    >
      <div class="card-band">
        <h1>{title}</h1>
        <p>{en ? style.titleEn : `${style.title} · ${style.subtitle}`}</p>
      </div>

      {mode === 'receipt' && (
        <div class="note success" role="status">
          <p>{t.receiptNote}</p>
          <p>{props.issuedOnline ? t.keepNote : t.keepNoteCard}</p>
        </div>
      )}
      {mode === 'already' && (
        <div class="note" role="status">
          <p>{t.alreadyNote}</p>
        </div>
      )}

      <dl class="facts">
        <dt>{t.serial}</dt>
        <dd>
          <span class={mode === 'receipt' ? 'serial serial-big' : 'serial'}>{formatSerial(serial)}</span>
        </dd>
        <dt>{t.received}</dt>
        <dd>{formatDateTime(record.receivedAt, prefs.lang)}</dd>
        <dt>{t.deadline}</dt>
        <dd>
          {t.deadlineUntil(formatDeadline(record.dueAt, prefs.lang))}
          {rule && (
            <span class="hint" lang="ko">
              {rule.promise}
            </span>
          )}
        </dd>
        <dt>{t.status}</dt>
        <dd>
          <span class="status-word">{statusWord}</span> — {statusText}
        </dd>
      </dl>

      {mode === 'receipt' && props.issuedOnline && (
        <QrCode text={props.cardUrl} label={formatSerial(serial)} />
      )}

      {overdue && (
        <div class="note" role="note">
          <p>{t.overdue}</p>
        </div>
      )}
      {breaches.length > 0 && (
        <section class="note delay" aria-labelledby="delay-title">
          <h2 id="delay-title">{t.delayTitle}</h2>
          <p>{t.delayApology(formatDeadline(record.dueAt, prefs.lang))}</p>
          {breaches
            .filter((b) => b.kind === 'promise')
            .map((b) => (
              <p>{t.promiseMissed(formatDeadline(b.dueAt, prefs.lang))}</p>
            ))}
          {explained && !breaches.at(-1)!.reason && !notice && <p>{t.delayPending}</p>}
          {explained ? (
            <dl class="facts">
              <dt>{t.delayReason}</dt>
              <dd lang="ko">{explained.reason}</dd>
              <dt>{t.newDeadline}</dt>
              <dd>{formatDeadline(explained.newDueAt!, prefs.lang)}</dd>
            </dl>
          ) : (
            !notice && <p>{t.delayPending}</p>
          )}
          {voucher && (
            <>
              <p>{t.voucher(voucher.kind, voucher.amountKrw.toLocaleString('ko-KR'), voucher.number)}</p>
              <p>
                {t.voucherHow}: <span lang="ko">{profile.compensation.howToReceive}</span>
              </p>
            </>
          )}
        </section>
      )}

      <h2>{t.resultTitle}</h2>
      {notice ? (
        <section class="notice" aria-label={t.resultTitle}>
          {notice.corrections?.length ? (
            <p class="note">
              {t.corrected(formatDate(notice.corrections.at(-1)!.at, prefs.lang))}{' '}
              <span lang="ko">{notice.corrections.at(-1)!.reason}</span>
            </p>
          ) : null}
          <p class="notice-text" lang="ko">
            {notice.text}
          </p>
          <dl class="facts">
            <dt>{t.resultDepartment}</dt>
            <dd>{department}</dd>
            <dt>{t.resultOfficer}</dt>
            <dd>{notice.officer}</dd>
            <dt>{t.resultPhone}</dt>
            <dd>
              <PhoneLink phone={notice.phone} areaCode={profile.institution.areaCode} />
            </dd>
            <dt>{t.resultDate}</dt>
            <dd>{formatDate(notice.publishedAt, prefs.lang)}</dd>
          </dl>
        </section>
      ) : (
        <p>{t.noResultYet}</p>
      )}

      <p class="hint">{t.privacyNote}</p>
      <h2>{t.contactOffice}</h2>
      <Contacts profile={profile} t={t} />
    </Layout>
  );
}
