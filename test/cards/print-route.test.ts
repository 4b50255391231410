import { unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestCardbox, tempCardbox } from '../helpers/cardbox.ts';
import { asStaff, loginAs } from '../helpers/staff.ts';

let t: TestCardbox;
beforeEach(async () => {
  t = await tempCardbox();
});
afterEach(() => t.cleanup());

const form = (fields: Record<string, string>) => ({ method: 'POST', body: new URLSearchParams(fields) });

describe('staff printing', () => {
  it('gives an admin the PDF and records its serials', async () => {
    const { cookie } = await loginAs(t, 'admin');
    const page = await asStaff(t, cookie, '/staff/print');
    expect(await page.text()).toContain('카드 인쇄');
    const response = await asStaff(
      t,
      cookie,
      '/staff/print',
      form({ type: 'yellow', count: '6', format: 'pdf' }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toMatch(
      /attachment; filename="cards-yellow-.*\.pdf"/,
    );
    expect(
      Buffer.from(await response.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    const serials = t.cardbox.store.registry.data.serials;
    expect(serials).toHaveLength(6);
    expect(serials.every((s) => s.type === 'yellow' && s.origin === 'print')).toBe(true);
  });

  it('gives PNG cards as a ZIP named by serial', async () => {
    const { cookie } = await loginAs(t, 'admin');
    const response = await asStaff(
      t,
      cookie,
      '/staff/print',
      form({ type: 'green', count: '2', format: 'png' }),
    );
    expect(response.headers.get('content-type')).toBe('application/zip');
    const files = Object.keys(unzipSync(new Uint8Array(await response.arrayBuffer())));
    expect(files.sort()).toEqual(t.cardbox.store.registry.data.serials.map((s) => `${s.serial}.png`).sort());
  });

  it('refuses a bad request with a page saying what is wrong, and issues nothing', async () => {
    const { cookie } = await loginAs(t, 'admin');
    const response = await asStaff(t, cookie, '/staff/print', form({ type: 'green', count: '100000' }));
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('count must be at most 2000');
    expect(t.cardbox.store.registry.data.serials).toHaveLength(0);
  });

  it('is for admins only', async () => {
    const { cookie } = await loginAs(t, 'staff');
    expect((await asStaff(t, cookie, '/staff/print', form({ type: 'green', count: '1' }))).status).toBe(403);
  });
});
