// The float16 packer against tfjs's own float16 decoder (what loads the shipped weights).
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { float32BytesToFloat16, halfBits } from './float16.mjs';

function decodeWithTfjs(values) {
  const half = float32BytesToFloat16(new Uint8Array(Float32Array.from(values).buffer));
  const spec = [
    {
      name: 'w',
      shape: [values.length],
      dtype: 'float32',
      quantization: { dtype: 'float16', original_dtype: 'float32' },
    },
  ];
  const map = tf.io.decodeWeights(half.slice().buffer, spec);
  const out = Array.from(map.w.dataSync());
  map.w.dispose();
  return { half, out };
}

describe('float16 packing', () => {
  it('halves the bytes and is exact for values a half can hold', () => {
    const exact = [0, -0, 1, -2, 0.5, 0.099975586, 65504, -65504, 2 ** -14, 2 ** -24, 1.5, 3.140625];
    const { half, out } = decodeWithTfjs(exact);
    expect(half.byteLength).toBe(exact.length * 2);
    expect(out).toEqual(exact.map((v) => Math.fround(v)));
  });

  it('rounds other values to within half a unit in the last place, ties to even', () => {
    const values = Array.from({ length: 2000 }, (_, i) => Math.sin(i * 12.9898) * 10 ** ((i % 9) - 5));
    const { out } = decodeWithTfjs(values);
    for (let i = 0; i < values.length; i++) {
      const v = Math.fround(values[i]);
      const ulp = Math.abs(v) >= 2 ** -14 ? 2 ** (Math.floor(Math.log2(Math.abs(v))) - 10) : 2 ** -24;
      expect(Math.abs(out[i] - v)).toBeLessThanOrEqual(ulp / 2);
    }
    expect(halfBits(1 + 2 ** -11)).toBe(0x3c00); // a tie rounds to the even mantissa
    expect(halfBits(1 + 3 * 2 ** -11)).toBe(0x3c02);
  });

  it('maps overflow to infinity and keeps NaN a NaN', () => {
    expect(halfBits(1e6)).toBe(0x7c00);
    expect(halfBits(-Infinity)).toBe(0xfc00);
    expect(halfBits(NaN) & 0x7c00).toBe(0x7c00);
    expect(halfBits(NaN) & 0x3ff).not.toBe(0);
  });
});
