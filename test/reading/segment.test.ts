import { afterAll, describe, expect, it } from 'vitest';
import { cardLayout } from '../../src/profile/card-layout.ts';
import { defaultProfile } from '../../src/profile/defaults.ts';
import { cleanCrop, emailRect, messageLineRects, readFields } from '../../src/reading/fields.ts';
import { closeOcr } from '../../src/reading/ocr.ts';
import { readPhoto } from '../../src/reading/pipeline.ts';
import { segmentField } from '../../src/reading/segment.ts';
import { Random } from '../synth/random.ts';
import { makeScene } from '../synth/scene.ts';
import { editDistance } from '../synth/score.ts';

/**
 * Every field cut to its own band, the neighbour's ink rubbed out, and "nothing here" decided against the blank
 * card at the photo's own noise instead of a fixed ink share (issue 19).
 */
const layout = cardLayout(defaultProfile);
const message = layout.fields.find((f) => f.id === 'message')!;
const email = layout.fields.find((f) => f.id === 'email')!;

afterAll(async () => {
  await closeOcr();
});

describe('field bands', () => {
  it('cuts each message line and the e-mail line inside their own bands', () => {
    if (message.kind !== 'text' || email.kind !== 'text') throw new Error('layout');
    const rects = messageLineRects(message);
    const pitch = message.h / message.lines;
    rects.forEach((r, i) => {
      expect(r.y).toBeGreaterThanOrEqual(message.y + i * pitch - 0.31);
      expect(r.y + r.h).toBeLessThanOrEqual(message.y + (i + 1) * pitch + 0.31);
    });
    const phone = layout.fields.find((f) => f.kind === 'digits');
    if (phone?.kind !== 'digits') throw new Error('layout');
    const e = emailRect(email, layout);
    expect(e.y).toBeGreaterThanOrEqual(Math.max(...phone.boxes.map((b) => b.y + b.h)));
    const consent = layout.checkboxes.find((b) => b.id === 'consent.privacy')!;
    expect(e.y + e.h).toBeLessThan(consent.y);
  });

  it('finds a blank card blank in every band, at its own noise', async () => {
    const scene = await makeScene(layout, defaultProfile, new Random(1907), {
      width: 2400,
      height: 1800,
      cards: 3,
      tilt: 0.3,
      fill: { noMessage: true, marks: {} },
    });
    let cards = 0;
    await readPhoto(
      {
        layout,
        profile: defaultProfile,
        readFields: async (card, template) => {
          cards++;
          if (message.kind !== 'text' || email.kind !== 'text') throw new Error('layout');
          for (const r of [...messageLineRects(message), emailRect(email, layout)])
            expect(segmentField(cleanCrop(card, template, r).image).blank).toBe(true);
          const none = { text: '', confidence: 0, crop: Buffer.alloc(0) };
          return { message: none, phone: none, email: none };
        },
      },
      scene.jpeg,
    );
    expect(cards).toBe(3);
    expect(scene.cards.every((c) => !c.email && !c.phone)).toBe(true);
  });
});

describe('faint writing', () => {
  it('reads a short line in a light pen that the old 0.4% ink bar skipped', async () => {
    const scene = await makeScene(layout, defaultProfile, new Random(1908), {
      width: 2400,
      height: 1800,
      cards: 2,
      tilt: 0.2,
      fill: { font: 'pen', sentences: ['좋아요'], messageLines: 1, messageInk: '#9a9fb8' },
    });
    const oldShares: number[] = [];
    const reading = await readPhoto(
      {
        layout,
        profile: defaultProfile,
        readFields: (card, template, l, options) => {
          // The old bar: under 0.4% of the old line crop's pixels darker than 150 was "nothing here".
          if (message.kind !== 'text') throw new Error('layout');
          const pitch = message.h / message.lines;
          const old = { x: message.x - 1, y: message.y - 0.3, w: message.w + 2, h: pitch + 1.2 };
          oldShares.push(cleanCrop(card, template, old).ink);
          return readFields(card, template, l, options);
        },
      },
      scene.jpeg,
    );
    expect(reading.cards).toHaveLength(2);
    expect(oldShares.every((share) => share < 0.004)).toBe(true);
    for (const card of reading.cards) {
      const truth = scene.cards.find((c) => c.serial === card.serial)!;
      expect(truth.message).toEqual(['좋아요']);
      expect(editDistance(card.fields.message.text.replace(/\s+/g, ''), '좋아요')).toBeLessThanOrEqual(1);
    }
  });
});
