import { afterEach, describe, expect, it } from 'vitest';
import { type TestCardbox, tempCardbox } from '../helpers/cardbox.ts';
import { asStaff, loginAs } from '../helpers/staff.ts';
import { Visitor } from '../visitor/helpers.ts';

let t: TestCardbox | undefined;
afterEach(async () => t?.cleanup());

describe('an embedded store at its capacity (CARDBOX_MAX_CASES)', () => {
  it('refuses the next case with a message, loses nothing, and goes on serving what it holds', async () => {
    t = await tempCardbox({ env: { CARDBOX_MAX_CASES: '2' } });
    for (const message of ['첫째 의견', '둘째 의견']) {
      const sent = await new Visitor(t).submit('/write?type=green', { areas: 'general', message });
      expect(sent.status).toBe(303);
    }
    const third = await new Visitor(t).submit('/write?type=green', {
      areas: 'general',
      message: '셋째 의견',
    });
    expect(third.status).toBe(503);
    // The visitor is told plainly and given the phone; whoever runs Cardbox reads why in the log.
    expect(third.html).toContain('지금은 의견을 받을 수 없습니다');
    expect(third.html).toContain('258-2518');
    expect(await t.cardbox.cases.count()).toBe(2);
    const { insert } = t.cardbox.cases;
    await expect(
      insert.call(t.cardbox.cases, {
        ...(await t.cardbox.cases.list())[0]!,
        id: 'x',
        serial: null,
        submissionId: undefined,
      }),
    ).rejects.toThrow(/2건까지.*PostgreSQL.*CARDBOX_MAX_CASES/s);
    // What is held is still worked on: staff open and change it.
    const { cookie } = await loginAs(t, 'staff');
    const [first] = await t.cardbox.cases.list();
    const classify = await asStaff(t, cookie, `/staff/cases/${first!.id}/classify`, {
      method: 'POST',
      body: new URLSearchParams({ classification: 'suggestion' }),
    });
    expect(classify.status).toBe(303);
    expect((await t.cardbox.cases.get(first!.id))?.classification).toBe('suggestion');
    // And after a restart the same holds.
    t = await t.restart();
    expect(await t.cardbox.cases.count()).toBe(2);
  });
});
