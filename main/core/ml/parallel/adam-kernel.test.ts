// The fused Adam against tf.train.adam on the same gradients, over several steps (and a learning rate
// that changes mid-run, as the classifier's schedule does); the SIMD kernel against the JS reference.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../tf/backend';
import { mulberry32 } from '../data/random';
import { adamJs, adamKernel, sharedMemory, type AdamBuffers } from './adam-kernel';
import { AdamSchedule } from './flat-adam';
import { makeLayout } from './layout';

beforeAll(async () => {
  await initBackend('wasm');
});

const shapes = [[7, 5], [5], [3, 11], [1]]; // 35 + 5 + 33 + 1 = 74 (not a multiple of 4: padding is exercised)
const size = (s: number[]) => s.reduce((a, b) => a * b, 1);
const count = shapes.reduce((a, s) => a + size(s), 0);

function randoms(n: number, seed: number, scale = 1): Float32Array {
  const r = mulberry32(seed);
  return Float32Array.from({ length: n }, () => (r() * 2 - 1) * scale);
}

/** Runs `steps` fused updates with `shards` gradient buffers whose sum is each step's gradient. */
function fused(kernelOf: 'simd' | 'js', shards: number, steps: number, lrAt: (t: number) => number) {
  const layout = makeLayout(count, shards);
  const memory = sharedMemory(layout.bytes);
  const f32 = new Float32Array(memory.buffer);
  f32.set(randoms(count, 1), layout.params >> 2);
  const { kernel, simd } = kernelOf === 'simd' ? adamKernel(memory) : { kernel: adamJs(memory.buffer), simd: false };
  if (kernelOf === 'simd') expect(simd).toBe(true);
  const schedule = new AdamSchedule({ learningRate: 0.01, beta1: 0.5, beta2: 0.999 });
  const b: AdamBuffers = { ...layout, grads: layout.grads, gradStride: layout.gradStride, shards };
  for (let t = 0; t < steps; t++) {
    for (let k = 0; k < shards; k++)
      f32.set(randoms(count, 100 + t * 10 + k, 0.1 * (k + 1)), (layout.grads + k * layout.gradStride) >> 2);
    kernel(b, 0, layout.padded, schedule.next(lrAt(t)));
  }
  return f32.slice(layout.params >> 2, (layout.params >> 2) + count);
}

/** The same run with tf.train.adam on the summed gradient (summed in float32, shards in order). */
function reference(shards: number, steps: number, lrAt: (t: number) => number): Float32Array {
  const init = randoms(count, 1);
  let o = 0;
  const vars = shapes.map((s) => tf.variable(tf.tensor(init.subarray(o, (o += size(s))), s)));
  const optimizer = tf.train.adam(0.01, 0.5, 0.999);
  for (let t = 0; t < steps; t++) {
    const g = new Float32Array(count);
    for (let k = 0; k < shards; k++) {
      const gk = randoms(count, 100 + t * 10 + k, 0.1 * (k + 1));
      for (let i = 0; i < count; i++) g[i] = k === 0 ? gk[i] : Math.fround(g[i] + gk[i]);
    }
    (optimizer as unknown as { learningRate: number }).learningRate = lrAt(t);
    let p = 0;
    const grads = vars.map((v) => ({ name: v.name, tensor: tf.tensor(g.subarray(p, (p += v.size)), v.shape) }));
    optimizer.applyGradients(grads);
    tf.dispose(grads.map((x) => x.tensor));
  }
  const out = new Float32Array(count);
  let q = 0;
  for (const v of vars) {
    out.set(v.dataSync(), q);
    q += v.size;
  }
  optimizer.dispose();
  tf.dispose(vars);
  return out;
}

function maxRelative(a: Float32Array, b: Float32Array): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), 1e-6));
  return worst;
}

describe('fused Adam', () => {
  const lrAt = (t: number) => (t < 4 ? 0.01 : 0.001);

  it('matches tf.train.adam over several steps (one gradient buffer)', () => {
    const ours = fused('simd', 1, 7, lrAt);
    const theirs = reference(1, 7, lrAt);
    const rel = maxRelative(ours, theirs);
    console.log(`fused Adam vs tf.train.adam after 7 steps: max relative difference ${rel}`);
    expect(rel).toBeLessThan(1e-6);
  });

  it('sums the shards of a gradient and matches tf.train.adam on their sum', () => {
    expect(maxRelative(fused('simd', 3, 5, lrAt), reference(3, 5, lrAt))).toBeLessThan(1e-6);
  });

  it('the SIMD kernel and the JS loop agree bit for bit', () => {
    expect(Array.from(fused('simd', 2, 5, lrAt))).toEqual(Array.from(fused('js', 2, 5, lrAt)));
  });

  it('restores like tfjs: βᵗ from the step count', () => {
    const a = new AdamSchedule({ learningRate: 1e-3, beta1: 0.9, beta2: 0.999 });
    for (let i = 0; i < 5; i++) a.next();
    const b = new AdamSchedule({ learningRate: 1e-3, beta1: 0.9, beta2: 0.999 });
    b.restore(5);
    const [ca, cb] = [a.next(), b.next()];
    expect(cb.oneMinusAccBeta1).toBeCloseTo(ca.oneMinusAccBeta1, 6);
    expect(cb.oneMinusAccBeta2).toBeCloseTo(ca.oneMinusAccBeta2, 6);
    expect(b.iterations).toBe(6);
  });
});
