import type { Random } from '../synth/random.ts';

/**
 * The digit network, trained here in plain TypeScript (tensorflow.js's CPU backend trains convolutions about
 * 40 ms a sample; this loop takes about 1.5 ms) and exported to a tf.layers model for the reader, which runs
 * it on tensorflow.js. Layouts are tf.layers' own (channels last; conv kernels [kh][kw][in][out], dense
 * [in][out]), so the weights go over unchanged:
 *   28×28×1 → conv 5×5 (C1, ReLU) → max-pool 2 → conv 3×3 (C2, ReLU) → max-pool 2 → dense H (ReLU) → dense 10.
 */
export const C1 = 16;
export const C2 = 32;
export const H = 128;
const F = 5 * 5 * C2;

export interface Params {
  k1: Float32Array; // 5*5*1*C1
  b1: Float32Array;
  k2: Float32Array; // 3*3*C1*C2
  b2: Float32Array;
  w3: Float32Array; // F*H
  b3: Float32Array;
  w4: Float32Array; // H*10
  b4: Float32Array;
}

export const PARAM_NAMES = ['k1', 'b1', 'k2', 'b2', 'w3', 'b3', 'w4', 'b4'] as const;

export function initParams(random: Random): Params {
  // He-uniform for the ReLU layers, Glorot-uniform for the output.
  const he = (n: number, fanIn: number) => {
    const a = Math.sqrt(6 / fanIn);
    return Float32Array.from({ length: n }, () => random.range(-a, a));
  };
  return {
    k1: he(25 * C1, 25),
    b1: new Float32Array(C1),
    k2: he(9 * C1 * C2, 9 * C1),
    b2: new Float32Array(C2),
    w3: he(F * H, F),
    b3: new Float32Array(H),
    w4: Float32Array.from({ length: H * 10 }, () => random.range(-1, 1) * Math.sqrt(6 / (H + 10))),
    b4: new Float32Array(10),
  };
}

/** Gradients and Adam's moments, in double precision (a parameter's gradient is summed over a batch). */
export type Sums = { [K in keyof Params]: Float64Array };

export function zerosLike(p: Params): Sums {
  return Object.fromEntries(PARAM_NAMES.map((n) => [n, new Float64Array(p[n].length)])) as unknown as Sums;
}

interface Activations {
  a1: Float32Array; // 24*24*C1 after ReLU
  p1: Float32Array; // 12*12*C1
  i1: Int32Array; // argmax index into a1
  a2: Float32Array; // 10*10*C2
  p2: Float32Array; // F
  i2: Int32Array;
  h: Float32Array; // H
  z: Float32Array; // 10
  /** A layer's sums for one position, in double precision (summing into a Float32Array is slower). */
  acc: Float64Array;
  // Gradient buffers, reused sample after sample.
  e: Float64Array;
  dz: Float64Array;
  dh: Float64Array;
  dp2: Float64Array;
  da2: Float64Array;
  dp1: Float64Array;
  da1: Float64Array;
}

export function newActivations(): Activations {
  return {
    a1: new Float32Array(24 * 24 * C1),
    p1: new Float32Array(12 * 12 * C1),
    i1: new Int32Array(12 * 12 * C1),
    a2: new Float32Array(10 * 10 * C2),
    p2: new Float32Array(F),
    i2: new Int32Array(F),
    h: new Float32Array(H),
    z: new Float32Array(10),
    acc: new Float64Array(Math.max(C1, C2, H)),
    e: new Float64Array(10),
    dz: new Float64Array(10),
    dh: new Float64Array(H),
    dp2: new Float64Array(F),
    da2: new Float64Array(10 * 10 * C2),
    dp1: new Float64Array(12 * 12 * C1),
    da1: new Float64Array(24 * 24 * C1),
  };
}

