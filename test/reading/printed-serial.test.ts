import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closestIssuedSerial, issueSerials } from '../../src/cards/registry.ts';
import { newBatch, runPhoto, submitPhoto } from '../../src/jobs/digitize.ts';
import { closeOcr } from '../../src/reading/ocr.ts';
import { serialLine } from '../../src/reading/printed-serial.ts';
import { type TestCardbox, tempCardbox } from '../helpers/cardbox.ts';
import { Random } from '../synth/random.ts';
import { makeScene } from '../synth/scene.ts';

let t: TestCardbox;

beforeAll(async () => {
  t = await tempCardbox();
});

afterAll(async () => {
  await t.cleanup();
  await closeOcr();
});

const hyphenated = (s: string) => `${s[0]}-${s.slice(1, 5)}-${s.slice(5, 9)}-${s.slice(9)}`;

describe('a card identified by its printed serial', () => {
  it('matches a reading to the one issued serial it clearly stands for, and nothing less clear', async () => {
    const { serials } = await issueSerials(
      t.cardbox.registry,
      { type: 'green', count: 300, origin: 'print', createdBy: 'test', format: 'pdf' },
      new Date(),
    );
    const serial = serials[0]!;
    const store = [...(await t.cardbox.registry.issuedSerials())];
    expect(closestIssuedSerial(store, hyphenated(serial))).toBe(serial);
    // Two look-alikes (7/T, 0/D, 2/Z …) and a dropped character, as blurred print reads.
    const lookAlike: Record<string, string> = {
      '7': 'T',
      T: '7',
      '0': 'D',
      '2': 'Z',
      Z: '2',
      '5': 'S',
      '8': 'B',
    };
    const blurred = [...serial].map((c, i) => (i > 0 ? (lookAlike[c] ?? c) : c)).join('');
    expect(closestIssuedSerial(store, blurred.slice(0, 4) + blurred.slice(5))).toBe(serial);
    // Three real misreadings are too many; so is a fragment, or a serial that was never issued.
    // Letters the serial does not hold (and no look-alike folds to): no alignment can match one of them, so three of them are three edits
    // (a swapped 'K'/'M' pair once made "three" misreadings two edits when a serial held 'KM').
    const absent = [...'KMWXRNHPJCEF'].filter((c) => !serial.includes(c));
    const threeOff = serial.slice(0, 2) + absent.slice(0, 3).join('') + serial.slice(5);
    expect(closestIssuedSerial(store, threeOff)).toBeUndefined();
    expect(closestIssuedSerial(store, serial.slice(0, 6))).toBeUndefined();
    // Nor a long run of text that happens to contain it: no registry scan for what cannot be a serial.
    expect(closestIssuedSerial(store, `${serial}${'X'.repeat(5000)}`)).toBeUndefined();
    expect(closestIssuedSerial(store, 'Y-MMMM-MMMM-M')).toBeUndefined();
  });

  it('is left unidentified when two issued serials would fit the reading', async () => {
    const other = await tempCardbox();
    try {
      const serial = 'GHTGDT2JAB';
      const twin = 'GHTGDT2JBB';
      const batch = {
        id: 'b',
        type: 'green',
        count: 2,
        createdAt: '',
        createdBy: 'test',
        format: 'pdf',
      } as const;
      await other.cardbox.registry.issue(
        batch,
        [serial, twin].map(
          (s) => ({ serial: s, type: 'green', batch: 'b', issuedAt: '', origin: 'print' }) as const,
        ),
      );
      const issued = [...(await other.cardbox.registry.issuedSerials())];
      expect(closestIssuedSerial(issued, serial)).toBeUndefined();
      expect(closestIssuedSerial(issued, 'GHTGDT2JB')).toBeUndefined();
      expect(closestIssuedSerial(issued, 'GHTGDT2J')).toBeUndefined();
    } finally {
      await other.cleanup();
    }
  });

  it('finds no serial line in a blank window', () => {
    const blank = { data: new Uint8Array(500 * 100).fill(230), width: 500, height: 100 };
    expect(serialLine(blank)).toBeNull();
  });

  it('identifies a card whose code is smudged by its printed serial, flagged for staff', async () => {
    const cardbox = t.cardbox;
    const { serials } = await issueSerials(
      cardbox.registry,
      { type: 'yellow', count: 3, origin: 'print', createdBy: 'test', format: 'pdf' },
      new Date(),
    );
    const scene = await makeScene(cardbox.layout, cardbox.profile, new Random(77), {
      width: 2400,
      height: 1800,
      cards: 3,
      blottedQr: 0.5,
      tornStubs: 1,
      serials: serials.map((serial) => ({ serial, type: 'yellow' as const })),
    });
    const blotted = scene.cards.filter((c) => c.qrBlotted);
    expect(blotted.length).toBeGreaterThan(0);
    const batch = await newBatch(cardbox);
    const { photo } = await submitPhoto(cardbox, batch, 'smudged.jpg', scene.jpeg);
    const done = await runPhoto(cardbox, photo.id);
    expect(done.unidentified ?? []).toHaveLength(0);
    for (const card of blotted) {
      const stored = cardbox.store.cases.data.cases.find((c) => c.serial === card.serial);
      expect(stored?.reading?.needsReview).toContain('serial-from-print');
      expect(stored?.reading?.needsReview).not.toContain('serial-not-registered');
    }
    for (const card of scene.cards.filter((c) => !c.qrBlotted)) {
      const stored = cardbox.store.cases.data.cases.find((c) => c.serial === card.serial);
      expect(stored?.reading?.needsReview).not.toContain('serial-from-print');
    }
  });
});
