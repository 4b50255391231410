import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { readingContext } from '../../src/jobs/digitize.ts';
import { closeOcr } from '../../src/reading/ocr.ts';
import { readPhoto } from '../../src/reading/pipeline.ts';
import { tempCardbox } from '../helpers/cardbox.ts';
import { benchScenes } from '../synth/bench-set.ts';
import type { Scene } from '../synth/scene.ts';
import { emptyScores, scorePhoto, summary } from '../synth/score.ts';

afterAll(closeOcr);

describe('a steep 12-megapixel photo of twenty cards', () => {
  it('finds every card, the farthest by their shape and marks, reads their codes from the module grid and their boxes', async () => {
    // The fourth photo of the benchmark's held-out set at about 20°: its far cards' codes are too small for
    // zxing to find, and three of them were once lost or left unidentified; then two were identified only by
    // their printed serial, and two more had their boxes left to staff (outline a centimetre off, marks not
    // found from it).
    const t = await tempCardbox();
    onTestFinished(() => t.cleanup());
    let scene: Scene | undefined;
    for await (const s of benchScenes(t.cardbox.layout, t.cardbox.profile, 4, {
      seed: 303,
      cardsPerPhoto: 20,
      tilt: 0.3,
    }))
      scene = s;
    await t.cardbox.store.registry.update((d) => {
      for (const c of scene!.cards)
        d.serials.push({ serial: c.serial, type: c.type, batch: 'test', issuedAt: '', origin: 'print' });
    });
    const reading = await readPhoto(await readingContext(t.cardbox), scene!.jpeg);
    const scores = emptyScores();
    scorePhoto(scene!.cards, reading, scores);
    const s = summary(scores);
    expect(s.recall).toBe(1);
    expect(s.wrongSerials).toBe(0);
    for (const card of reading.cards) {
      expect(card.needsReview).not.toContain('serial-from-print');
      expect(card.needsReview).not.toContain('corners-coarse');
    }
    expect(s.checkboxWrongUnflagged).toBe(0);
    // 4 of 300 boxes left to staff on the layout of four message lines, 6 (2.0%) since the card's blocks moved
    // for five (issue 16); the benchmark's far sets read their boxes as well as before, so this is the bound.
    expect(s.checkboxUndecided).toBeLessThanOrEqual(0.025);
    // The far cards' handwriting is too small for a good draft: those are flagged (a closer photo replaces
    // the reading), the near ones are not.
    let flagged = 0;
    for (const card of reading.cards) {
      const truth = scene!.cards.find((c) => c.serial === card.serial)!;
      if (!truth.message.join('')) continue;
      const [a, b] = truth.corners;
      const across = Math.hypot(b![0] - a![0], b![1] - a![1]) / t.cardbox.layout.card.width;
      if (card.needsReview.includes('small-in-photo')) {
        flagged++;
        expect(across).toBeLessThan(4.5);
      } else expect(across).toBeGreaterThan(2.5);
    }
    expect(flagged).toBeGreaterThan(0);
  }, 180_000); // ~25 s alone; past a minute beside the browser stories on two shared cores
});
