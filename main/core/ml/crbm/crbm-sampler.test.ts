// The plain-loop sampler against the oracle of the sheet: on a tiny CRBM (3 known pixels, 3 missing, 4 hidden)
// its chain average converges to the exact E[y | x] enumerated from the free energy; its free energy is the tf
// one's (crbm-conditionals.ts); known pixels stay bit-exact; the same input gives the same answer.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../data/random';
import { freeEnergyOf, sampleImage, type CrbmArrays } from './crbm-sampler';
import { freeEnergy } from './crbm-conditionals';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const D = 3;
const C = 3;
const K = 4;
const P = D + C;
const MASK = Uint8Array.from({ length: P }, (_, i) => (i >= D ? 1 : 0));

function model(seed: number, biases: boolean): CrbmArrays {
  const r = mulberry32(seed);
  return {
    W: Float32Array.from({ length: P * K }, () => 3 * r() - 1.5),
    hidden: K,
    ...(biases
      ? { b: Float32Array.from({ length: P }, () => r() - 0.5), c: Float32Array.from({ length: K }, () => r() - 0.5) }
      : {}),
  };
}

/** E[y | x] by enumerating every y: p(y | x) ∝ exp(−F(x, y)). */
function exactMean(w: CrbmArrays, x: number[]): number[] {
  const weights: number[] = [];
  const ys: number[][] = [];
  for (let bits = 0; bits < 2 ** C; bits++) {
    const y = [...Array(C).keys()].map((j) => (bits >> j) & 1);
    ys.push(y);
    weights.push(Math.exp(-freeEnergyOf(w, Float32Array.from([...x, ...y]))));
  }
  const z = weights.reduce((a, b) => a + b, 0);
  return [...Array(C).keys()].map((j) => ys.reduce((s, y, n) => s + (weights[n] / z) * y[j], 0));
}

describe.each([false, true])('CRBM sampler (biases: %s)', (biases) => {
  it('converges to the exact E[y | x] and leaves the known pixels bit-exact', () => {
    const w = model(biases ? 11 : 7, biases);
    const x = [0.8, 0.3, 1];
    const image = Float32Array.from([...x, 0.5, 0.5, 0.5]);
    const out = sampleImage(w, image, MASK, 40_000, 3);
    for (let i = 0; i < D; i++) expect(out[i]).toBe(image[i]);
    const exact = exactMean(w, x);
    for (let j = 0; j < C; j++) expect(Math.abs(out[D + j] - exact[j])).toBeLessThan(0.02);
  });

  it('computes the free energy F(x, y) the tf model does', () => {
    const w = model(5, biases);
    const v = [0.2, 0.9, 0.4, 1, 0, 1];
    const tfParams = {
      W: tf.variable(tf.tensor2d(w.W, [P, K])),
      b: tf.variable(w.b ? tf.tensor1d(w.b) : tf.zeros([P])),
      c: tf.variable(w.c ? tf.tensor1d(w.c) : tf.zeros([K])),
      biases,
    };
    const f = freeEnergy(tfParams, tf.tensor2d([v]));
    expect(freeEnergyOf(w, Float32Array.from(v))).toBeCloseTo(f.dataSync()[0], 4);
    tf.dispose([f, tfParams.W, tfParams.b, tfParams.c]);
  });
});

it('gives the same answer for the same image and steps, and reports every sweep', () => {
  const w = model(9, false);
  const image = Float32Array.from([0.1, 0.7, 0.2, 0.5, 0.5, 0.5]);
  const energies: number[] = [];
  const a = sampleImage(w, image, MASK, 25, 1, (mf, f) => {
    expect(Array.from(mf.subarray(0, D))).toEqual(Array.from(image.subarray(0, D)));
    energies.push(f);
  });
  expect(energies).toHaveLength(25);
  expect(energies.every(Number.isFinite)).toBe(true);
  expect(Array.from(sampleImage(w, image, MASK, 25, 1))).toEqual(Array.from(a));
});
