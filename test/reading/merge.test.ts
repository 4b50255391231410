import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiveCase } from '../../src/cases/intake.ts';
import { mergeReading, type ReadFields } from '../../src/cases/reading.ts';
import type { CardReading } from '../../src/store/records.ts';
import { type TestCardbox, tempCardbox } from '../helpers/cardbox.ts';
import { Random } from '../synth/random.ts';
import { seededSerial } from '../synth/serials.ts';

let t: TestCardbox;
beforeAll(async () => {
  t = await tempCardbox();
});
afterAll(async () => {
  await t.cleanup();
});

const reading = (photo: string, score: number, message: string): CardReading => ({
  photoIds: [photo],
  checks: { 'reply.wanted': true },
  fields: { message: { text: message, confidence: score } },
  needsReview: [],
  score,
});
const fields = (message: string): ReadFields => ({
  areas: [],
  satisfaction: null,
  message,
  replyWanted: true,
  consent: false,
  contact: { phone: '01012345678' },
});

/** A card-box case received with its first reading. */
async function received(serial: string, first: CardReading) {
  const message = first.fields.message?.text ?? '';
  const type = serial.startsWith('G') ? 'green' : 'yellow';
  return (
    await receiveCase(t.cardbox, { serial, type, channel: 'cardbox', ...fields(message), reading: first })
  ).record;
}

describe('mergeReading: the same card photographed again', () => {
  it('links every photo, keeps the better reading, and changes nothing for a photo already linked', async () => {
    const serial = seededSerial(new Random(3), 'green');
    const record = await received(serial, reading('photo-a', 0.5, '흐릿한 초안'));
    expect(
      await mergeReading(t.cardbox, record.id, reading('photo-b', 0.9, '또렷한 글씨'), fields('또렷한 글씨')),
    ).toEqual({
      changed: true,
      replaced: true,
    });
    expect(record.message).toBe('또렷한 글씨');
    expect(record.contact).toBeNull();
    expect(
      await mergeReading(t.cardbox, record.id, reading('photo-c', 0.3, '나쁜 판독'), fields('나쁜 판독')),
    ).toEqual({
      changed: true,
      replaced: false,
    });
    expect(record.message).toBe('또렷한 글씨');
    expect(record.reading?.photoIds).toEqual(['photo-a', 'photo-b', 'photo-c']);
    expect(
      await mergeReading(t.cardbox, record.id, reading('photo-b', 0.99, '다시'), fields('다시')),
    ).toEqual({
      changed: false,
      replaced: false,
    });
    const reopened = await t.restart();
    t = reopened;
    const stored = t.cardbox.store.cases.data.cases.find((c) => c.serial === serial)!;
    expect(stored.message).toBe('또렷한 글씨');
    expect(stored.reading?.photoIds).toHaveLength(3);
  });

  it('takes a reading of writing big enough in the photo over one too small, whatever their scores', async () => {
    const serial = seededSerial(new Random(4), 'yellow');
    const small = (photo: string, score: number, message: string) => ({
      ...reading(photo, score, message),
      needsReview: ['small-in-photo'],
    });
    const record = await received(serial, small('far-a', 0.85, '멀리서 찍은 초안'));
    await mergeReading(t.cardbox, record.id, small('far-b', 0.6, '더 멀리서'), fields('더 멀리서'));
    expect(record.message).toBe('멀리서 찍은 초안');
    await mergeReading(
      t.cardbox,
      record.id,
      reading('close', 0.7, '가까이서 찍은 글씨'),
      fields('가까이서 찍은 글씨'),
    );
    expect(record.message).toBe('가까이서 찍은 글씨');
    await mergeReading(t.cardbox, record.id, small('far-c', 0.99, '다시 멀리서'), fields('다시 멀리서'));
    expect(record.message).toBe('가까이서 찍은 글씨');
  });
});
