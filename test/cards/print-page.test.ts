import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { receiveCase } from '../../src/cases/intake.ts';
import { type TestCardbox, tempCardbox } from '../helpers/cardbox.ts';
import { asStaff, loginAs } from '../helpers/staff.ts';

/** Issue 16: printing as staff would want it — advice, a preview, the entrance poster, the batches with reprint. */
let t: TestCardbox;
afterEach(async () => t?.cleanup());

describe('the print page', () => {
  it('lists the batches printed with how many came back, reprints a batch with the same serials, and offers a preview and the poster', async () => {
    t = await tempCardbox();
    const { cookie } = await loginAs(t, 'admin');
    const printed = await asStaff(t, cookie, '/staff/print', {
      method: 'POST',
      body: new URLSearchParams({ type: 'green', count: '4', format: 'pdf' }),
    });
    expect(printed.status).toBe(200);
    const batch = t.cardbox.store.registry.data.batches.at(-1)!;
    const serials = t.cardbox.store.registry.data.serials
      .filter((s) => s.batch === batch.id)
      .map((s) => s.serial);
    // One card of the batch comes back.
    await receiveCase(t.cardbox, {
      serial: serials[0]!,
      type: 'green',
      channel: 'online',
      areas: [],
      satisfaction: 5,
      message: '좋아요',
      replyWanted: false,
      consent: false,
    });
    const page = await (await asStaff(t, cookie, '/staff/print')).text();
    expect(page).toContain('실제 크기(100%)');
    expect(page).toContain('아직 돌아오지 않은 카드 3장');
    expect(page).toContain(`/staff/print/batches/${batch.id}.pdf`);
    const before = t.cardbox.store.registry.data.serials.length;
    const again = await asStaff(t, cookie, `/staff/print/batches/${batch.id}.pdf`);
    expect(again.status).toBe(200);
    expect(again.headers.get('content-type')).toBe('application/pdf');
    expect(t.cardbox.store.registry.data.serials.length).toBe(before);
    const preview = await asStaff(t, cookie, '/staff/print/preview.png?type=yellow');
    expect(preview.headers.get('content-type')).toBe('image/png');
    expect((await sharp(Buffer.from(await preview.arrayBuffer())).metadata()).width).toBeGreaterThan(300);
    expect(t.cardbox.store.registry.data.serials.length).toBe(before);
    const poster = await asStaff(t, cookie, '/staff/print/poster.pdf');
    const pdf = Buffer.from(await poster.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // Its words are real text (poppler), and the QR code says where to write.
    const dir = await mkdtemp(join(tmpdir(), 'poster-'));
    try {
      await writeFile(join(dir, 'p.pdf'), pdf);
      let words = '';
      try {
        words = execFileSync('pdftotext', [join(dir, 'p.pdf'), '-'], { encoding: 'utf8' });
      } catch (error) {
        if (process.env.CI === 'true') throw error;
        console.warn('*** pdftotext missing (apt-get install poppler-utils): poster text not checked');
      }
      if (words) {
        expect(words).toContain('카드 없이 의견 쓰기');
        expect(words).toContain('http://cards.test/write');
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    expect(
      (await asStaff(t, cookie, '/staff/print/batches/00000000-0000-0000-0000-000000000000.pdf')).status,
    ).toBe(404);
  });
});
