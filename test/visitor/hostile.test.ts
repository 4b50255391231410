import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type TestCardbox, tableOnDisk, tempCardbox } from '../helpers/cardbox.ts';
import { hidden, printedSerials, Visitor } from './helpers.ts';

let t: TestCardbox;
beforeEach(async () => {
  t = await tempCardbox();
});
afterEach(async () => {
  await t.cleanup();
});

const HOSTILE = '"><script>alert(1)</script><img src=x onerror=alert(2)>';
const nothingStored = () => expect(t.cardbox.store.cases.data.cases).toHaveLength(0);

describe('hostile input on the visitor form', () => {
  it('refuses a 1 MB message before reading it, storing nothing', async () => {
    const [serial] = await printedSerials(t, 'yellow');
    const sent = await new Visitor(t).submit(`/c/${serial}`, { message: '가'.repeat(1_000_000) });
    expect(sent.status).toBe(413);
    expect(sent.html).toContain('너무 큽니다');
    nothingStored();
  });

  it('refuses a message over the length limit with the form and the reason', async () => {
    const [serial] = await printedSerials(t, 'yellow');
    const sent = await new Visitor(t).submit(`/c/${serial}`, { message: 'a'.repeat(2001) });
    expect(sent.status).toBe(422);
    expect(sent.html).toContain('2,000자 이내');
    nothingStored();
  });

  it('escapes HTML/script in every field and stores nothing when the fields are invalid', async () => {
    const [serial] = await printedSerials(t, 'green');
    const sent = await new Visitor(t).submit(`/c/${serial}`, {
      areas: [HOSTILE],
      satisfaction: HOSTILE,
      message: HOSTILE,
      reply: HOSTILE,
      phone: HOSTILE,
      email: HOSTILE,
      consent: HOSTILE,
      [HOSTILE]: HOSTILE,
    });
    expect(sent.status).toBe(422);
    expect(sent.html).not.toContain('<script>alert');
    expect(sent.html).not.toContain('<img src=x');
    expect(sent.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;'); // the message, kept and escaped
    expect(sent.html).toContain('목록에 없는 항목');
    expect(sent.html).toContain('휴대전화 번호를 숫자로');
    expect(sent.html).toContain('이메일 주소 형식');
    nothingStored();
  });

  it('stores a hostile message as text and never renders it on the public page', async () => {
    const [serial] = await printedSerials(t, 'green');
    expect((await new Visitor(t).submit(`/c/${serial}`, { message: HOSTILE })).status).toBe(303);
    expect((await t.cardbox.cases.getBySerial(serial!))!.message).toBe(HOSTILE);
    const page = await new Visitor(t).get(`/c/${serial}`);
    expect(page.html).not.toContain('alert(');
  });

  it('refuses a post that is not a form (JSON, text), storing nothing', async () => {
    const [serial] = await printedSerials(t, 'yellow');
    const visitor = new Visitor(t);
    const token = hidden((await visitor.get(`/c/${serial}`)).html, '_csrf')!;
    const json = await visitor.post(
      `/c/${serial}`,
      JSON.stringify({ _csrf: token, message: 'hi' }),
      'application/json',
    );
    expect(json.status).toBe(415);
    expect(json.html).toContain('보낼 수 없는 형식');
    expect((await visitor.post(`/c/${serial}`, 'message=hi', 'text/plain')).status).toBe(415);
    expect((await visitor.post('/write', 'type=green&message=hi', 'application/json')).status).toBe(415);
    nothingStored();
  });

  it('refuses a missing, wrong or cookie-less CSRF token, keeping what was typed', async () => {
    const [serial] = await printedSerials(t, 'yellow');
    const missing = await new Visitor(t).submit(`/c/${serial}`, { message: '토큰 없음' }, { csrf: false });
    expect(missing.status).toBe(403);
    expect(missing.html).toContain('보안 확인이 만료되었습니다');
    expect(missing.html).toContain('토큰 없음');

    const visitor = new Visitor(t);
    await visitor.get(`/c/${serial}`);
    const wrong = await visitor.post(`/c/${serial}`, `_csrf=${'A'.repeat(43)}&message=x`);
    expect(wrong.status).toBe(403);

    // A token lifted from someone else's page does not work with another cookie (or none).
    const token = hidden((await new Visitor(t).get(`/c/${serial}`)).html, '_csrf')!;
    const stranger = await new Visitor(t).post(`/c/${serial}`, `_csrf=${token}&message=x`);
    expect(stranger.status).toBe(403);

    const crossSite = await new Visitor(t, { 'sec-fetch-site': 'cross-site' }).submit(`/c/${serial}`, {
      message: 'x',
    });
    expect(crossSite.status).toBe(403);

    const noCard = await new Visitor(t).submit('/write?type=green', { message: 'x' }, { csrf: false });
    expect(noCard.status).toBe(403);
    nothingStored();
    expect(t.cardbox.store.registry.data.serials).toHaveLength(1); // no serial issued either
  });

  it('refuses an unknown serial and a serial with a typo with 404, storing nothing', async () => {
    const [serial] = await printedSerials(t, 'green');
    const visitor = new Visitor(t);
    const token = hidden((await visitor.get(`/c/${serial}`)).html, '_csrf')!;
    const typo = `${serial!.slice(0, -1)}${serial!.endsWith('0') ? '1' : '0'}`;
    const { newSerial } = await import('../../src/cards/serial.ts');
    for (const path of [`/c/${typo}`, `/c/${newSerial('green')}`, '/c/%3Cscript%3E']) {
      const sent = await visitor.post(path, `_csrf=${token}&message=hello`);
      expect(sent.status).toBe(404);
      expect(sent.html).toContain('카드를 찾을 수 없습니다');
      expect(sent.html).not.toContain('<script>');
    }
    nothingStored();
  });

  it('limits submissions per client address and says when to retry', async () => {
    // Behind one reverse proxy: the client is the address it appended to X-Forwarded-For.
    const limited = await tempCardbox({ env: { SUBMIT_RATE_LIMIT: '3/600', TRUST_PROXY: '1' } });
    try {
      const serials = await printedSerials(limited, 'green', 5);
      const one = new Visitor(limited, { 'x-forwarded-for': '203.0.113.7' });
      for (const serial of serials.slice(0, 3)) {
        expect((await one.submit(`/c/${serial}`, { message: 'ok' })).status).toBe(303);
      }
      const refused = await one.submit(`/c/${serials[3]}`, { message: 'too many' });
      expect(refused.status).toBe(429);
      expect(refused.res.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(refused.html).toContain('다시 보내 주세요');
      expect(await limited.cardbox.cases.getBySerial(serials[3]!)).toBeUndefined();
      const other = new Visitor(limited, { 'x-forwarded-for': '198.51.100.9' });
      expect((await other.submit(`/c/${serials[4]}`, { message: 'ok' })).status).toBe(303);
    } finally {
      await limited.cleanup();
    }
  });

  it('says honestly when storing failed, logging no visitor data, and nothing reaches the disk', async () => {
    const [serial] = await printedSerials(t, 'green');
    // New cases are appended to the cases journal; a folder in its place makes the real write fail.
    await mkdir(join(t.dir, 'cases.json.journal'));
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const sent = await new Visitor(t).submit(`/c/${serial}`, {
        message: '디스크 오류',
        phone: '010-7777-6666',
        consent: 'yes',
      });
      expect(sent.status).toBe(500);
      expect(sent.html).toContain('저장을 확인하지 못했습니다');
      expect(errors.mock.calls.flat().join(' ')).not.toMatch(/7777|디스크 오류/);
    } finally {
      errors.mockRestore();
    }
    await rm(join(t.dir, 'cases.json.journal'), { recursive: true });
    t = await t.restart();
    expect(await t.cardbox.cases.getBySerial(serial!)).toBeUndefined();
  });

  it('never logs contact details', async () => {
    const [serial] = await printedSerials(t, 'yellow');
    const lines: string[] = [];
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((name) =>
      vi.spyOn(console, name).mockImplementation((...args: unknown[]) => {
        lines.push(args.map(String).join(' '));
      }),
    );
    try {
      await new Visitor(t).submit(`/c/${serial}`, {
        message: 'm',
        phone: '010-5555-4444',
        email: 'secret@example.com',
        consent: 'yes',
      });
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect((await t.cardbox.cases.getBySerial(serial!))?.contact).not.toBeNull();
    expect(lines.join('\n')).not.toMatch(/5555|secret@example/);
    const file = (await tableOnDisk(t.dir, 'cases')).text;
    expect(file).toContain(serial!);
    expect(file).not.toMatch(/5555|secret@example/);
    // The key that sealed them is readable by the owner only.
    expect((await stat(join(t.dir, 'secret.key'))).mode & 0o077).toBe(0);
  });
});