export function forward(p: Params, x: Float32Array, act: Activations): Float32Array {
  const { a1, p1, i1, a2, p2, i2, h, z, acc } = act;
  const { k1, b1, k2, b2, w3, b3, w4, b4 } = p;
  for (let y = 0; y < 24; y++)
    for (let xx = 0; xx < 24; xx++) {
      const o0 = (y * 24 + xx) * C1;
      for (let o = 0; o < C1; o++) acc[o] = b1[o]!;
      for (let ky = 0; ky < 5; ky++)
        for (let kx = 0; kx < 5; kx++) {
          const v = x[(y + ky) * 28 + xx + kx]!;
          if (v === 0) continue;
          const k0 = (ky * 5 + kx) * C1;
          for (let o = 0; o < C1; o++) acc[o]! += v * k1[k0 + o]!;
        }
      for (let o = 0; o < C1; o++) a1[o0 + o] = acc[o]! > 0 ? acc[o]! : 0;
    }
  pool(a1, 24, C1, p1, i1);
  for (let y = 0; y < 10; y++)
    for (let xx = 0; xx < 10; xx++) {
      const o0 = (y * 10 + xx) * C2;
      for (let o = 0; o < C2; o++) acc[o] = b2[o]!;
      for (let ky = 0; ky < 3; ky++)
        for (let kx = 0; kx < 3; kx++) {
          const in0 = ((y + ky) * 12 + xx + kx) * C1;
          for (let c = 0; c < C1; c++) {
            const v = p1[in0 + c]!;
            if (v === 0) continue;
            const k0 = ((ky * 3 + kx) * C1 + c) * C2;
            for (let o = 0; o < C2; o++) acc[o]! += v * k2[k0 + o]!;
          }
        }
      for (let o = 0; o < C2; o++) a2[o0 + o] = acc[o]! > 0 ? acc[o]! : 0;
    }
  pool(a2, 10, C2, p2, i2);
  for (let j = 0; j < H; j++) acc[j] = b3[j]!;
  for (let f = 0; f < F; f++) {
    const v = p2[f]!;
    if (v === 0) continue;
    const w0 = f * H;
    for (let j = 0; j < H; j++) acc[j]! += v * w3[w0 + j]!;
  }
  for (let j = 0; j < H; j++) h[j] = acc[j]! > 0 ? acc[j]! : 0;
  z.set(b4);
  for (let j = 0; j < H; j++) {
    const v = h[j]!;
    if (v === 0) continue;
    for (let k = 0; k < 10; k++) z[k]! += v * w4[j * 10 + k]!;
  }
  return z;
}

function pool(a: Float32Array, size: number, c: number, out: Float32Array, arg: Int32Array): void {
  const half = size / 2;
  for (let y = 0; y < half; y++)
    for (let x = 0; x < half; x++)
      for (let o = 0; o < c; o++) {
        let best = -1;
        let bi = 0;
        for (let dy = 0; dy < 2; dy++)
          for (let dx = 0; dx < 2; dx++) {
            const i = ((2 * y + dy) * size + 2 * x + dx) * c + o;
            if (a[i]! > best) {
              best = a[i]!;
              bi = i;
            }
          }
        out[(y * half + x) * c + o] = best;
        arg[(y * half + x) * c + o] = bi;
      }
}

