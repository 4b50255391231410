import type { Context } from 'hono';
import type { BodyData, ParseBodyOptions } from 'hono/utils/body';
import type { FlashVariables } from './flash.ts';
import { parseForm } from './parse-form.ts';

/**
 * Text a visitor or staff member enters never keeps characters that are invisible or that control how text
 * is shown rather than being text: C0 and C1 control characters (NUL, vertical tab, escape, …) except the tab
 * and the line break, DEL, bidi embeddings, overrides and isolates (U+202A–202E, U+2066–2069) and marks
 * (U+200E, U+200F, U+061C), zero-width characters (U+200B–200D, U+2060–2064) and the byte-order mark
 * (U+FEFF), and the noncharacters U+FFFE/U+FFFF. They make XML invalid (a vertical tab in a board summary broke
 * the Atom feed), let text read differently from what it holds (an override turning a number around), hide
 * text from the board's privacy check and from search. Line breaks become `\n` (CR LF from a form's
 * textarea, a lone CR, U+2028/2029); a lone surrogate (only JSON can carry one) becomes U+FFFD.
 *
 * It is applied once, where a request body is read (`formBody`, `jsonBody`), so no route keeps text of its own
 * uncleaned; passwords are left as typed (never shown, only hashed).
 */
const UNWANTED =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed here
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\uFFFE\uFFFF]/g;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function cleanText(text: string): string {
  return text
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    .replace(UNWANTED, '');
}

/** Fields whose value is a secret typed by its owner: left exactly as typed. */
const VERBATIM = /password/i;

/** `cleanText` on every string of a parsed body (form fields, arrays of them, JSON); files pass untouched. */
export function cleanBody<T>(value: T, field = ''): T {
  if (typeof value === 'string') return (VERBATIM.test(field) ? value : cleanText(value)) as T;
  if (Array.isArray(value)) return value.map((item) => cleanBody(item, field)) as T;
  if (value !== null && typeof value === 'object' && isPlain(value)) {
    // No prototype, as Hono's own parsed form: a field named "__proto__" stays a field.
    const out: Record<string, unknown> = Object.create(null);
    for (const [key, item] of Object.entries(value)) out[cleanText(key)] = cleanBody(item, key);
    return out as T;
  }
  return value;
}

/** A plain object (JSON's, or a parsed form's, which has no prototype), not a `File` or another class. */
function isPlain(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** The request's form body (`parseForm`, as `c.req.parseBody`), every text in it cleaned: how every route reads a form. */
export async function formBody<O extends Partial<ParseBodyOptions>>(
  c: Context,
  options?: O,
): Promise<BodyData<O>> {
  const body = cleanBody(await parseForm(c, options));
  // Kept for the request: a refused form is filled in again with what was typed (`app.onError`).
  (c as Context<{ Variables: FlashVariables }>).set('form', body as Record<string, unknown>);
  return body;
}

/** The request's JSON body, every text in it cleaned; `{}` when it is not JSON. */
export async function jsonBody(c: Context): Promise<Record<string, unknown>> {
  const value: unknown = await c.req.json().catch(() => ({}));
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? cleanBody(value as Record<string, unknown>)
    : {};
}
