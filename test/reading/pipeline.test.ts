import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { cardLayout } from '../../src/profile/card-layout.ts';
import { defaultProfile } from '../../src/profile/defaults.ts';
import { closeOcr } from '../../src/reading/ocr.ts';
import { readPhoto } from '../../src/reading/pipeline.ts';
import { Random } from '../synth/random.ts';
import { makeScene } from '../synth/scene.ts';
import { emptyScores, scorePhoto, summary } from '../synth/score.ts';

/** Real synthetic photos (seeded) through the real pipeline; floors below the benchmark's targets. */
const layout = cardLayout(defaultProfile);
const context = { layout, profile: defaultProfile };

afterAll(async () => {
  await closeOcr();
});

describe('readPhoto on synthetic tabletop photos', () => {
  it('finds every card, never a wrong serial, and reads boxes, message and phone', async () => {
    const scores = emptyScores();
    for (const seed of [11, 12]) {
      const scene = await makeScene(layout, defaultProfile, new Random(seed), {
        width: 3000,
        height: 2250,
        cards: 5,
        looseStubs: 1,
        tornStubs: 0.4,
      });
      const reading = await readPhoto(context, scene.jpeg);
      expect(reading.width).toBe(3000);
      scorePhoto(scene.cards, reading, scores);
      // A torn-off stub lying alone is not a card.
      expect(reading.cards.length).toBeLessThanOrEqual(scene.cards.length);
    }
    const s = summary(scores);
    expect(s.wrongSerials).toBe(0);
    expect(s.recall).toBe(1);
    expect(s.checkboxAccuracy).toBeGreaterThanOrEqual(0.98);
    expect(s.checkboxWrongUnflagged).toBeLessThanOrEqual(0.01);
    expect(s.messageCer).toBeLessThanOrEqual(0.05);
    expect(s.phoneExact).toBeGreaterThanOrEqual(0.5);
    expect(s.cornerMedianPx).toBeLessThanOrEqual(3);
  });

  it('tells ticks, crosses and fills from a box scribbled over, and flags two marks in one single-choice group', async () => {
    const scene = await makeScene(layout, defaultProfile, new Random(5), {
      width: 2000,
      height: 1500,
      cards: 1,
      tornStubs: 0,
      colouredStock: 0,
      fill: {
        marks: {
          'area.general': 'fill',
          'area.children': 'scribble',
          'area.digital': 'cross',
          'satisfaction.2': 'tick',
          'satisfaction.4': 'tick-long',
          'reply.wanted': 'tick',
        },
      },
    });
    const reading = await readPhoto(context, scene.jpeg);
    expect(reading.cards).toHaveLength(1);
    const card = reading.cards[0]!;
    expect(card.serial).toBe(scene.cards[0]!.serial);
    expect(card.checks['area.general']).toBe(true);
    expect(card.checks['area.children']).toBe(false);
    expect(card.checks['area.digital']).toBe(true);
    expect(card.checks['area.lifelong']).toBe(false);
    expect(card.checks['satisfaction.2']).toBe(true);
    expect(card.checks['satisfaction.4']).toBe(true);
    expect(card.checks['consent.privacy']).toBe(false);
    expect(card.needsReview).toContain('satisfaction-multiple');
    for (const id of layout.checkboxes.map((b) => b.id)) expect(card.checkConfidence[id]).toBeGreaterThan(0);
    expect(card.stub).toBe(true);
    expect(card.fields.message.crop.byteLength).toBeGreaterThan(100);
  });

  it('flags a card printed on the other type’s coloured stock', async () => {
    // Seeds are searched once for a scene whose card sits on the wrong colour, so the test stays deterministic.
    let found = false;
    for (let seed = 1; seed < 60 && !found; seed++) {
      const random = new Random(seed);
      const scene = await makeScene(layout, defaultProfile, random, {
        width: 1600,
        height: 1200,
        cards: 1,
        colouredStock: 1,
        blur: [0.3, 0.5],
      });
      const card = scene.cards[0]!;
      if (card.paper === card.type) continue;
      found = true;
      const reading = await readPhoto(context, scene.jpeg);
      expect(reading.cards[0]?.needsReview).toContain('paper-colour-mismatch');
    }
    expect(found).toBe(true);
  });

  it('finds cards whose code cannot be read by their corner marks, as unidentified with a crop', async () => {
    const scene = await makeScene(layout, defaultProfile, new Random(77), {
      width: 2400,
      height: 1800,
      cards: 3,
      blottedQr: 0.5,
      tornStubs: 1,
    });
    const blotted = scene.cards.filter((c) => c.qrBlotted);
    expect(blotted.length).toBeGreaterThan(0);
    const reading = await readPhoto(context, scene.jpeg);
    expect(reading.cards.map((c) => c.serial).sort()).toEqual(
      scene.cards
        .filter((c) => !c.qrBlotted)
        .map((c) => c.serial)
        .sort(),
    );
    expect(reading.unidentified).toHaveLength(blotted.length);
    for (const found of reading.unidentified) {
      expect(found.image.byteLength).toBeGreaterThan(1000);
      const truth = blotted.find(
        (b) =>
          Math.hypot(b.corners[0]![0] - found.corners[0]![0], b.corners[0]![1] - found.corners[0]![1]) < 8,
      );
      expect(truth).toBeDefined();
    }
  });

  it('honours EXIF orientation (corners are in upright pixels) and reads WebP and PNG', async () => {
    const scene = await makeScene(layout, defaultProfile, new Random(88), {
      width: 1800,
      height: 1350,
      cards: 2,
    });
    // Stored turned a quarter, with EXIF orientation 6 telling viewers to turn it back, as phones do.
    const sideways = await sharp(scene.jpeg)
      .rotate(-90)
      .withMetadata({ orientation: 6 })
      .jpeg({ quality: 92 })
      .toBuffer();
    expect((await sharp(sideways).metadata()).orientation).toBe(6);
    for (const bytes of [
      sideways,
      await sharp(scene.jpeg).webp({ quality: 90 }).toBuffer(),
      await sharp(scene.jpeg).png().toBuffer(),
    ]) {
      const reading = await readPhoto(context, bytes);
      expect([reading.width, reading.height]).toEqual([1800, 1350]);
      expect(reading.cards.map((c) => c.serial).sort()).toEqual(scene.cards.map((c) => c.serial).sort());
      for (const card of reading.cards) {
        const truth = scene.cards.find((c) => c.serial === card.serial)!;
        expect(
          Math.hypot(card.corners[0]![0] - truth.corners[0]![0], card.corners[0]![1] - truth.corners[0]![1]),
        ).toBeLessThan(4);
      }
    }
  });
});
