import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type BoxFeatures, type MarkNet, NET_FEATURES, netInput } from '../../src/reading/mark-model.ts';
import { INNER_CELLS, PATCH_CELLS } from '../../src/reading/marks.ts';
import { CANCEL_STYLES, type MarkStyle } from '../synth/ink.ts';
import { Random } from '../synth/random.ts';
import { type Row, readRows, setBars, WRONG_BUDGET } from './bars.ts';

/**
 * Fits the box model of src/reading/models/marks.json (issue 19): a small network (two hidden layers) on the
 * measures of `marks.ts`, the hand-made rules' path and the darkness patch round the box, telling an empty box,
 * a ticked one and a cancelled one apart. Trained on TRAIN_RECIPES only; the bars (ticked / undecided / not
 * ticked) and the calibration are then set on TUNE_RECIPES, which the training never saw. The held-out recipes
 * are read by nothing here.
 *
 *   npx tsx test/mark-training/dump-patches.ts tune /tmp/marks-tune-patches.jsonl
 *   npx tsx test/mark-training/dump-patches.ts train /tmp/marks-train-a.jsonl 0 1
 *   npx tsx test/mark-training/dump-patches.ts train /tmp/marks-train-b.jsonl 2 3
 *   npx tsx test/mark-training/dump-patches.ts train /tmp/marks-train-c.jsonl 4 5
 *   npx tsx test/mark-training/dump-scenes.ts 60 /tmp/marks-scenes.jsonl
 *   MEMBERS=3 EPOCHS=40 npx tsx test/mark-training/fit-net.ts /tmp/marks-tune-patches.jsonl \
 *     /tmp/marks-train-a.jsonl /tmp/marks-train-b.jsonl /tmp/marks-train-c.jsonl /tmp/marks-scenes.jsonl
 *
 * (about 7 minutes of dumping and 20 of fitting on the shared two cores).
 *
 * Deterministic: seeded initialization and order, plain loops; the weights are written rounded to 6 digits and
 * the bars and calibration are measured with the rounded model, so a second run writes the same file.
 */
const tune = readRows(process.argv[2] ?? '/tmp/marks-tune-patches.jsonl');
const train = process.argv.slice(3).flatMap(readRows);
if (train.some((r) => r.recipe !== 'train')) throw new Error('fit on the training recipes only');
if (tune.some((r) => r.recipe !== 'tune')) throw new Error('set the bars on the tuning recipes only');

const HIDDEN = [Number(process.env.H1 ?? 64), Number(process.env.H2 ?? 32)];
const EPOCHS = Number(process.env.EPOCHS ?? 40);
const RATE = 1e-3;
const DECAY = 1e-4;

const label = (r: Row) => (r.style === 'empty' ? 0 : CANCEL_STYLES.includes(r.style as MarkStyle) ? 2 : 1);
const X = train.map((r) => netInput(r.features, r.patch));
const Y = train.map(label);
const D = X[0]!.length;
const P = PATCH_CELLS ** 2 + INNER_CELLS ** 2;
const S = D - P;

const r6 = (v: number) => Number(v.toPrecision(6));
const mean = Array.from({ length: D }, (_, j) => r6(X.reduce((s, x) => s + x[j]!, 0) / X.length));
const sd = Array.from({ length: D }, (_, j) =>
  r6(Math.sqrt(X.reduce((s, x) => s + (x[j]! - mean[j]!) ** 2, 0) / X.length) + 1e-3),
);
const CLIP = 6;
const Z = X.map((x) => {
  const z = new Float64Array(D);
  for (let j = 0; j < D; j++) z[j] = Math.max(-CLIP, Math.min(CLIP, (x[j]! - mean[j]!) / sd[j]!));
  return z;
});

