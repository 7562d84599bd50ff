// The sheet's Exercise 2 as tests on tiny sizes (d known pixels, c missing, K hidden, all ≤ 4): every
// configuration enumerated in float64 from E(x,y,h) = −xᵀWh − yᵀUh (+ optional biases) against the
// conditionals and free energy the model uses; Gibbs keeps x; training raises the exact log p(y|x).
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../data/random';
import { freeEnergy, hiddenProbs, visibleProbs } from './crbm-conditionals';
import { gibbsSweep } from './crbm-gibbs';
import { disposeCrbm, initCrbm, type CrbmParams } from './crbm-model';
import { crbmStep, zeroVelocity } from './crbm-step';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const D = 3; // known pixels x (first D)
const C = 3; // missing pixels y (last C)
const K = 4;
const P = D + C;
const MASK = [...Array(P).keys()].map((i) => (i >= D ? 1 : 0));

/** Every binary vector of length n. */
function configurations(n: number): number[][] {
  return [...Array(2 ** n).keys()].map((b) => [...Array(n).keys()].map((i) => (b >> i) & 1));
}

/** A model with random O(1) weights (so the probabilities are far from 1/2). */
function randomModel(seed: number, biases: boolean): CrbmParams {
  const p = initCrbm(P, K, biases, seed);
  const r = mulberry32(seed + 99);
  p.W.assign(
    tf.tensor2d(
      Array.from({ length: P * K }, () => 3 * r() - 1.5),
      [P, K],
    ),
  );
  if (biases) {
    p.b.assign(tf.tensor1d(Array.from({ length: P }, () => r() - 0.5)));
    p.c.assign(tf.tensor1d(Array.from({ length: K }, () => r() - 0.5)));
  }
  return p;
}

/** The parameters as float64 arrays for the enumeration. */
function plain(p: CrbmParams) {
  const W = p.W.arraySync() as number[][];
  return { W, b: p.b.arraySync() as number[], c: p.c.arraySync() as number[], biases: p.biases };
}

/** E(v, h) = −vᵀWh − bᵀv − cᵀh (biases 0 in the sheet's form). */
function energy(m: ReturnType<typeof plain>, v: number[], h: number[]): number {
  let e = 0;
  for (let i = 0; i < P; i++) for (let k = 0; k < K; k++) e -= v[i] * m.W[i][k] * h[k];
  if (m.biases) {
    for (let i = 0; i < P; i++) e -= m.b[i] * v[i];
    for (let k = 0; k < K; k++) e -= m.c[k] * h[k];
  }
  return e;
}

const join = (x: number[], y: number[]) => [...x, ...y];
const close = (a: number, b: number, tol = 1e-5) => expect(Math.abs(a - b)).toBeLessThan(tol * (1 + Math.abs(b)));

describe.each([false, true])('tiny conditional RBM (biases: %s)', (biases) => {
  const p = randomModel(biases ? 7 : 3, biases);
  const m = plain(p);
  const xs = configurations(D);
  const ys = configurations(C);
  const hs = configurations(K);

  it('p(h_k = 1 | x, y) = sigm(Σ xᵢWᵢₖ + Σ yⱼUⱼₖ) for every (x, y)', () => {
    for (const x of xs)
      for (const y of ys) {
        const v = join(x, y);
        const w = hs.map((h) => Math.exp(-energy(m, v, h)));
        const z = w.reduce((a, b) => a + b);
        const got = tf.tidy(() => hiddenProbs(p, tf.tensor2d([v])).dataSync());
        for (let k = 0; k < K; k++) close(got[k], hs.reduce((s, h, j) => s + (h[k] ? w[j] : 0), 0) / z);
      }
  });

  it('p(y_j = 1 | h, x) = sigm(Σ Uⱼₖhₖ) for every (x, h)', () => {
    for (const x of xs)
      for (const h of hs) {
        const w = ys.map((y) => Math.exp(-energy(m, join(x, y), h)));
        const z = w.reduce((a, b) => a + b);
        const got = tf.tidy(() => visibleProbs(p, tf.tensor2d([h])).dataSync());
        for (let j = 0; j < C; j++) close(got[D + j], ys.reduce((s, y, i) => s + (y[j] ? w[i] : 0), 0) / z);
      }
  });

  it('F(x, y) = −log Σₕ exp(−E(x, y, h)) for every (x, y)', () => {
    const vs = xs.flatMap((x) => ys.map((y) => join(x, y)));
    const got = tf.tidy(() => freeEnergy(p, tf.tensor2d(vs)).dataSync());
    vs.forEach((v, i) => close(got[i], -Math.log(hs.reduce((s, h) => s + Math.exp(-energy(m, v, h)), 0))));
  });
});

