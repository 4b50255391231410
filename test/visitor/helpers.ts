import { issueSerials } from '../../src/cards/registry.ts';
import type { CardType } from '../../src/store/records.ts';
import type { TestCardbox } from '../helpers/cardbox.ts';

/** Prints (registers) `count` cards of `type`, as `cardbox print` would. */
export async function printedSerials(t: TestCardbox, type: CardType, count = 1): Promise<string[]> {
  const { serials } = await issueSerials(
    t.cardbox.registry,
    { type, count, origin: 'print', createdBy: 'test', format: 'pdf' },
    t.cardbox.now(),
  );
  return serials;
}

/** A visitor's browser, minus the browser: keeps cookies, reads the form's CSRF token. */
export class Visitor {
  cookies = new Map<string, string>();

  constructor(
    readonly t: TestCardbox,
    readonly headers: Record<string, string> = {},
  ) {}

  async get(path: string): Promise<{ status: number; html: string; res: Response }> {
    const res = await this.t.app.request(path, { headers: this.#headers() });
    this.#keep(res);
    return { status: res.status, html: await res.text(), res };
  }

  /** Opens `formPath`, then posts `fields` with the form's CSRF token (unless `csrf: false`). */
  async submit(
    formPath: string,
    fields: Record<string, string | string[]>,
    options: { csrf?: boolean; postPath?: string } = {},
  ): Promise<{ status: number; html: string; location: string | null; res: Response }> {
    const form = await this.get(formPath);
    const body = new URLSearchParams();
    if (options.csrf !== false) body.append('_csrf', hidden(form.html, '_csrf') ?? '');
    const submission = hidden(form.html, 'submission');
    if (submission) body.append('submission', submission);
    const type = hidden(form.html, 'type');
    if (type && !('type' in fields)) body.append('type', type);
    for (const [name, value] of Object.entries(fields)) {
      for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
    }
    return this.post(options.postPath ?? formPath.split('?')[0]!, body.toString());
  }

  async post(path: string, body: string, contentType = 'application/x-www-form-urlencoded') {
    const res = await this.t.app.request(path, {
      method: 'POST',
      body,
      headers: { 'content-type': contentType, ...this.#headers() },
    });
    this.#keep(res);
    return { status: res.status, html: await res.text(), location: res.headers.get('location'), res };
  }

  #headers(): Record<string, string> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return cookie ? { cookie, ...this.headers } : { ...this.headers };
  }

  #keep(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, value] = pair!.split('=');
      if (name && value !== undefined) this.cookies.set(name, value);
    }
  }
}

export function hidden(html: string, name: string): string | undefined {
  return new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];
}