// The eight turns and mirrors of the patch, with the measures of the four sides swapped to match: a tick
// mirrored is still a mark, a scribble turned still a cancellation.
const sideIndex = ['left', 'right', 'top', 'bottom'].map((n) => NET_FEATURES.indexOf(n as keyof BoxFeatures));
const transforms: Int32Array[] = [];
for (let t = 0; t < 8; t++) {
  const map = new Int32Array(D);
  for (let j = 0; j < S; j++) map[j] = j;
  const flipX = t & 1;
  const flipY = t & 2;
  const swap = t & 4;
  const [l, r, tp, b] = sideIndex as [number, number, number, number];
  // map[j] = the source index whose value lands at j.
  let sides = [l, r, tp, b];
  if (swap) sides = [sides[2]!, sides[3]!, sides[0]!, sides[1]!];
  if (flipX) sides = [sides[1]!, sides[0]!, sides[2]!, sides[3]!];
  if (flipY) sides = [sides[0]!, sides[1]!, sides[3]!, sides[2]!];
  [l, r, tp, b].forEach((dst, i) => {
    map[dst] = sides[i]!;
  });
  for (const [n, at] of [
    [PATCH_CELLS, S],
    [INNER_CELLS, S + PATCH_CELLS ** 2],
  ] as const)
    for (let y = 0; y < n; y++)
      for (let x = 0; x < n; x++) {
        let sx = flipX ? n - 1 - x : x;
        let sy = flipY ? n - 1 - y : y;
        if (swap) [sx, sy] = [sy, sx];
        map[at + y * n + x] = at + sy * n + sx;
      }
  transforms.push(map);
}

const standardize = (x: Float64Array) => {
  const z = new Float64Array(D);
  for (let j = 0; j < D; j++) z[j] = Math.max(-CLIP, Math.min(CLIP, (x[j]! - mean[j]!) / sd[j]!));
  return z;
};
const tuneZ = tune.map((r) => standardize(netInput(r.features, r.patch)));
const tuneY = tune.map(label);

