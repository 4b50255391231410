import { afterEach, describe, expect, it } from 'vitest';
import { type TestCardbox, tempCardbox } from '../helpers/cardbox.ts';
import { asStaff, loginAs } from '../helpers/staff.ts';
import { hidden, Visitor } from './helpers.ts';

/**
 * Issue 15: posts stored but not answered before the server died were sent again after the restart with the
 * same form and made doubled cases. The form's one-time id is stored with the case and found again.
 */
let t: TestCardbox;
afterEach(async () => t?.cleanup());

describe('a form sent again after the server restarted', () => {
  it('the no-card form: the visitor presses send again and gets the case already stored, not a second one', async () => {
    t = await tempCardbox();
    const visitor = new Visitor(t);
    const form = await visitor.get('/write?type=yellow');
    const body = new URLSearchParams({
      _csrf: hidden(form.html, '_csrf')!,
      submission: hidden(form.html, 'submission')!,
      type: 'yellow',
      areas: 'facility',
      message: '엘리베이터가 자주 멈춥니다',
    });
    const first = await visitor.post('/write', body.toString());
    expect(first.status).toBe(303);
    // The server dies before the visitor's browser saw the answer, and starts again.
    t = await t.restart();
    const again = new Visitor(t);
    again.cookies = visitor.cookies;
    const resent = await again.post('/write', body.toString());
    // The old form's security token died with the old process: the form comes back, the same id in it.
    const shown = resent.status === 303 ? null : resent.html;
    const final = shown
      ? await again.post(
          '/write',
          new URLSearchParams({
            ...Object.fromEntries(body),
            _csrf: hidden(shown, '_csrf')!,
            submission: hidden(shown, 'submission')!,
          }).toString(),
        )
      : resent;
    expect(final.status).toBe(303);
    expect(final.location).toBe(first.location);
    expect(await t.cardbox.cases.count()).toBe(1);
  });

  it('the staff entry form: the same form twice, across a restart, is one case', async () => {
    t = await tempCardbox();
    const fields = {
      submission: 'entry-1234567890',
      channel: 'phone',
      type: 'yellow',
      areas: 'facility',
      message: '전화로 주차 문제를 알려 주셨습니다',
    };
    const { user, password } = await loginAs(t, 'staff');
    const send = async () => {
      const login = await t.app.request('/staff/login', {
        method: 'POST',
        body: new URLSearchParams({ username: user.username, password, next: '/staff' }),
        headers: { origin: 'http://localhost' },
      });
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      return asStaff(t, cookie, '/staff/cases', { method: 'POST', body: new URLSearchParams(fields) });
    };
    const first = await send();
    expect(first.status).toBe(303);
    t = await t.restart();
    // The same officer sends the same form again after the restart.
    const again = await send();
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    expect(await t.cardbox.cases.count()).toBe(1);
  });
});
