import { readFileSync } from 'node:fs';
import {
  type BoxFeatures,
  type DecisionPath,
  TANGLE,
  TANGLE_FEATURES,
} from '../../src/reading/mark-model.ts';

/**
 * Fits the one learnt part of the checkbox decision (src/reading/mark-model.ts, `TANGLE`): a logistic
 * regression telling a tangle scribbled inside a box (cancelled) from a tick, cross, dot or thick marker, on
 * boxes with ink inside that no other rule decided. Only the tuning split is read:
 *
 *   npx tsx test/mark-training/dump.ts tune 240 /tmp/marks-tune.jsonl
 *   npx tsx test/mark-training/fit.ts /tmp/marks-tune.jsonl
 *
 * and the printed constants are pasted into mark-model.ts. Deterministic (plain gradient descent from zero).
 * The tangle score is one input of the fitted box model (fit-net.ts), which is fitted after it.
 */
const file = process.argv[2] ?? '/tmp/marks-tune.jsonl';
const rows = readFileSync(file, 'utf8')
  .trim()
  .split('\n')
  .map(
    (l) =>
      JSON.parse(l) as BoxFeatures & { style: string; recipe: string; path: DecisionPath; ticked: boolean },
  );
if (rows.some((r) => r.recipe !== 'tune')) throw new Error('fit on the tuning split only');
const TICKS = [
  'tick',
  'tick-long',
  'cross',
  'dot',
  'dab',
  'tick-small',
  'tick-offcentre',
  'tick-light',
  'tick-marker',
  'tick-smudged',
  'strike',
];
const chosen = rows.filter((r) => r.peak > 0.1 && (r.style === 'scribble-inside' || TICKS.includes(r.style)));
const X = chosen.map((r) => TANGLE_FEATURES.map((f) => f(r)));
const y = chosen.map((r) => (r.style === 'scribble-inside' ? 1 : 0));
const d = X[0]!.length;
const mean = Array.from({ length: d }, (_, j) => X.reduce((s, x) => s + x[j]!, 0) / X.length);
const sd = Array.from(
  { length: d },
  (_, j) => Math.sqrt(X.reduce((s, x) => s + (x[j]! - mean[j]!) ** 2, 0) / X.length) + 1e-9,
);
const Z = X.map((x) => x.map((v, j) => (v - mean[j]!) / sd[j]!));
const w = new Array<number>(d).fill(0);
let b = 0;
for (let it = 0; it < 3000; it++) {
  const g = new Array<number>(d).fill(0);
  let gb = 0;
  Z.forEach((z, i) => {
    const p = 1 / (1 + Math.exp(-(z.reduce((s, v, j) => s + v * w[j]!, 0) + b)));
    const e = p - y[i]!;
    z.forEach((v, j) => {
      g[j]! += e * v;
    });
    gb += e;
  });
  for (let j = 0; j < d; j++) w[j]! -= 0.1 * (g[j]! / Z.length + 0.001 * w[j]!);
  b -= (0.1 * gb) / Z.length;
}
// Folded into weights on the raw features: score = bias + Σ weight·feature.
const weights = w.map((v, j) => v / sd[j]!);
const bias = b - w.reduce((s, v, j) => s + (v * mean[j]!) / sd[j]!, 0);
const r = (v: number) => Number(v.toPrecision(6));
console.log(`export const TANGLE = { bias: ${r(bias)}, weights: [${weights.map(r).join(', ')}] };`);
console.log(`(${chosen.length} boxes, ${y.filter(Boolean).length} tangles)`);

const fitted = TANGLE.weights.every((v, j) => Math.abs(v - weights[j]!) < 1e-3 * Math.max(1, Math.abs(v)));
console.log(fitted ? '(mark-model.ts holds these constants)' : '(paste these into mark-model.ts)');
