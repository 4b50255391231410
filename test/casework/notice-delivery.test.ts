import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { issueSerials } from '../../src/cards/registry.ts';
import { receiveCase } from '../../src/cases/intake.ts';
import { processOutbox } from '../../src/delivery/outbox.ts';
import { transportsFrom, useTransports } from '../../src/delivery/transports.ts';
import type { EmbeddedCardbox } from '../helpers/cardbox.ts';
import { type TestCardbox, tempCardbox } from '../helpers/cardbox.ts';
import { asStaff, loginAs } from '../helpers/staff.ts';
import { startSmsGateway, startSmtp } from './mail-servers.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function textImage(text: string, width: number, height: number): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="white"/><text x="10" y="${height / 2}" font-size="24">${text}</text></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** A card case as the photo reader files it: card image, field crops with OCR drafts, checkbox readings. */
async function cardCase(cardbox: EmbeddedCardbox) {
  const { serials } = await issueSerials(
    cardbox.registry,
    { type: 'green', count: 1, origin: 'print', createdBy: 'test', format: 'pdf' },
    cardbox.now(),
  );
  const image = await cardbox.store.files.putByHash('cards', await textImage('card', 600, 380), '.png');
  const crop = await cardbox.store.files.putByHash(
    'crops',
    await textImage('열람실 의자가 삐걱거려요', 500, 80),
    '.png',
  );
  const phoneCrop = await cardbox.store.files.putByHash(
    'crops',
    await textImage('010-2222-3333', 300, 50),
    '.png',
  );
  const { record } = await receiveCase(cardbox, {
    serial: serials[0]!,
    type: 'green',
    channel: 'cardbox',
    areas: ['general'],
    satisfaction: 4,
    message: '열람실 의자가 삐걱거러요',
    replyWanted: true,
    consent: true,
    contact: { email: 'visitor@example.test', phone: '010-2222-3333' },
    reading: {
      photoIds: ['photo-1'],
      image: image.path,
      checks: {
        'area.general': true,
        'area.children': null,
        'satisfaction.4': true,
        'reply.wanted': true,
        'consent.privacy': true,
      },
      checkConfidence: {
        'area.general': 0.95,
        'area.children': 0.4,
        'satisfaction.4': 0.9,
        'reply.wanted': 0.9,
        'consent.privacy': 0.92,
      },
      fields: {
        message: { text: '열람실 의자가 삐걱거러요', confidence: 0.42, crop: crop.path },
        phone: { text: '010-2222-3333', confidence: 0.91, crop: phoneCrop.path },
      },
      needsReview: ['message', 'area.children'],
      score: 0.7,
    },
  });
  return record;
}

