import { describe, expect, it } from 'vitest';
import { evalFamilies, evalRows, flattenMeta } from './meta-format';

describe('flattenMeta', () => {
  it('flattens nested objects into dotted keys and rounds numbers', () => {
    expect(flattenMeta({ seed: 7, metrics: { mse: 0.0123456, psnr: 19 }, backend: 'wasm' })).toEqual([
      ['seed', '7'],
      ['metrics.mse', '0.01235'],
      ['metrics.psnr', '19'],
      ['backend', 'wasm'],
    ]);
  });

  it('summarises long arrays and skips what the view shows elsewhere', () => {
    expect(flattenMeta({ curve: [1, 2], sizes: [1568, 512, 512, 784], big: new Array(20).fill(0) })).toEqual([
      ['sizes', '1568, 512, 512, 784'],
      ['big', '[20 values]'],
    ]);
  });

  it('leaves eval rows to their own table, which formats them', () => {
    const meta = {
      eval: {
        n: 10000,
        rows: [
          { method: 'pca', d: 50, mse: 0.16123, psnr: 7.93, accuracy: 0.7135 },
          { method: 'clean (ceiling)', mse: 0, psnr: null, accuracy: 0.985 },
        ],
      },
    };
    expect(flattenMeta(meta)).toEqual([['eval.n', '10000']]);
    expect(evalRows(meta)).toEqual([
      { method: 'pca', d: '50', mse: '0.1612', psnr: '7.93', accuracy: '0.7135' },
      { method: 'clean (ceiling)', d: '', mse: '0.0000', psnr: '—', accuracy: '0.9850' },
    ]);
    expect(evalRows({})).toEqual([]);
  });
});

describe('per-family eval figures', () => {
  it('makes a row per method and d with accuracy / MSE per family, and keeps them out of the flat list', () => {
    const meta = {
      eval: {
        rows: [],
        families: {
          'center-gray': [{ method: 'generator', mse: 0.05, psnr: 13, accuracy: 0.96 }],
          half: [
            { method: 'generator', mse: 0.04, psnr: 14, accuracy: 0.9 },
            { method: 'pca-masked', d: 50, mse: 0.04, psnr: 14, accuracy: 0.85 },
          ],
        },
      },
    };
    const t = evalFamilies(meta);
    expect(t.families).toEqual(['center-gray', 'half']);
    expect(t.rows).toEqual([
      { label: 'generator', cells: ['0.9600 / 0.0500', '0.9000 / 0.0400'] },
      { label: 'pca-masked d=50', cells: ['—', '0.8500 / 0.0400'] },
    ]);
    expect(flattenMeta(meta).some(([k]) => k.startsWith('eval.families'))).toBe(false);
  });
});