it('one Gibbs sweep leaves the known pixels x exactly as they were', () => {
  const p = randomModel(5, true);
  const r = mulberry32(1);
  const v = tf.tensor2d(
    Array.from({ length: 8 * P }, () => r()),
    [8, P],
  ); // grey x: must stay bit-exact
  const mask = tf.tensor2d(
    Array.from({ length: 8 * P }, (_, i) => (r() < 0.5 ? 1 : 0) * ((i % P) % 2)),
    [8, P],
  );
  const s = gibbsSweep(p, v, mask, 42);
  const before = v.dataSync();
  const after = s.v.dataSync();
  const mk = mask.dataSync();
  let changed = 0;
  for (let i = 0; i < before.length; i++) {
    if (!mk[i]) expect(after[i]).toBe(before[i]);
    else if (after[i] !== before[i]) changed++;
  }
  expect(changed).toBeGreaterThan(0); // the sweep did resample some y
  tf.dispose([v, mask, s.v, s.meanField, s.hProbs]);
  disposeCrbm(p);
});

/** Mean exact log p(y|x) = −F(x,y) − log Σ_y' exp(−F(x,y')) over a dataset, enumerating y'. */
function exactConditionalLogLik(p: CrbmParams, data: number[][]): number {
  const ys = configurations(C);
  return tf.tidy(() => {
    let total = 0;
    for (const v of data) {
      const x = v.slice(0, D);
      const f = freeEnergy(p, tf.tensor2d(ys.map((y) => join(x, y)))).dataSync();
      const fData = freeEnergy(p, tf.tensor2d([v])).dataSync()[0];
      const mx = Math.max(...Array.from(f, (a) => -a));
      const logZ = mx + Math.log(Array.from(f).reduce((s, a) => s + Math.exp(-a - mx), 0));
      total += -fData - logZ;
    }
    return total / data.length;
  });
}

it('a short CD training run raises the exact conditional log-likelihood, without leaking tensors', () => {
  // y copies x (with 10% flips): p(y|x) is learnable, the untrained model gives ~ −C·log 2.
  const r = mulberry32(3);
  const data = Array.from({ length: 64 }, () => {
    const x = [0, 0, 0].map(() => (r() < 0.5 ? 1 : 0));
    return join(
      x,
      x.map((b) => (r() < 0.1 ? 1 - b : b)),
    );
  });
  const p = initCrbm(P, K, false, 11);
  const vel = zeroVelocity(p);
  const config = {
    hidden: K,
    biases: false,
    gibbsSteps: 1,
    persistent: false,
    learningRate: 2,
    momentum: 0.5,
    weightDecay: 0,
  };
  const before = exactConditionalLogLik(p, data);
  const v = tf.tensor2d(data);
  const mask = tf.tensor2d(data.map(() => MASK));
  let tensors = 0;
  for (let step = 0; step < 300; step++) {
    crbmStep(p, vel, config, v, mask, v, step);
    if (step === 10) tensors = tf.memory().numTensors;
  }
  expect(tf.memory().numTensors).toBe(tensors);
  const after = exactConditionalLogLik(p, data);
  expect(before).toBeCloseTo(-C * Math.log(2), 2);
  expect(after).toBeGreaterThan(before + 0.5);
  tf.dispose([v, mask, vel.W, vel.b, vel.c]);
  disposeCrbm(p);
});
