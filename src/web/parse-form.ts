import type { Context } from 'hono';
import type { BodyData, ParseBodyOptions } from 'hono/utils/body';

const URLENCODED = 'application/x-www-form-urlencoded';
const parsed = new WeakMap<Context, URLSearchParams>();

/**
 * A form post's fields, as `c.req.parseBody(options)` gives them (the same object shape, `all` and `[]` the
 * same). A URL-encoded form, as every page's form is, is read as text and split by `URLSearchParams`, once per
 * request: Hono's own parse turns the bytes into a web `Response` to call its `formData()`, which cost a
 * visitor's submission more than the rest of its handling did. Multipart forms (files) go to Hono.
 */
export async function parseForm<O extends Partial<ParseBodyOptions>>(
  c: Context,
  options?: O,
): Promise<BodyData<O>> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== URLENCODED || options?.dot) return c.req.parseBody<O, BodyData<O>>(options);
  let fields = parsed.get(c);
  if (!fields) {
    fields = new URLSearchParams(await c.req.text());
    parsed.set(c, fields);
  }
  // No prototype, as Hono's: a field named "__proto__" stays a field.
  const form: Record<string, string | string[]> = Object.create(null);
  for (const [key, value] of fields) {
    const list = key.endsWith('[]');
    const held = form[key];
    if (!(options?.all || list)) form[key] = value;
    else if (held === undefined) form[key] = list ? [value] : value;
    else if (Array.isArray(held)) held.push(value);
    else form[key] = [held, value];
  }
  return form as BodyData<O>;
}
