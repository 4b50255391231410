import { afterEach, describe, expect, it } from 'vitest';
import { mergeReading } from '../../src/cases/reading.ts';
import type { CardReading } from '../../src/store/records.ts';
import { type TestCardbox, tempCardbox } from '../helpers/cardbox.ts';
import { receiveTestCase } from '../helpers/cases.ts';

const reading = (photo: string, score: number): CardReading => ({
  photoIds: [photo],
  checks: {},
  fields: {},
  needsReview: [],
  score,
  digitizedAt: '2026-05-04T01:00:00.000Z',
});

const fields = (message: string) => ({
  areas: [],
  satisfaction: null,
  message,
  replyWanted: false,
  consent: false,
  contact: null,
});

/**
 * A second photo of a card merged into its case: kept on whichever store holds the records (on PostgreSQL the
 * merge once changed a copy read before the update, and the change was lost). The same photo again changes nothing.
 */
describe('a card photographed twice', () => {
  let t: TestCardbox;
  afterEach(() => t?.cleanup());

  it('keeps both photos, the better reading, and nothing twice when the same photo is read again', async () => {
    t = await tempCardbox();
    const { record } = await receiveTestCase(t, {
      serial: 'G-TWICE',
      type: 'green',
      channel: 'cardbox',
      message: '흐린 판독',
      reading: reading('p1', 0.5),
    });
    expect(await mergeReading(t.cardbox, record.id, reading('p2', 0.9), fields('선명한 판독'))).toEqual({
      changed: true,
      replaced: true,
    });
    const merged = (await t.cardbox.cases.get(record.id))!;
    expect(merged.reading?.photoIds).toEqual(['p1', 'p2']);
    expect(merged.message).toBe('선명한 판독');
    expect(await mergeReading(t.cardbox, record.id, reading('p2', 0.9), fields('선명한 판독'))).toEqual({
      changed: false,
      replaced: false,
    });
    const again = (await t.cardbox.cases.get(record.id))!;
    expect(again.reading?.photoIds).toEqual(['p1', 'p2']);
    expect(again.history).toHaveLength(merged.history!.length);
  });
});
