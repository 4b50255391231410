import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestCardbox, tempCardbox } from '../helpers/cardbox.ts';
import { hidden, printedSerials, Visitor } from './helpers.ts';

let t: TestCardbox;
beforeEach(async () => {
  t = await tempCardbox({ env: { SUBMIT_RATE_LIMIT: 'off' } });
});
afterEach(async () => {
  await t.cleanup();
});

describe('a burst of visitors', () => {
  it('loses none of 300 concurrent submissions, all present after a restart', async () => {
    const serials = await printedSerials(t, 'green', 300);
    const visitor = new Visitor(t);
    const token = hidden((await visitor.get(`/c/${serials[0]}`)).html, '_csrf')!;
    const results = await Promise.all(
      serials.map((serial, i) =>
        visitor.post(`/c/${serial}`, new URLSearchParams({ _csrf: token, message: `의견 ${i}` }).toString()),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(serials.map(() => 303));
    t = await t.restart();
    for (const [i, serial] of serials.entries()) {
      expect((await t.cardbox.cases.getBySerial(serial))?.message).toBe(`의견 ${i}`);
    }
    expect(await t.cardbox.cases.count()).toBe(300);
  });

  it('accepts exactly one of 20 concurrent submissions for one card', async () => {
    const [serial] = await printedSerials(t, 'yellow');
    const visitor = new Visitor(t);
    const token = hidden((await visitor.get(`/c/${serial}`)).html, '_csrf')!;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        visitor.post(`/c/${serial}`, new URLSearchParams({ _csrf: token, message: `시도 ${i}` }).toString()),
      ),
    );
    expect(results.filter((r) => r.status === 303)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(19);
    t = await t.restart();
    expect((await t.cardbox.cases.list()).filter((c) => c.serial === serial)).toHaveLength(1);
  });
});