const MEMBERS = Number(process.env.MEMBERS ?? 1);
const sizes = [D, ...HIDDEN, 3];
type Layer = MarkNet['members'][number][number];
/** One member of the ensemble, trained from its own seed. */
function trainMember(seed: number): Layer[] {
  const random = new Random(seed);
  const W = sizes.slice(1).map((out, l) => {
    const inputs = sizes[l]!;
    const w = new Float64Array(out * inputs);
    for (let i = 0; i < w.length; i++) w[i] = random.gauss() * Math.sqrt(2 / inputs);
    return w;
  });
  const B = sizes.slice(1).map((out) => new Float64Array(out));
  const mW = W.map((w) => new Float64Array(w.length));
  const vW = W.map((w) => new Float64Array(w.length));
  const mB = B.map((b) => new Float64Array(b.length));
  const vB = B.map((b) => new Float64Array(b.length));
  const gW = W.map((w) => new Float64Array(w.length));
  const gB = B.map((b) => new Float64Array(b.length));
  const acts = sizes.map((n) => new Float64Array(n));
  const deltas = sizes.map((n) => new Float64Array(n));
  const L = W.length;
  /** The model as it stands, on a standardized input (no mirroring). */
  function forward(z: Float64Array): number[] {
    let a: Float64Array = z;
    for (let l = 0; l < L; l++) {
      const o = new Float64Array(sizes[l + 1]!);
      const ni = sizes[l]!;
      for (let u = 0; u < o.length; u++) {
        let s = B[l]![u]!;
        for (let i = 0; i < ni; i++) s += W[l]![u * ni + i]! * a[i]!;
        o[u] = l < L - 1 && s < 0 ? 0 : s;
      }
      a = o;
    }
    const max = Math.max(...a);
    const e = Array.from(a, (v) => Math.exp(v - max));
    const sum = e.reduce((t, v) => t + v, 0);
    return e.map((v) => v / sum);
  }
  const BATCH = 32;
  let step = 0;
  const order = Array.from(Z.keys());
  const input = acts[0]!;
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const k = Math.floor(random.next() * (i + 1));
      [order[i], order[k]] = [order[k]!, order[i]!];
    }
    const rate = RATE * (epoch < EPOCHS * 0.6 ? 1 : epoch < EPOCHS * 0.85 ? 0.3 : 0.1);
    let loss = 0;
    let wrong = 0;
    for (let start = 0; start < order.length; start += BATCH) {
      for (let l = 0; l < L; l++) {
        gW[l]!.fill(0);
        gB[l]!.fill(0);
      }
      const end = Math.min(order.length, start + BATCH);
      for (let q = start; q < end; q++) {
        const idx = order[q]!;
        const z = Z[idx]!;
        const map = transforms[Math.floor(random.next() * 8)]!;
        for (let j = 0; j < D; j++) input[j] = z[map[j]!]!;
        for (let l = 0; l < L; l++) {
          const a = acts[l]!;
          const o = acts[l + 1]!;
          const w = W[l]!;
          const b = B[l]!;
          const ni = sizes[l]!;
          for (let u = 0; u < o.length; u++) {
            let s = b[u]!;
            const row = u * ni;
            for (let i = 0; i < ni; i++) s += w[row + i]! * a[i]!;
            o[u] = l < L - 1 && s < 0 ? 0 : s;
          }
        }
        const out = acts[L]!;
        const max = Math.max(out[0]!, out[1]!, out[2]!);
        const e = [Math.exp(out[0]! - max), Math.exp(out[1]! - max), Math.exp(out[2]! - max)];
        const sum = e[0]! + e[1]! + e[2]!;
        const y = Y[idx]!;
        loss -= Math.log(e[y]! / sum + 1e-12);
        if (e[y]! < Math.max(...e)) wrong++;
        const dOut = deltas[L]!;
        for (let c = 0; c < 3; c++) dOut[c] = e[c]! / sum - (c === y ? 1 : 0);
        for (let l = L - 1; l >= 0; l--) {
          const a = acts[l]!;
          const d = deltas[l + 1]!;
          const w = W[l]!;
          const g = gW[l]!;
          const gb = gB[l]!;
          const ni = sizes[l]!;
          const dPrev = deltas[l]!;
          if (l > 0) dPrev.fill(0);
          for (let u = 0; u < d.length; u++) {
            const du = d[u]!;
            if (du === 0) continue;
            gb[u]! += du;
            const row = u * ni;
            for (let i = 0; i < ni; i++) {
              g[row + i]! += du * a[i]!;
              if (l > 0) dPrev[i]! += du * w[row + i]!;
            }
          }
          if (l > 0) for (let i = 0; i < ni; i++) if (a[i]! <= 0) dPrev[i] = 0;
        }
      }
      step++;
      const n = end - start;
      const c1 = 1 - 0.9 ** step;
      const c2 = 1 - 0.999 ** step;
      for (let l = 0; l < L; l++) {
        const adam = (p: Float64Array, g: Float64Array, m: Float64Array, v: Float64Array, decay: number) => {
          for (let i = 0; i < p.length; i++) {
            const gi = g[i]! / n + decay * p[i]!;
            m[i] = 0.9 * m[i]! + 0.1 * gi;
            v[i] = 0.999 * v[i]! + 0.001 * gi * gi;
            p[i] = p[i]! - (rate * (m[i]! / c1)) / (Math.sqrt(v[i]! / c2) + 1e-8);
          }
        };
        adam(W[l]!, gW[l]!, mW[l]!, vW[l]!, DECAY);
        adam(B[l]!, gB[l]!, mB[l]!, vB[l]!, 0);
      }
    }
    let tuneLoss = 0;
    if ((epoch + 1) % 10 === 0 || epoch === EPOCHS - 1)
      tuneZ.forEach((z, i) => {
        const p = forward(z);
        tuneLoss -= Math.log(p[tuneY[i]!]! + 1e-12);
      });
    console.log(
      `epoch ${epoch + 1}: loss ${(loss / order.length).toFixed(4)}, training error ${((100 * wrong) / order.length).toFixed(2)}%${tuneLoss ? `, tuning recipes' loss ${(tuneLoss / tuneZ.length).toFixed(4)}` : ''}`,
    );
  }

  return W.map((w, l) => ({
    inputs: sizes[l]!,
    outputs: sizes[l + 1]!,
    w: Array.from(w, r6),
    b: Array.from(B[l]!, r6),
  }));
}
const members: Layer[][] = [];
for (let m = 0; m < MEMBERS; m++) {
  console.log(`member ${m + 1} of ${MEMBERS}`);
  members.push(trainMember(19_019 + m));
}

const net: MarkNet = {
  format: 'cardbox-marks-1',
  mean,
  sd,
  members,
  tickFrom: 0.5,
  emptyUpTo: 0.5,
  calibration: [],
};

setBars(net, tune, WRONG_BUDGET);
const file =
  process.env.OUT ?? fileURLToPath(new URL('../../src/reading/models/marks.json', import.meta.url));
writeFileSync(file, `${JSON.stringify(net)}\n`);
console.log(`wrote ${file}`);
