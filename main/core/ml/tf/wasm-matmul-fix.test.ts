import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installWasmMatMulFix, uninstallWasmMatMulFix } from './wasm-matmul-fix';

function seeded(shape: number[], seed: number): tf.Tensor {
  return tf.randomUniform(shape, -1, 1, 'float32', seed);
}

/** Every (transposeA, transposeB) product of a and b, as arrays. */
function products(a: tf.Tensor, b: tf.Tensor, shapesFor: (ta: boolean, tb: boolean) => [number[], number[]]) {
  const out: number[][] = [];
  for (const ta of [false, true]) {
    for (const tb of [false, true]) {
      const [sa, sb] = shapesFor(ta, tb);
      out.push(Array.from(tf.tidy(() => tf.matMul(a.reshape(sa), b.reshape(sb), ta, tb)).dataSync()));
    }
  }
  return out;
}

describe('wasm matmul fix', () => {
  beforeAll(async () => {
    expect(await tf.setBackend('wasm')).toBe(true);
  });
  afterAll(() => uninstallWasmMatMulFix());

  it('gives the same products as the unfixed kernel for every transpose combination', () => {
    const a = seeded([37 * 53], 1);
    const b = seeded([53 * 29], 2);
    const shapes = (ta: boolean, tb: boolean): [number[], number[]] => [
      ta ? [53, 37] : [37, 53],
      tb ? [29, 53] : [53, 29],
    ];
    uninstallWasmMatMulFix();
    const before = products(a, b, shapes);
    expect(installWasmMatMulFix()).toBe(true);
    const after = products(a, b, shapes);
    for (let k = 0; k < 4; k++) {
      expect(after[k].length).toBe(before[k].length);
      for (let i = 0; i < after[k].length; i++) expect(after[k][i]).toBeCloseTo(before[k][i], 4);
    }
    tf.dispose([a, b]);
  });

  it('matches the unfixed kernel when transposing the output is cheaper (dY·Wᵀ of a wide layer)', () => {
    const dy = seeded([2, 4, 60], 8);
    const w = seeded([2, 200, 60], 9);
    uninstallWasmMatMulFix();
    const want = tf.tidy(() => Array.from(tf.matMul(dy, w, false, true).dataSync()));
    const dyT = seeded([2, 60, 4], 10);
    const wantA = tf.tidy(() => Array.from(tf.matMul(dyT, w, true, true).dataSync()));
    installWasmMatMulFix();
    const got = tf.tidy(() => tf.matMul(dy, w, false, true));
    expect(got.shape).toEqual([2, 4, 200]);
    const gotA = tf.tidy(() => Array.from(tf.matMul(dyT, w, true, true).dataSync()));
    Array.from(got.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(want[i], 4));
    gotA.forEach((v, i) => expect(v).toBeCloseTo(wantA[i], 4));
    tf.dispose([dy, dyT, w, got]);
  });

  it('handles batched (rank-3) transposed products and fused matmul with bias', () => {
    installWasmMatMulFix();
    const a = seeded([3, 8, 5], 3);
    const b = seeded([3, 8, 6], 4);
    const got = tf.tidy(() => tf.matMul(a, b, true, false).arraySync()) as number[][][];
    const want = tf.tidy(() => tf.matMul(tf.transpose(a, [0, 2, 1]), b).arraySync()) as number[][][];
    expect(got[2][4][5]).toBeCloseTo(want[2][4][5], 5);
    const bias = seeded([6], 5);
    const fused = tf.tidy(() =>
      tf.fused
        .matMul({
          a: tf.transpose(a.slice([0], [1]).reshape([8, 5])),
          b: b.slice([0], [1]).reshape([8, 6]),
          bias,
          activation: 'relu',
        })
        .dataSync(),
    );
    const plain = tf.tidy(() =>
      tf
        .relu(
          tf.add(tf.matMul(a.slice([0], [1]).reshape([8, 5]), b.slice([0], [1]).reshape([8, 6]), true, false), bias),
        )
        .dataSync(),
    );
    expect(Array.from(fused).map((v) => +v.toFixed(4))).toEqual(Array.from(plain).map((v) => +v.toFixed(4)));
    tf.dispose([a, b, bias]);
  });

  it('frees the transposed copies it makes', () => {
    installWasmMatMulFix();
    const a = seeded([64, 100], 6);
    const b = seeded([64, 30], 7);
    tf.tidy(() => tf.matMul(a, b, true, false)).dispose();
    const buffers = tf.memory().numDataBuffers;
    const tensors = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) tf.tidy(() => tf.matMul(a, b, true, false)).dispose();
    for (let i = 0; i < 5; i++) tf.tidy(() => tf.matMul(b, a, true, false)).dispose();
    for (let i = 0; i < 5; i++) tf.tidy(() => tf.matMul(a.slice([0, 0], [2, 100]), a, false, true)).dispose();
    expect(tf.memory().numDataBuffers).toBe(buffers);
    expect(tf.memory().numTensors).toBe(tensors);
    tf.dispose([a, b]);
  });
});
