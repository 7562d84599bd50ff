import { describe, expect, it } from 'vitest';
import { flattenMeta } from './meta-format';

describe('flattenMeta', () => {
  it('flattens nested objects into dotted keys and rounds numbers', () => {
    expect(flattenMeta({ seed: 7, metrics: { mse: 0.0123456, psnr: 19 }, backend: 'wasm' })).toEqual([
      ['seed', '7'], ['metrics.mse', '0.01235'], ['metrics.psnr', '19'], ['backend', 'wasm'],
    ]);
  });

  it('summarises long arrays and skips what the view shows elsewhere', () => {
    expect(flattenMeta({ curve: [1, 2], sizes: [1568, 512, 512, 784], big: new Array(20).fill(0) })).toEqual([
      ['sizes', '1568, 512, 512, 784'], ['big', '[20 values]'],
    ]);
  });
});
