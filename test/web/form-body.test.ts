import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { limitBody } from '../../src/web/body-limit.ts';
import { parseForm } from '../../src/web/parse-form.ts';

const FORM = 'application/x-www-form-urlencoded';

/** What `parseForm` and Hono's own `parseBody` give for the same body, read in one request. */
async function both(body: string, options?: { all?: boolean }) {
  const app = new Hono();
  app.post('/', async (c) => {
    const ours = await parseForm(c, options);
    const hono = await c.req.parseBody(options);
    return c.json({ ours, hono, same: Object.getPrototypeOf(ours) === null });
  });
  const res = await app.request('/', { method: 'POST', headers: { 'content-type': FORM }, body });
  return (await res.json()) as { ours: unknown; hono: unknown; same: boolean };
}

describe('parseForm reads a URL-encoded form as Hono does', () => {
  const bodies = [
    'a=1&b=2',
    'areas=general&areas=facility&message=%EC%A1%B0%EB%AA%85+%EC%96%B4%EB%91%A1%EC%8A%B5%EB%8B%88%EB%8B%A4',
    'list[]=x&list[]=y&one[]=z&plain=1&plain=2',
    '__proto__=evil&constructor=x&empty=&=novalue&flag',
    'message=%F0%9F%98%80+%25+~+(%EA%B0%80)&a+b=c%2Bd',
  ];
  for (const body of bodies) {
    for (const all of [false, true]) {
      it(`${body.slice(0, 40)}${all ? ' (all)' : ''}`, async () => {
        const { ours, hono, same } = await both(body, { all });
        expect(ours).toEqual(hono);
        expect(same).toBe(true);
      });
    }
  }
});

describe('limitBody', () => {
  const app = new Hono();
  app.post('/', limitBody(100), async (c) => c.text(String((await c.req.text()).length)));
  const send = (body: string, headers: Record<string, string> = {}) =>
    app.request('/', { method: 'POST', headers: { 'content-type': FORM, ...headers }, body });

  it('refuses a declared length over the limit, and takes one under it', async () => {
    expect((await send('a'.repeat(101), { 'content-length': '101' })).status).toBe(413);
    const ok = await send('a'.repeat(100), { 'content-length': '100' });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('100');
  });

  it('counts a body that declares no length (chunked) as it arrives', async () => {
    expect((await send('a'.repeat(101))).status).toBe(413);
    expect(await (await send('a'.repeat(99))).text()).toBe('99');
  });
});
