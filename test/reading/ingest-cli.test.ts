import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPhoto, PhotoError } from '../../src/reading/photo.ts';
import { type TestCardbox, tempCardbox } from '../helpers/cardbox.ts';
import { runCli } from '../helpers/cli.ts';
import { Random } from '../synth/random.ts';
import { makeScene, type Scene } from '../synth/scene.ts';
import { emptyTable, heicHeader, pngBomb, truncated } from './bad-files.ts';

let t: TestCardbox;
let dir: string;
let scene: Scene;

beforeAll(async () => {
  t = await tempCardbox();
  dir = await mkdtemp(join(tmpdir(), 'cardbox-ingest-'));
  scene = await makeScene(t.cardbox.layout, t.cardbox.profile, new Random(25), {
    width: 2400,
    height: 1800,
    cards: 3,
    looseStubs: 1,
  });
  // Two of the three serials are in the registry; the third must be flagged.
  await t.cardbox.store.registry.update((d) => {
    for (const card of scene.cards.slice(0, 2))
      d.serials.push({
        serial: card.serial,
        type: card.type,
        batch: 'test',
        issuedAt: '2026-01-01T00:00:00Z',
        origin: 'print',
      });
  });
});

afterAll(async () => {
  await t.cleanup();
  await rm(dir, { recursive: true, force: true });
});

const ingest = (files: string[]) => runCli(['ingest', ...files, '--json'], t.cardbox);

describe('photo checks', () => {
  it('gives a clear reason for each kind of bad file', async () => {
    const reasons = async (bytes: Buffer) => {
      try {
        await checkPhoto(bytes);
        return 'accepted';
      } catch (error) {
        expect(error).toBeInstanceOf(PhotoError);
        return (error as PhotoError).code;
      }
    };
    expect(await reasons(Buffer.alloc(0))).toBe('empty');
    expect(await reasons(Buffer.from('this is not a photo'))).toBe('not-an-image');
    expect(await reasons(pngBomb())).toBe('too-large');
    expect(await reasons(heicHeader())).toBe('heic');
    expect(await reasons(truncated(scene.jpeg))).toBe('damaged');
    expect(await reasons(scene.jpeg)).toBe('accepted');
  });
});

describe('cardbox ingest', () => {
  it('reads every card, stores cases, and reports bad files per file while the batch goes on', async () => {
    const files: Record<string, Buffer> = {
      'scene-01.jpg': scene.jpeg,
      'empty.jpg': Buffer.alloc(0),
      'notes.jpg': Buffer.from('shopping list'),
      'bomb.png': pngBomb(),
      'cut.jpg': truncated(scene.jpeg),
      'iphone.heic': heicHeader(),
      'table.jpg': await emptyTable(),
    };
    for (const [name, bytes] of Object.entries(files)) await writeFile(join(dir, name), bytes);
    const { code, out } = await ingest([
      ...Object.keys(files).map((f) => join(dir, f)),
      join(dir, 'missing.jpg'),
    ]);
    expect(code).toBe(1);
    const result = JSON.parse(out) as {
      photos: {
        file: string;
        cards: {
          serial: string;
          type: string;
          checks: Record<string, boolean | null>;
          fields: Record<string, { text: string; confidence: number }>;
          needsReview: string[];
          corners: number[][];
        }[];
        unidentified: { corners: number[][] }[];
        errors: string[];
      }[];
    };
    expect(result.photos.map((p) => p.file)).toEqual([...Object.keys(files), 'missing.jpg']);
    const [good, ...bad] = result.photos;
    expect(good!.errors).toEqual([]);
    expect(good!.cards.map((c) => c.serial).sort()).toEqual(scene.cards.map((c) => c.serial).sort());
    for (const card of good!.cards) {
      expect(Object.keys(card.checks).sort()).toEqual(t.cardbox.layout.checkboxes.map((b) => b.id).sort());
      expect(Object.keys(card.fields).sort()).toEqual(['email', 'message', 'phone']);
      expect(card.corners).toHaveLength(4);
      const truth = scene.cards.find((c) => c.serial === card.serial)!;
      expect(card.type).toBe(truth.type);
      expect(
        Math.hypot(card.corners[0]![0]! - truth.corners[0]![0], card.corners[0]![1]! - truth.corners[0]![1]),
      ).toBeLessThan(6);
      expect(card.needsReview.includes('serial-not-registered')).toBe(truth === scene.cards[2]);
    }
    // Phone drafts are sealed in the store but shown in the operator's own output.
    const written = good!.cards.filter((c) => scene.cards.find((t) => t.serial === c.serial)?.phone);
    expect(written.length).toBeGreaterThan(0);
    const fields = written.map((c) => (c.fields as Record<string, { text: string }>).phone!.text);
    expect(
      fields.some((text) => /^010\d{6,9}$/.test(text)),
      fields.join(','),
    ).toBe(true);
    for (const photo of bad) {
      expect(photo.cards).toEqual([]);
      expect(photo.errors).toHaveLength(1);
    }
    const errors = Object.fromEntries(bad.map((p) => [p.file, p.errors[0]!]));
    expect(errors['empty.jpg']).toMatch(/empty/);
    expect(errors['notes.jpg']).toMatch(/not an image/);
    expect(errors['bomb.png']).toMatch(/megapixels/);
    expect(errors['cut.jpg']).toMatch(/damaged or cut off/);
    expect(errors['iphone.heic']).toMatch(/HEIC/);
    expect(errors['table.jpg']).toMatch(/no card found/);
    expect(errors['missing.jpg']).toMatch(/no such file/);

    const cases = t.cardbox.store.cases.data.cases.filter((c) => c.channel === 'cardbox');
    expect(cases).toHaveLength(scene.cards.length);
    for (const c of cases) {
      expect(c.status).toBe('received');
      expect(c.reading?.digitizedAt).toBeTruthy();
      expect(c.reading?.fields.message?.crop).toMatch(/^crops\//);
      expect(await t.cardbox.store.files.exists(c.reading!.image!)).toBe(true);
    }

    // The same photo again changes nothing: same cases, nothing rewritten.
    const before = JSON.stringify(t.cardbox.store.cases.data);
    const again = await ingest([join(dir, 'scene-01.jpg')]);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out).photos[0].cards).toHaveLength(scene.cards.length);
    expect(JSON.stringify(t.cardbox.store.cases.data)).toBe(before);
  });
});
