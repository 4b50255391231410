import { isLocalMidnight, TIME_ZONE } from '../../time/zone.ts';
import type { Lang } from '../../web/preferences.ts';

const ZONE = TIME_ZONE;
const DAY = { timeZone: ZONE, year: 'numeric', month: 'long', day: 'numeric', weekday: 'short' } as const;
const TIME = { ...DAY, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } as const;

// Building an Intl.DateTimeFormat costs far more than using one: build each once.
const formats = {
  ko: { day: new Intl.DateTimeFormat('ko-KR', DAY), time: new Intl.DateTimeFormat('ko-KR', TIME) },
  en: { day: new Intl.DateTimeFormat('en-GB', DAY), time: new Intl.DateTimeFormat('en-GB', TIME) },
};

/** A date as people read it, in Korea time: 2026년 11월 22일 (일). */
export function formatDate(iso: string, lang: Lang): string {
  return formats[lang].day.format(new Date(iso));
}

export function formatDateTime(iso: string, lang: Lang): string {
  return formats[lang].time.format(new Date(iso));
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
