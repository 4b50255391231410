import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { formatSerial } from '../../src/cards/serial.ts';
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

/** The words of a PDF (poppler), or null on a laptop without it (never under CI). */
async function pdfWords(pdf: Buffer): Promise<string | null> {
  const dir = await mkdtemp(join(tmpdir(), 'print-'));
  try {
    await writeFile(join(dir, 'p.pdf'), pdf);
    return execFileSync('pdftotext', [join(dir, 'p.pdf'), '-'], { encoding: 'utf8' });
  } catch (error) {
    if (process.env.CI === 'true') throw error;
    console.warn('*** pdftotext missing (apt-get install poppler-utils): PDF text not checked');
    return null;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const pdfPages = (pdf: Buffer) => pdf.toString('latin1').match(/\/Type\s*\/Page\b/g)?.length ?? 0;

describe('the print confirmation', () => {
  it('after printing shows the batch (serials first to last, count, colour, date, who), the PDF, a reprint of the batch or one sheet, and the unused count', async () => {
    t = await tempCardbox();
    const { cookie, user } = await loginAs(t, 'admin', { name: '김사서' });
    const print = await (await asStaff(t, cookie, '/staff/print')).text();
    expect(print).toContain('action="/staff/print/batches"');
    const made = await asStaff(t, cookie, '/staff/print/batches', {
      method: 'POST',
      body: new URLSearchParams({ type: 'yellow', count: '10', format: 'pdf' }),
    });
    expect(made.status).toBe(303);
    const batch = t.cardbox.store.registry.data.batches.at(-1)!;
    expect(made.headers.get('location')).toBe(`/staff/print/batches/${batch.id}?new=1`);
    const serials = t.cardbox.store.registry.data.serials
      .filter((s) => s.batch === batch.id)
      .map((s) => s.serial);
    expect(serials).toHaveLength(10);

    const page = await (await asStaff(t, cookie, made.headers.get('location')!)).text();
    expect(page).toContain('옐로카드 10장의 일련번호를 만들었습니다');
    expect(page).toContain('옐로카드 (불편·불만) 10장');
    expect(page).toContain(
      `${formatSerial(serials[0]!)}</span> (첫 카드)<br/>~ <span class="serial">${formatSerial(serials[9]!)}</span> (마지막 카드`,
    );
    expect(page).toContain('10장 · A4 3쪽');
    expect(page).toContain(`김사서 (${user.username})`);
    expect(page).toMatch(/<dt>만든 때<\/dt><dd>\d{4}-\d\d-\d\d \d\d:\d\d<\/dd>/);
    expect(page).toContain('<dt>미사용</dt><dd>10장</dd>');
    expect(page).toContain(`href="/staff/print/batches/${batch.id}.pdf"`);
    expect(page).toContain('묶음 전체 다시 받기');
    // Sheet by sheet, the serials in printed order: sheet 3 holds the last two.
    expect(page).toContain(
      `<th scope="row">3</th><td class="serial">${formatSerial(serials[8]!)}, ${formatSerial(serials[9]!)}</td>`,
    );
    // The confirmation is a page of its own: a reload prints nothing new.
    await asStaff(t, cookie, `/staff/print/batches/${batch.id}`);
    expect(t.cardbox.store.registry.data.serials).toHaveLength(10);

    const pdf = async (query = '') => {
      const response = await asStaff(t, cookie, `/staff/print/batches/${batch.id}.pdf${query}`);
      return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()) };
    };
    const whole = await pdf();
    expect(whole.status).toBe(200);
    expect(pdfPages(whole.bytes)).toBe(3);
    const spoiled = await pdf('?sheet=2');
    expect(spoiled.status).toBe(200);
    expect(pdfPages(spoiled.bytes)).toBe(1);
    const words = await pdfWords(spoiled.bytes);
    if (words !== null) {
      // The serial is printed letter-spaced.
      const text = words.replace(/\s+/g, '');
      for (const serial of serials.slice(4, 8)) expect(text).toContain(formatSerial(serial));
      expect(text).not.toContain(formatSerial(serials[0]!));
    }
    for (const bad of ['?sheet=4', '?sheet=0', '?sheet=x', '?sheet=1.5'])
      expect((await pdf(bad)).status, bad).toBe(404);
    expect(t.cardbox.store.registry.data.serials).toHaveLength(10);

    // A card comes back; the history links to the batch, which counts it.
    await receiveCase(t.cardbox, {
      serial: serials[3]!,
      type: 'yellow',
      channel: 'online',
      areas: [],
      satisfaction: 2,
      message: '의자가 불편해요',
      replyWanted: false,
      consent: false,
    });
    const history = await (await asStaff(t, cookie, '/staff/print')).text();
    expect(history).toContain(`href="/staff/print/batches/${batch.id}"`);
    const later = await (await asStaff(t, cookie, `/staff/print/batches/${batch.id}`)).text();
    expect(later).toContain('<dt>미사용</dt><dd>9장</dd>');
    expect(later).toContain('<dt>접수됨</dt><dd>1장');
    expect(later).not.toContain('일련번호를 만들었습니다');
    expect(later).toContain('href="/staff/print" aria-current="page"');
  });

  it('offers an image batch as a ZIP of its cards, refuses bad input without issuing, and is for admins only', async () => {
    t = await tempCardbox();
    const admin = await loginAs(t, 'admin');
    const made = await asStaff(t, admin.cookie, '/staff/print/batches', {
      method: 'POST',
      body: new URLSearchParams({ type: 'green', count: '2', format: 'svg' }),
    });
    const page = await (await asStaff(t, admin.cookie, made.headers.get('location')!)).text();
    const batch = t.cardbox.store.registry.data.batches.at(-1)!;
    expect(page).toContain(`href="/staff/print/batches/${batch.id}.zip"`);
    const zip = await asStaff(t, admin.cookie, `/staff/print/batches/${batch.id}.zip`);
    expect(zip.headers.get('content-type')).toBe('application/zip');
    const names = Object.keys(unzipSync(new Uint8Array(await zip.arrayBuffer())));
    expect(names.sort()).toEqual(t.cardbox.store.registry.data.serials.map((s) => `${s.serial}.svg`).sort());

    const bad = await asStaff(t, admin.cookie, '/staff/print/batches', {
      method: 'POST',
      body: new URLSearchParams({ type: 'blue', count: '0' }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('카드 종류는 그린 또는 옐로입니다');
    expect(t.cardbox.store.registry.data.serials).toHaveLength(2);
    expect(
      (await asStaff(t, admin.cookie, '/staff/print/batches/00000000-0000-0000-0000-000000000000')).status,
    ).toBe(404);

    const staff = await loginAs(t, 'staff');
    expect((await asStaff(t, staff.cookie, `/staff/print/batches/${batch.id}`)).status).toBe(403);
    expect(
      (
        await asStaff(t, staff.cookie, '/staff/print/batches', {
          method: 'POST',
          body: new URLSearchParams({ type: 'green', count: '1' }),
        })
      ).status,
    ).toBe(403);
  });
});