describe('from a card case to a delivered notice', () => {
  it('reviews, classifies, assigns and publishes; e-mail reaches SMTP, SMS reaches the webhook', async () => {
    const smtp = await startSmtp();
    const sms = await startSmsGateway();
    const t: TestCardbox = await tempCardbox({ now: () => new Date('2026-09-22T01:00:00Z') });
    cleanups.push(smtp.close, sms.close, t.cleanup);
    useTransports(
      t.cardbox,
      transportsFrom({
        SMTP_URL: smtp.url,
        MAIL_FROM: '교육문화관 <cards@library.test>',
        SMS_WEBHOOK_URL: sms.url,
      }),
    );
    const record = await cardCase(t.cardbox);
    const officer = await loginAs(t, 'staff', { name: '박사서', department: 'library', phone: '258-2533' });
    const go = (path: string, form?: Record<string, string | string[]>) => {
      if (!form) return asStaff(t, officer.cookie, path);
      const body = new URLSearchParams();
      for (const [k, v] of Object.entries(form)) for (const one of [v].flat()) body.append(k, one);
      return asStaff(t, officer.cookie, path, { method: 'POST', body });
    };

    const page = await (await go(`/staff/cases/${record.id}`)).text();
    expect(page).toContain(`/staff/cases/${record.id}/crop/message`);
    expect(page).toContain('판독 신뢰도 42% · 확인 필요');
    expect(page).toContain('판독 불확실');
    expect(page).not.toContain('visitor@example.test');
    const crop = await go(`/staff/cases/${record.id}/crop/message`);
    expect(crop.headers.get('content-type')).toBe('image/png');
    expect((await sharp(Buffer.from(await crop.arrayBuffer())).metadata()).width).toBe(500);
    expect((await go(`/staff/cases/${record.id}/crop/nope`)).status).toBe(404);

    expect(
      (
        await go(`/staff/cases/${record.id}/review`, {
          'field.message': '열람실 의자가 삐걱거려요',
          'field.phone': '010-2222-3333',
          check: ['area.general', 'satisfaction.4', 'reply.wanted', 'consent.privacy'],
          // The box the reader left undecided, decided by staff from the card.
          'decide.area.children': 'no',
        })
      ).status,
    ).toBe(303);
    const reviewed = t.cardbox.store.cases.data.cases[0]!;
    expect(reviewed.message).toBe('열람실 의자가 삐걱거려요');
    expect(reviewed.reading?.fields.message?.confirmed).toBe(true);
    expect(reviewed.reading?.checks['area.children']).toBe(false);

    expect((await go(`/staff/cases/${record.id}/classify`, { classification: 'suggestion' })).status).toBe(
      303,
    );
    const refused = await go(`/staff/cases/${record.id}/notice`, { result: '의자를 고쳤습니다.' });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('담당자를 지정');
    expect(
      (await go(`/staff/cases/${record.id}/assign`, { department: 'library', officerId: officer.user.id }))
        .status,
    ).toBe(303);
    expect(
      (
        await go(`/staff/cases/${record.id}/notice`, {
          result: '삐걱거리던 열람실 의자 12개를 모두 수리했습니다.',
        })
      ).status,
    ).toBe(303);
    await processOutbox(t.cardbox);
    await processOutbox(t.cardbox);

    const published = t.cardbox.store.cases.data.cases[0]!;
    expect(published.status).toBe('answered');
    expect(published.notice).toMatchObject({
      officer: '박사서',
      department: '문헌정보과',
      phone: '258-2533',
    });
    for (const part of [
      '교육문화관',
      '12개를 모두 수리',
      '접수일: 2026-09-22',
      '처리일: 2026-09-22',
      '문헌정보과',
      '박사서',
      '258-2533',
    ]) {
      expect(published.notice!.text).toContain(part);
    }

    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0]!;
    expect(mail.to && 'text' in mail.to ? mail.to.text : '').toBe('visitor@example.test');
    expect(mail.from?.text).toContain('cards@library.test');
    expect(mail.subject).toBe('[교육문화관] 의견 처리 결과 안내');
    expect(mail.text).toContain('12개를 모두 수리');
    expect(mail.text).toContain(`http://cards.test/c/${record.serial}`);
    expect(mail.messageId).toMatch(/@cardbox>$/);

    expect(sms.received).toHaveLength(1);
    const payload = sms.received[0]!.body as Record<string, unknown>;
    expect(payload).toMatchObject({ to: '010-2222-3333', serial: record.serial, kind: 'notice' });
    expect(String(payload.text)).toContain('박사서');
    expect(sms.received[0]!.headers['idempotency-key']).toBe(payload.id);

    // The visitor's status page shows the notice; it never shows contact details.
    const status = await (await t.app.request(`/c/${record.serial}`)).text();
    expect(status).toContain('12개를 모두 수리');
    expect(status).not.toContain('010-2222-3333');

    const letter = await go(`/staff/cases/${record.id}/letter.pdf`);
    expect(letter.headers.get('content-type')).toBe('application/pdf');
    const dir = mkdtempSync(join(tmpdir(), 'letter-'));
    writeFileSync(join(dir, 'letter.pdf'), Buffer.from(await letter.arrayBuffer()));
    const letterText = execFileSync('pdftotext', [join(dir, 'letter.pdf'), '-'], { encoding: 'utf8' });
    expect(letterText).toContain('박사서');
    expect(letterText).toContain('의견 처리 결과 통지');

    expect(
      (await go(`/staff/cases/${record.id}/calls`, { outcome: 'reached', note: '결과 설명함' })).status,
    ).toBe(303);
    expect(t.cardbox.store.cases.data.cases[0]!.calls).toEqual([
      expect.objectContaining({ by: officer.user.username, outcome: 'reached', note: '결과 설명함' }),
    ]);

    const actions = t.cardbox.store.audit.data.entries.map((e) => e.action);
    expect(actions).toContain('notice.published');
    expect(actions.filter((a) => a === 'notice.sent').length).toBeGreaterThanOrEqual(2);
    const onDisk = JSON.stringify([
      t.cardbox.store.cases.data,
      t.cardbox.store.outbox.data,
      t.cardbox.store.audit.data,
    ]);
    expect(onDisk).not.toContain('visitor@example.test');
    expect(onDisk).not.toContain('010-2222-3333"');
  });
});
