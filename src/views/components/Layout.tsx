import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { type Preferences, withPreference } from '../../web/preferences.ts';

const CHROME = {
  ko: {
    skip: '본문 바로가기',
    settings: '보기 설정',
    largeOn: '글자 크게',
    largeOff: '글자 보통',
    otherLang: 'English',
    otherLangCode: 'en',
  },
  en: {
    skip: 'Skip to content',
    settings: 'Display settings',
    largeOn: 'Larger text',
    largeOff: 'Normal text',
    otherLang: '한국어',
    otherLangCode: 'ko',
  },
} as const;

export interface LayoutProps {
  /** The page's own title; the site name is appended. */
  title: string;
  /** The site name beside the title and in the header, e.g. the institution's name. */
  site: string;
  prefs: Preferences;
  /** Extra header content, e.g. a staff navigation. */
  nav?: Child;
  /** A class on `<body>` for an area's own styles, e.g. "visitor" or "staff". */
  area?: string;
  children: Child;
}

/**
 * The frame of every page: `lang`, a skip link, the site name, the language switch and the larger-text
 * switch (plain links that set a cookie, so they work without JavaScript), and the one stylesheet.
 */
export function Layout(props: LayoutProps) {
  const { prefs } = props;
  const chrome = CHROME[prefs.lang];
  const classes = [props.area, prefs.largeText ? 'large-text' : ''].filter(Boolean).join(' ');
  return (
    <>
      {raw('<!doctype html>')}
      <html lang={prefs.lang} class={prefs.largeText ? 'large-text' : undefined}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="referrer" content="no-referrer" />
          <title>{`${props.title} · ${props.site}`}</title>
          <link rel="stylesheet" href="/static/cardbox.css" />
        </head>
        <body class={classes || undefined}>
          <a class="skip" href="#main">
            {chrome.skip}
          </a>
          <header class="site-header">
            <span class="site-name">{props.site}</span>
            <nav class="prefs" aria-label={chrome.settings}>
              <a href={withPreference(prefs.url, 'lang', chrome.otherLangCode)} lang={chrome.otherLangCode}>
                {chrome.otherLang}
              </a>
              <a href={withPreference(prefs.url, 'text', prefs.largeText ? 'normal' : 'large')}>
                {prefs.largeText ? chrome.largeOff : chrome.largeOn}
              </a>
            </nav>
            {props.nav}
          </header>
          <main id="main" tabindex={-1}>
            {props.children}
          </main>
        </body>
      </html>
    </>
  );
}
