import { writeFile } from 'node:fs/promises';
import sharp from 'sharp';
import { cardLayout } from '../../src/profile/card-layout.ts';
import { defaultProfile } from '../../src/profile/defaults.ts';
import { type GreyImage, homography, type Point } from '../../src/reading/homography.ts';
import { boxMeasures } from '../../src/reading/marks.ts';
import { readPhoto } from '../../src/reading/pipeline.ts';
import { blankTemplate } from '../../src/reading/template.ts';
import { benchScenes } from '../synth/bench-set.ts';
import { uprightCard } from './mark-cards.ts';

/**
 * Boxes as whole tabletop photos show them, for the box model's training (fit-net.ts): photos of the main
 * benchmark's kind (12 MP, 8–9 cards, tilted up to about 35°, the benchmark's five mark styles) on a seed of
 * their own (SCENE_TRAIN_SEED, neither the benchmark's nor any other set's), each card found by `readPhoto`
 * (fields not read) and warped upright from the corners of its fitted pose, as the pipeline does. Far cards of
 * a steep photo are seen at a low and uneven resolution, and a fitted pose is off by more at places than the
 * flat cards of mark-cards.ts are: an empty box then shows a little of its outline inside.
 *
 *   npx tsx test/mark-training/dump-scenes.ts PHOTOS /tmp/marks-scenes.jsonl
 */
export const SCENE_TRAIN_SEED = Number(process.env.SCENE_SEED ?? 19_201);
const layout = cardLayout(defaultProfile);
const photos = Number(process.argv[2] ?? 40);
const noFields = async () => ({
  message: { text: '', confidence: 1, crop: new Uint8Array() },
  phone: { text: '', confidence: 1, crop: new Uint8Array() },
  email: { text: '', confidence: 1, crop: new Uint8Array() },
});
const out: string[] = [];
const r3 = (v: number) => Math.round(v * 1000) / 1000;
for await (const scene of benchScenes(layout, defaultProfile, photos, { seed: SCENE_TRAIN_SEED })) {
  const grey = await sharp(scene.jpeg).greyscale().raw().toBuffer({ resolveWithObject: true });
  const photo: GreyImage = {
    data: new Uint8Array(grey.data.buffer, grey.data.byteOffset, grey.data.length),
    width: grey.info.width,
    height: grey.info.height,
  };
  const reading = await readPhoto(
    { layout, profile: defaultProfile, readFields: noFields as never },
    scene.jpeg,
  );
  for (const card of scene.cards) {
    const read = reading.cards.find((c) => c.serial === card.serial);
    if (!read) continue;
    const bottom = read.stub ? layout.card.height : layout.stub.perforationY;
    const cornersMm: Point[] = [
      [0, 0],
      [layout.card.width, 0],
      [layout.card.width, bottom],
      [0, bottom],
    ];
    const corners = read.corners;
    const mmToPhoto = homography(cornersMm, corners);
    const upright = uprightCard(photo, mmToPhoto, layout);
    const template = await blankTemplate(layout, defaultProfile, card.type);
    // The card's scale in the photo: px per mm along its top edge.
    const [a, b] = [corners[0]!, corners[1]!];
    const scale = Math.hypot(b[0] - a[0], b[1] - a[1]) / layout.card.width;
    for (const box of layout.checkboxes) {
      const { features, patch } = boxMeasures(upright, template, box);
      out.push(
        JSON.stringify({
          recipe: 'train',
          seed: SCENE_TRAIN_SEED,
          style: card.marks[box.id] ?? 'empty',
          ticked: card.checks[box.id] === true,
          scale: r3(scale),
          blur: 0,
          features,
          patch: Array.from(patch, r3),
        }),
      );
    }
  }
}
await writeFile(process.argv[3] ?? '/tmp/marks-scenes.jsonl', `${out.join('\n')}\n`);
console.log(`${out.length} boxes`);
