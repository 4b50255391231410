import { digitInput } from '../../src/reading/digits.ts';
import { readMnist } from '../synth/mnist.ts';
import { Random } from '../synth/random.ts';
import { augmentedBox } from './augment.ts';

/**
 * One training input: MNIST training image `index` written into a phone box (`augment.ts`) and brought to the
 * network's form by the reader's own `digitInput`. Its random draws come from its own seed (the look, the epoch
 * and the image), so inputs can be made in any order, on any thread, and still be the same.
 */
export async function preparedInput(look: number, index: number): Promise<Float32Array> {
  const mnist = readMnist('train');
  const image = mnist.images.subarray(index * 784, index * 784 + 784);
  const box = await augmentedBox(image, mnist.labels[index]!, new Random(sampleSeed(look, index)));
  // An augmentation that leaves no ink (never seen) would be an empty box: train on the plain digit then.
  return digitInput(box) ?? Float32Array.from(image, (v) => v / 255);
}

function sampleSeed(look: number, index: number): number {
  return (Math.imul(look + 1, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0;
}
