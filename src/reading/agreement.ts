import type { Layout } from '../profile/card-layout.ts';
import { Correlation } from './correlation.ts';
import { canonicalToImage, type GreyImage, type Homography, warpGrey } from './homography.ts';
import { PX_PER_MM } from './template.ts';

/**
 * How well a pose lays the photo over the blank card: the normalised cross-correlation of the card body
 * (at 2 px/mm, stub left out) with the blank template, the worst of its four quarters. 1 is a perfect overlay;
 * right poses score about 0.45–0.75 on synthetic photos, a pose a few millimetres off at one corner below 0.2,
 * whatever the visitor wrote (the ink costs every pose alike).
 */
const K = 2;

/** The least agreement of a pose the template confirms (right poses 0.45–0.75, poses a few mm off ≤ 0.2). */
export const MIN_AGREEMENT = 0.35;

interface Reference {
  /** The template's body at K px/mm. */
  values: Float32Array;
  width: number;
  height: number;
}

const references = new WeakMap<GreyImage, Reference>();

function reference(template: GreyImage, layout: Layout): Reference {
  let ref = references.get(template);
  if (ref) return ref;
  const step = PX_PER_MM / K;
  const width = Math.round(layout.card.width * K);
  const height = Math.round(layout.stub.perforationY * K);
  const values = new Float32Array(width * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let dy = 0; dy < step; dy++)
        for (let dx = 0; dx < step; dx++)
          sum += template.data[(y * step + dy) * template.width + x * step + dx]!;
      values[y * width + x] = sum / (step * step);
    }
  ref = { values, width, height };
  references.set(template, ref);
  return ref;
}

export function templateAgreement(
  photo: GreyImage,
  pose: Homography,
  template: GreyImage,
  layout: Layout,
): number {
  const ref = reference(template, layout);
  const seen = warpGrey(photo, canonicalToImage(pose, K), ref.width, ref.height, 128);
  // Each quarter of the card on its own, the worst counting: one corner a few millimetres off must show.
  const halfW = ref.width >> 1;
  const halfH = ref.height >> 1;
  let worst = 1;
  for (const [x0, y0] of [
    [0, 0],
    [halfW, 0],
    [0, halfH],
    [halfW, halfH],
  ] as const)
    worst = Math.min(worst, correlation(seen, ref, x0, y0, halfW, halfH));
  return worst;
}

function correlation(seen: GreyImage, ref: Reference, x0: number, y0: number, w: number, h: number): number {
  const c = new Correlation();
  for (let y = y0; y < y0 + h; y++)
    for (let x = x0; x < x0 + w; x++) {
      const i = y * ref.width + x;
      c.add(seen.data[i]!, ref.values[i]!);
    }
  return c.value;
}
