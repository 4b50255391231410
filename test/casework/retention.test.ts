import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assignCase } from '../../src/cases/assign.ts';
import { receiveCase } from '../../src/cases/intake.ts';
import { publishNotice } from '../../src/cases/notice.ts';
import { runSweep } from '../../src/cases/sweep.ts';
import { useTransports } from '../../src/delivery/transports.ts';
import type { CardReading, PhotoRecord } from '../../src/store/records.ts';
import { type TestCardbox, tempCardbox } from '../helpers/cardbox.ts';

const DAY = 86_400_000;
let clock = Date.parse('2026-03-02T01:00:00Z');
let t: TestCardbox;
beforeEach(async () => {
  clock = Date.parse('2026-03-02T01:00:00Z');
  t = await tempCardbox({ now: () => new Date(clock) });
  useTransports(t.cardbox, { email: async () => {}, sms: async () => {} });
});
afterEach(() => t.cleanup());

/** A card case as the digitize pipeline leaves it: card image, field crops, and the photo it came from. */
async function cardCase(serial: string, photoId: string) {
  const files = t.cardbox.store.files;
  for (const path of [
    `cards/${serial}.jpg`,
    `crops/${serial}-phone.png`,
    `crops/${serial}-email.png`,
    `crops/${serial}-message.png`,
  ]) {
    await files.put(path, 'image bytes');
  }
  const reading: CardReading = {
    photoIds: [photoId],
    image: `cards/${serial}.jpg`,
    checks: { 'consent.privacy': true },
    fields: {
      message: { text: '책이 좋아요', confidence: 0.9, crop: `crops/${serial}-message.png` },
      phone: { text: '01012345678', confidence: 0.9, crop: `crops/${serial}-phone.png` },
      email: { text: 'a@b.kr', confidence: 0.5, crop: `crops/${serial}-email.png` },
    },
    needsReview: [],
    score: 1,
  };
  const { record } = await receiveCase(t.cardbox, {
    serial,
    type: 'green',
    channel: 'cardbox',
    areas: [],
    satisfaction: 5,
    message: '',
    replyWanted: false,
    consent: true,
    reading,
  });
  return record;
}

async function answer(id: string) {
  await assignCase(t.cardbox, id, 'tester', { department: 'admin', name: '한담당', phone: '258-2518' });
  await publishNotice(t.cardbox, id, 'tester', '고쳤습니다.');
}

describe('retention of images', () => {
  it('deletes the card image, the contact crops and finally the box photo once every card on it has expired', async () => {
    const photo: PhotoRecord = {
      id: 'p1',
      file: 'box.jpg',
      path: 'photos/p1.jpg',
      preview: 'previews/p1.jpg',
      batch: 'b',
      uploadedAt: new Date(clock).toISOString(),
      status: 'done',
      cards: [],
    };
    await t.cardbox.store.files.put(photo.path, 'photo');
    await t.cardbox.store.files.put(photo.preview!, 'preview');
    const first = await cardCase('GAAAAAAAA0', 'p1');
    const second = await cardCase('GBBBBBBBB0', 'p1');
    photo.cards = [first, second].map((c) => ({
      serial: c.serial!,
      type: 'green',
      caseId: c.id,
      checks: {},
      fields: { phone: { text: '01012345678', confidence: 0.9 } },
      needsReview: [],
      corners: [],
    }));
    await t.cardbox.store.digitize.update((d) => d.photos.push(photo));

    await answer(first.id);
    clock += 30 * DAY;
    await answer(second.id);
    clock += 350 * DAY; // the first case is past its year (380 days), the second not yet (350)
    await runSweep(t.cardbox);
    const files = t.cardbox.store.files;
    expect(await files.exists('cards/GAAAAAAAA0.jpg')).toBe(false);
    expect(await files.exists('crops/GAAAAAAAA0-phone.png')).toBe(false);
    expect(await files.exists('crops/GAAAAAAAA0-email.png')).toBe(false);
    expect(await files.exists('crops/GAAAAAAAA0-message.png')).toBe(true);
    expect(await files.exists('cards/GBBBBBBBB0.jpg')).toBe(true);
    expect(await files.exists('photos/p1.jpg')).toBe(true);
    const kept = t.cardbox.store.cases.data.cases.find((c) => c.id === first.id)!;
    expect(kept.reading?.fields.phone).toEqual({ text: '', confidence: 0.9 });
    expect(kept.reading?.fields.message?.text).toBe('책이 좋아요');
    expect(t.cardbox.store.digitize.data.photos[0]!.cards![0]!.fields.phone!.text).toBe('');

    clock += 30 * DAY;
    await runSweep(t.cardbox);
    expect(await files.exists('cards/GBBBBBBBB0.jpg')).toBe(false);
    expect(await files.exists('photos/p1.jpg')).toBe(false);
    expect(await files.exists('previews/p1.jpg')).toBe(false);
    expect(t.cardbox.store.digitize.data.photos[0]!.purgedAt).toBeDefined();
  });

  it('keeps everything of a case still open', async () => {
    const open = await cardCase('GCCCCCCCC0', 'p2');
    clock += 800 * DAY;
    await runSweep(t.cardbox);
    expect(await t.cardbox.store.files.exists('cards/GCCCCCCCC0.jpg')).toBe(true);
    expect(t.cardbox.store.cases.data.cases.find((c) => c.id === open.id)!.filesPurgedAt).toBeUndefined();
  });
});
