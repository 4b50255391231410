import { isLocalMidnight, timeZone } from '../../time/zone.ts';
import type { Lang } from '../../web/preferences.ts';

const DAY = { year: 'numeric', month: 'long', day: 'numeric', weekday: 'short' } as const;
const TIME = { ...DAY, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } as const;

// Building an Intl.DateTimeFormat costs far more than using one: built once for the institution's zone.
let built: { zone: string; formats: Record<Lang, { day: Intl.DateTimeFormat; time: Intl.DateTimeFormat }> };
function formatsFor(lang: Lang) {
  const zone = timeZone();
  if (built?.zone !== zone) {
    const make = (locale: string) => ({
      day: new Intl.DateTimeFormat(locale, { ...DAY, timeZone: zone }),
      time: new Intl.DateTimeFormat(locale, { ...TIME, timeZone: zone }),
    });
    built = { zone, formats: { ko: make('ko-KR'), en: make('en-GB') } };
  }
  return built.formats[lang];
}

/** A date as people read it, in the institution's time zone: 2026년 11월 22일 (일). */
export function formatDate(iso: string, lang: Lang): string {
  return formatsFor(lang).day.format(new Date(iso));
}

export function formatDateTime(iso: string, lang: Lang): string {
  return formatsFor(lang).time.format(new Date(iso));
}

/**
 * A deadline: a day-counted rule ends at midnight, which people call "by the 25th", not "by 00:00 on the
 * 26th"; a deadline at any other time is shown with its time.
 */
export function formatDeadline(iso: string, lang: Lang): string {
  return isLocalMidnight(iso)
    ? formatDate(new Date(Date.parse(iso) - 1).toISOString(), lang)
    : formatDateTime(iso, lang);
}
