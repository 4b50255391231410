import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { seriousViolations } from './browser.ts';

/** STORY_SHOTS=1: every page a story checks is saved for people to look at, in /tmp/cardbox-story/. */
const SHOTS = process.env.STORY_SHOTS === '1' ? join(tmpdir(), 'cardbox-story') : null;
if (SHOTS) mkdirSync(SHOTS, { recursive: true });

export const overflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/**
 * Text squeezed to a column a letter or two wide (the table cell or list value that reads one character per
 * line): every visible cell, value, label or step of three or more letters has room for two at least.
 */
export const squeezed = (page: Page) =>
  page.evaluate(() => {
    const clipped = (el: Element) => {
      for (let e: Element | null = el; e; e = e.parentElement) {
        const style = getComputedStyle(e);
        if (style.position === 'absolute' && style.clip !== 'auto') return true;
      }
      return false;
    };
    return Array.from(
      document.querySelectorAll('main td, main th, main dt, main dd, main label, .step-label'),
    )
      .filter((el) => (el.textContent ?? '').trim().length >= 3 && el.getClientRects().length > 0)
      .filter((el) => !clipped(el))
      .filter((el) => {
        const style = getComputedStyle(el);
        const content =
          el.getBoundingClientRect().width -
          Number.parseFloat(style.paddingLeft) -
          Number.parseFloat(style.paddingRight);
        return content < 2 * Number.parseFloat(style.fontSize);
      })
      .map((el) => `${el.tagName.toLowerCase()} "${(el.textContent ?? '').trim().slice(0, 20)}"`);
  });

/**
 * Korean words cut across two lines: with `word-break: keep-all` a word breaks only where its box is narrower
 * than the word itself (a button, legend or label squeezed to three letters a line). A visible run of Hangul
 * whose letters sit on more than one line is reported.
 */
export const brokenWords = (page: Page) =>
  page.evaluate(() => {
    const clipped = (el: Element | null) => {
      for (let e = el; e; e = e.parentElement) {
        const style = getComputedStyle(e);
        if (style.position === 'absolute' && style.clip !== 'auto') return true;
      }
      return false;
    };
    const found: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      if (!/[\uAC00-\uD7A3]{2}/.test(text) || clipped(node.parentElement)) continue;
      for (const match of text.matchAll(/[\uAC00-\uD7A3]{2,}/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set(
          Array.from(range.getClientRects())
            .filter((r) => r.width > 0)
            .map((r) => Math.round(r.top)),
        );
        if (tops.size > 1) found.push(match[0]);
      }
    }
    return found;
  });

/**
 * The window of a story at 200% zoom: the phone's 390 px are 195 CSS px (at scale 4, the phone's pixels
 * doubled), the desktop's 1366 px are 683 (scale 2).
 */
export const ZOOM_200 = {
  phone: { viewport: { width: 195, height: 422 }, deviceScaleFactor: 4, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 683, height: 450 }, deviceScaleFactor: 2 },
} as const;

/**
 * Checks each page of a story: axe, no sideways scrolling, no text squeezed and no word cut across lines,
 * here and in the window at 200% zoom (`ZOOM_200`).
 */
export class Inspector {
  readonly visited: string[] = [];
  constructor(
    private readonly page: Page,
    private readonly zoom: Page,
    private readonly size: string,
  ) {}

  /** `replay` brings the zoom window to the same page when it is no plain GET (a preview after a post). */
  async check(label: string, replay?: (zoom: Page) => Promise<void>): Promise<void> {
    this.visited.push(label);
    // STORY_SHOTS=1: every page for people to look at, in /tmp/cardbox-story/<size>-<n>-<page>.png.
    const name = `${this.size}-${String(this.visited.length).padStart(2, '0')}-${label.replace(/[^a-z]+/g, '-')}`;
    if (SHOTS) await this.page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
    expect.soft(await seriousViolations(this.page), `${label}: axe`).toEqual([]);
    // Every staff page names the institution in its header, as the first did.
    const header = this.page.locator('.staff-header > strong');
    if (await header.count())
      expect
        .soft(await header.textContent(), `${label}: the institution in the header`)
        .toMatch(/^.+ · Cardbox 직원$/);
    expect.soft(await overflow(this.page), `${label}: sideways scroll`).toBeLessThanOrEqual(0);
    expect.soft(await squeezed(this.page), `${label}: squeezed text`).toEqual([]);
    expect.soft(await brokenWords(this.page), `${label}: words cut across lines`).toEqual([]);
    if (replay) await replay(this.zoom);
    else await this.zoom.goto(this.page.url());
    if (SHOTS) await this.zoom.screenshot({ path: join(SHOTS, `${name}-zoom200.png`), fullPage: true });
    expect
      .soft(new URL(this.zoom.url()).pathname, `${label}: zoom window`)
      .toBe(new URL(this.page.url()).pathname);
    const at = `at 200% zoom (${this.zoom.viewportSize()?.width} px)`;
    expect.soft(await overflow(this.zoom), `${label}: sideways scroll ${at}`).toBeLessThanOrEqual(0);
    expect.soft(await squeezed(this.zoom), `${label}: squeezed text ${at}`).toEqual([]);
    expect.soft(await brokenWords(this.zoom), `${label}: words cut across lines ${at}`).toEqual([]);
  }
}
