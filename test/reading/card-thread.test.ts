import { describe, expect, it } from 'vitest';
import { cardLayout } from '../../src/profile/card-layout.ts';
import { defaultProfile } from '../../src/profile/defaults.ts';
import { cardThread, sharedGrey, uprightCards } from '../../src/reading/card-thread.ts';
import { findCodes } from '../../src/reading/codes.ts';
import { locateCards } from '../../src/reading/locate.ts';
import { decodePhoto } from '../../src/reading/photo.ts';
import { readPhoto } from '../../src/reading/pipeline.ts';
import { blankTemplate } from '../../src/reading/template.ts';
import { Random } from '../synth/random.ts';
import { makeScene } from '../synth/scene.ts';

/**
 * The cards of a photo are made upright and their checkboxes read on two threads (`card-thread.ts`): the
 * reading must be the same as on one, and a helper thread that dies must cost nothing but time.
 */
const layout = cardLayout(defaultProfile);
const noFields = async () => {
  const none = { text: '', confidence: 0, crop: Buffer.alloc(0) };
  return { message: none, phone: none, email: none };
};

async function photoOfFourCards() {
  const scene = await makeScene(layout, defaultProfile, new Random(21), {
    width: 3000,
    height: 2250,
    cards: 4,
  });
  const photo = await decodePhoto(scene.jpeg);
  const templates = {
    green: await blankTemplate(layout, defaultProfile, 'green'),
    yellow: await blankTemplate(layout, defaultProfile, 'yellow'),
  };
  const poses = locateCards(photo.grey, layout, await findCodes(photo.grey), templates);
  expect(poses.length).toBe(4);
  const jobs = poses.map((p) => ({ mmToPhoto: p.mmToPhoto, template: templates.green }));
  return { scene, photo, jobs };
}

async function helperReady() {
  cardThread.warm();
  for (let k = 0; k < 200 && !cardThread.ready; k++) await new Promise((r) => setTimeout(r, 50));
  expect(cardThread.ready).toBe(true);
}

describe('cards made upright on two threads', () => {
  it('gives the same cards and checkboxes as one thread, half of them from the helper', async () => {
    const { scene } = await photoOfFourCards();
    const context = { layout, profile: defaultProfile, readFields: noFields };
    const one = await readPhoto({ ...context, threads: 1 }, scene.jpeg);
    await helperReady();
    const before = cardThread.cardsRead;
    const two = await readPhoto(context, scene.jpeg);
    expect(cardThread.cardsRead - before).toBe(2);
    expect(two.cards.map((c) => c.serial)).toEqual(one.cards.map((c) => c.serial));
    two.cards.forEach((card, k) => {
      expect(card.checks).toEqual(one.cards[k]!.checks);
      expect(card.checkConfidence).toEqual(one.cards[k]!.checkConfidence);
      expect(Buffer.compare(card.image, one.cards[k]!.image)).toBe(0);
    });
  }, 120_000);

  it('fails the helper’s cards when it dies mid-photo, and this thread does them', async () => {
    const { photo, jobs } = await photoOfFourCards();
    const alone = await uprightCards(photo.grey, jobs, layout, 1);
    await helperReady();
    // The helper dies with a request in hand: the request fails (it does not hang)...
    const asked = cardThread.read(sharedGrey(photo.grey), jobs.slice(2), layout);
    await cardThread.stop();
    await expect(asked).rejects.toThrow(/card thread/);
    expect(cardThread.ready).toBe(false);
    // ...and the photo's cards are all made here, the same as ever.
    const before = cardThread.cardsRead;
    const cards = await uprightCards(photo.grey, jobs, layout);
    expect(cardThread.cardsRead).toBe(before);
    cards.forEach((c, k) => {
      expect(Buffer.compare(Buffer.from(c.card.data), Buffer.from(alone[k]!.card.data))).toBe(0);
      expect(c.boxes).toEqual(alone[k]!.boxes);
    });
    // The next photo starts a new helper, which is used again.
    await helperReady();
    await uprightCards(photo.grey, jobs, layout);
    expect(cardThread.cardsRead).toBe(before + 2);
  }, 120_000);
});