/** Adds this sample's gradient of the cross-entropy loss (times `weight`) to `g`; returns the loss. */
export function backward(
  p: Params,
  x: Float32Array,
  label: number,
  act: Activations,
  g: Sums,
  weight: number,
): number {
  const z = forward(p, x, act);
  const { a1, p1, i1, a2, p2, i2, h, e, dz, dh, dp2, da2, dp1, da1 } = act;
  const { k2, w3, w4 } = p;
  const { k1: gk1, b1: gb1, k2: gk2, b2: gb2, w3: gw3, b3: gb3, w4: gw4, b4: gb4 } = g;
  da2.fill(0);
  dp1.fill(0);
  da1.fill(0);
  let max = -Infinity;
  for (let k = 0; k < 10; k++) max = Math.max(max, z[k]!);
  let sum = 0;
  for (let k = 0; k < 10; k++) {
    e[k] = Math.exp(z[k]! - max);
    sum += e[k]!;
  }
  const loss = -(z[label]! - max - Math.log(sum));
  for (let k = 0; k < 10; k++) dz[k] = (e[k]! / sum - (k === label ? 1 : 0)) * weight;
  for (let j = 0; j < H; j++) {
    const v = h[j]!;
    let s = 0;
    for (let k = 0; k < 10; k++) {
      s += w4[j * 10 + k]! * dz[k]!;
      if (v !== 0) gw4[j * 10 + k]! += v * dz[k]!;
    }
    dh[j] = v > 0 ? s : 0;
  }
  for (let k = 0; k < 10; k++) gb4[k]! += dz[k]!;
  for (let f = 0; f < F; f++) {
    const v = p2[f]!;
    const w0 = f * H;
    let s = 0;
    for (let j = 0; j < H; j++) s += w3[w0 + j]! * dh[j]!;
    if (v !== 0) for (let j = 0; j < H; j++) gw3[w0 + j]! += v * dh[j]!;
    dp2[f] = s;
  }
  for (let j = 0; j < H; j++) gb3[j]! += dh[j]!;
  for (let f = 0; f < F; f++) if (a2[i2[f]!]! > 0) da2[i2[f]!] = dp2[f]!;
  for (let y = 0; y < 10; y++)
    for (let xx = 0; xx < 10; xx++) {
      const o0 = (y * 10 + xx) * C2;
      let any = false;
      for (let o = 0; o < C2; o++) {
        const d = da2[o0 + o]!;
        if (d !== 0) {
          any = true;
          gb2[o]! += d;
        }
      }
      if (!any) continue;
      for (let ky = 0; ky < 3; ky++)
        for (let kx = 0; kx < 3; kx++) {
          const in0 = ((y + ky) * 12 + xx + kx) * C1;
          for (let c = 0; c < C1; c++) {
            const v = p1[in0 + c]!;
            const k0 = ((ky * 3 + kx) * C1 + c) * C2;
            let s = 0;
            for (let o = 0; o < C2; o++) s += k2[k0 + o]! * da2[o0 + o]!;
            dp1[in0 + c]! += s;
            if (v !== 0) for (let o = 0; o < C2; o++) gk2[k0 + o]! += v * da2[o0 + o]!;
          }
        }
    }
  for (let f = 0; f < 12 * 12 * C1; f++) if (a1[i1[f]!]! > 0) da1[i1[f]!] = dp1[f]!;
  for (let y = 0; y < 24; y++)
    for (let xx = 0; xx < 24; xx++) {
      const o0 = (y * 24 + xx) * C1;
      for (let o = 0; o < C1; o++) gb1[o]! += da1[o0 + o]!;
      for (let ky = 0; ky < 5; ky++)
        for (let kx = 0; kx < 5; kx++) {
          const v = x[(y + ky) * 28 + xx + kx]!;
          if (v === 0) continue;
          const k0 = (ky * 5 + kx) * C1;
          for (let o = 0; o < C1; o++) gk1[k0 + o]! += v * da1[o0 + o]!;
        }
    }
  return loss;
}

/** Adam, one step with the summed gradient `g` (already averaged over the batch). */
export class Adam {
  readonly m: Sums;
  readonly v: Sums;
  t = 0;
  constructor(
    p: Params,
    readonly beta1 = 0.9,
    readonly beta2 = 0.999,
  ) {
    this.m = zerosLike(p);
    this.v = zerosLike(p);
  }
  step(p: Params, g: Sums, lr: number): void {
    this.t++;
    const c1 = 1 - this.beta1 ** this.t;
    const c2 = 1 - this.beta2 ** this.t;
    for (const n of PARAM_NAMES) {
      const w = p[n];
      const gr = g[n];
      const m = this.m[n];
      const v = this.v[n];
      for (let i = 0; i < w.length; i++) {
        m[i] = this.beta1 * m[i]! + (1 - this.beta1) * gr[i]!;
        v[i] = this.beta2 * v[i]! + (1 - this.beta2) * gr[i]! * gr[i]!;
        w[i]! -= (lr * (m[i]! / c1)) / (Math.sqrt(v[i]! / c2) + 1e-8);
        gr[i] = 0;
      }
    }
  }
}
