import type { MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';

export type Lang = 'ko' | 'en';

/** What a visitor chose for reading: the language and larger text. Kept in cookies, set by plain links. */
export interface Preferences {
  lang: Lang;
  largeText: boolean;
  /** The current path and query, for links that switch a preference and come back to the same page. */
  url: string;
}

export type PreferencesVariables = { prefs: Preferences };

const LANG_COOKIE = 'cardbox_lang';
const TEXT_COOKIE = 'cardbox_text';
const YEAR = 365 * 24 * 3600;

/**
 * Reads `?lang=ko|en` and `?text=large|normal` (links in the page header, so no JavaScript is needed),
 * remembers them in cookies, and falls back to the cookies, then Korean and normal text.
 */
export function preferences(): MiddlewareHandler {
  return async function readPreferences(c, next) {
    const url = new URL(c.req.url);
    const remember = (name: string, value: string) =>
      setCookie(c, name, value, { path: '/', maxAge: YEAR, sameSite: 'Lax', httpOnly: true });

    const langQuery = url.searchParams.get('lang');
    if (langQuery === 'ko' || langQuery === 'en') remember(LANG_COOKIE, langQuery);
    const textQuery = url.searchParams.get('text');
    if (textQuery === 'large' || textQuery === 'normal') remember(TEXT_COOKIE, textQuery);

    const lang = langQuery ?? getCookie(c, LANG_COOKIE);
    const text = textQuery ?? getCookie(c, TEXT_COOKIE);
    c.set('prefs', {
      lang: lang === 'en' ? 'en' : 'ko',
      largeText: text === 'large',
      url: url.pathname + url.search,
    });
    await next();
  };
}

/** The same page with one preference switched: `withPreference('/write?type=green', 'lang', 'en')`. */
export function withPreference(url: string, key: 'lang' | 'text', value: string): string {
  const parsed = new URL(url, 'http://x');
  parsed.searchParams.set(key, value);
  return parsed.pathname + parsed.search;
}
