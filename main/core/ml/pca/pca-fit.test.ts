import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { symmetricEigen } from './pca-fit';
import { mulberry32 } from '../data/random';

function randomSymmetric(n: number, seed: number): Float64Array {
  const rand = mulberry32(seed);
  const x = Float64Array.from({ length: n * n }, () => rand() - 0.5);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += x[i * n + k] * x[j * n + k];
      a[i * n + j] = a[j * n + i] = s;
    }
  }
  return a;
}

describe('symmetricEigen', () => {
  it('satisfies A v = λ v with orthonormal vectors and ascending values', () => {
    const n = 40;
    const a = randomSymmetric(n, 1);
    a.fill(0, 0, n); // a zero row/column exercises the scale = 0 branch
    for (let i = 0; i < n; i++) a[i * n] = 0;
    const { values, vectors } = symmetricEigen(a, n);
    for (let j = 1; j < n; j++) expect(values[j]).toBeGreaterThanOrEqual(values[j - 1]);
    let worst = 0;
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < n; i++) {
        let av = 0;
        for (let k = 0; k < n; k++) av += a[i * n + k] * vectors[j * n + k];
        worst = Math.max(worst, Math.abs(av - values[j] * vectors[j * n + i]));
      }
      for (let q = 0; q < n; q++) {
        let dot = 0;
        for (let k = 0; k < n; k++) dot += vectors[j * n + k] * vectors[q * n + k];
        expect(dot).toBeCloseTo(j === q ? 1 : 0, 10);
      }
    }
    expect(worst).toBeLessThan(1e-10);
  });

  it('agrees with ml-matrix on the eigenvalues', () => {
    const n = 30;
    const a = randomSymmetric(n, 2);
    const ours = symmetricEigen(a, n).values;
    const theirs = new EigenvalueDecomposition(Matrix.from1DArray(n, n, a), { assumeSymmetric: true }).realEigenvalues;
    theirs.forEach((v, i) => expect(ours[i]).toBeCloseTo(v, 10));
  });

  it('rejects a matrix of the wrong size', () => {
    expect(() => symmetricEigen(new Float64Array(5), 2)).toThrow(/expected a 2×2 matrix/);
  });

  it.skipIf(!process.env.PCA_FULL)(
    'is faster than ml-matrix at 784×784 (manual)',
    () => {
      const n = 784;
      const a = randomSymmetric(n, 3);
      let t = performance.now();
      symmetricEigen(a, n);
      const ours = performance.now() - t;
      t = performance.now();
      new EigenvalueDecomposition(Matrix.from1DArray(n, n, a), { assumeSymmetric: true });
      const theirs = performance.now() - t;
      console.log(`784×784 eigen: ours ${(ours / 1000).toFixed(2)} s, ml-matrix ${(theirs / 1000).toFixed(2)} s`);
    },
    120_000,
  );
});
