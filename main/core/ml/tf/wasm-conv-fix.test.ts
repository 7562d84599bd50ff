import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { installWasmConvFix } from './wasm-conv-fix';

interface Case {
  x: [number, number, number, number];
  filter: [number, number, number, number];
  stride: number;
  pad: 'same' | 'valid';
}
// Random shapes of the kinds our nets use: 3×3 and 5×5, stride 1 and 2, same and valid, odd and even sizes.
const CASES: Case[] = [
  { x: [2, 28, 28, 2], filter: [3, 3, 2, 8], stride: 1, pad: 'same' },
  { x: [3, 14, 14, 8], filter: [3, 3, 8, 16], stride: 2, pad: 'same' },
  { x: [2, 7, 7, 16], filter: [3, 3, 16, 4], stride: 1, pad: 'valid' },
  { x: [1, 9, 11, 3], filter: [5, 5, 3, 6], stride: 2, pad: 'valid' },
  { x: [4, 13, 13, 5], filter: [5, 3, 5, 7], stride: 2, pad: 'same' },
  { x: [2, 6, 6, 1], filter: [1, 1, 1, 3], stride: 1, pad: 'valid' },
];

/** Gradients of sum(conv2d(x, f) · r) with respect to x and f, on the current backend. */
function gradients(c: Case, seed: number): { dx: Float32Array; df: Float32Array } {
  return tf.tidy(() => {
    const x = tf.randomUniform(c.x, -1, 1, 'float32', seed);
    const f = tf.randomUniform(c.filter, -1, 1, 'float32', seed + 1);
    const outShape = tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, c.stride, c.pad).shape;
    const r = tf.randomUniform(outShape, -1, 1, 'float32', seed + 2);
    const g = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
      tf
        .conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.stride, c.pad)
        .mul(r)
        .sum(),
    );
    const [dx, df] = g([x, f]);
    return { dx: dx.dataSync() as Float32Array, df: df.dataSync() as Float32Array };
  });
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('conv2d gradients on wasm (Conv2DBackpropFilter, Conv2DBackpropInput)', () => {
  beforeAll(async () => {
    expect(await tf.setBackend('wasm')).toBe(true);
  });

  it('registers the kernels once (installing twice is harmless)', () => {
    expect(installWasmConvFix()).toBe(true);
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    expect(installWasmConvFix()).toBe(true);
  });

  CASES.forEach((c, k) => {
    const name = `x ${c.x.join('×')}, filter ${c.filter.join('×')}, stride ${c.stride}, ${c.pad}`;
    it(`matches the cpu backend's gradient: ${name}`, async () => {
      installWasmConvFix();
      await tf.setBackend('cpu');
      const want = gradients(c, 10 + k * 7);
      await tf.setBackend('wasm');
      const before = tf.memory().numTensors;
      const got = gradients(c, 10 + k * 7);
      expect(tf.memory().numTensors).toBe(before);
      const scale = Math.max(1, ...Array.from(want.df, Math.abs));
      expect(maxAbsDiff(got.df, want.df) / scale).toBeLessThan(1e-4);
      expect(maxAbsDiff(got.dx, want.dx)).toBeLessThan(1e-3);
      // Not all zeros: the comparison means something.
      expect(Math.max(...Array.from(got.df, Math.abs))).toBeGreaterThan(0.1);
    });
  });
});
