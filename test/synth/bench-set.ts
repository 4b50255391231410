import type { Layout } from '../../src/profile/card-layout.ts';
import type { Profile } from '../../src/profile/schema.ts';
import { Random } from './random.ts';
import { makeScene, type Scene } from './scene.ts';
import { seededSerial } from './serials.ts';

export const BENCH_SEED = 20261122;
const PER_PHOTO = [9, 8, 8, 9, 8, 8, 9, 8, 8, 9, 8, 8];

/**
 * The ingest benchmark's photos: 12-megapixel tabletop scenes of 8–9 cards, tilted up to about 35°, every
 * third with a loose stub. Photo i is the same whatever the count asked for, so a test can take the first few;
 * another seed gives another set of the same kind, `cardsPerPhoto` a fuller table, `tilt` a gentler angle.
 */
export async function* benchScenes(
  layout: Layout,
  profile: Profile,
  photos: number,
  {
    seed = BENCH_SEED,
    cardsPerPhoto,
    tilt = 0.5,
  }: { seed?: number; cardsPerPhoto?: number; tilt?: number } = {},
): AsyncGenerator<Scene> {
  const random = new Random(seed);
  for (let i = 0; i < photos; i++) {
    const count = cardsPerPhoto ?? PER_PHOTO[i % PER_PHOTO.length]!;
    const serials = Array.from({ length: count }, () => {
      const type = random.chance(0.5) ? ('green' as const) : ('yellow' as const);
      return { serial: seededSerial(random, type), type };
    });
    yield await makeScene(layout, profile, random, {
      width: 4000,
      height: 3000,
      cards: count,
      looseStubs: i % 3 === 0 ? 1 : 0,
      tilt,
      serials,
    });
  }
}
