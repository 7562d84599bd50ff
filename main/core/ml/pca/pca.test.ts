import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { Matrix, solve } from 'ml-matrix';
import { beforeAll, describe, expect, it } from 'vitest';
import { PIXELS, toFloatBatch } from '../../../../shared/image';
import { fitPca, type PcaModel } from './pca';
import { createPcaInpainters, GappyPca, Q_CACHE_SIZE, RIDGE_SCALE, ridgeFor } from './pca-inpainters';
import { applyMask, centerGrayMasks } from '../data/protocol';
import { mulberry32 } from '../data/random';
import { mnistSubset } from '../test-fixtures';

const N = 2000;
let model: PcaModel;
let images: Uint8Array;

beforeAll(async () => {
  try {
    await tf.setBackend('wasm');
    await tf.ready();
  } catch {
    // cpu backend: slower, same results
  }
  images = (await mnistSubset('train', N)).images;
  const before = tf.memory().numTensors;
  model = await fitPca(images, N);
  expect(tf.memory().numTensors).toBe(before);
});

function dot(a: Float32Array, i: number, j: number): number {
  let s = 0;
  for (let p = 0; p < PIXELS; p++) s += a[i * PIXELS + p] * a[j * PIXELS + p];
  return s;
}

const clip01 = (v: number): number => Math.min(1, Math.max(0, v));

describe('fitPca', () => {
  it('finds the known principal axes of points on a tilted ellipse', async () => {
    // Pixels 0 and 1 follow (a cos t, b sin t) rotated by 30°; every other pixel is constant.
    // Closed form: eigenvalues a²/2 and b²/2 along (cos30°, sin30°) and (−sin30°, cos30°).
    const n = 360;
    const a = 100;
    const b = 40;
    const th = Math.PI / 6;
    const data = new Uint8Array(n * PIXELS).fill(7);
    const exact: [number, number][] = [];
    for (let i = 0; i < n; i++) {
      const t = (2 * Math.PI * i) / n;
      const [u, v] = [a * Math.cos(t), b * Math.sin(t)];
      const x = Math.round(128 + u * Math.cos(th) - v * Math.sin(th));
      const y = Math.round(128 + u * Math.sin(th) + v * Math.cos(th));
      data[i * PIXELS] = x;
      data[i * PIXELS + 1] = y;
      exact.push([x / 255, y / 255]);
    }
    // Oracle: the 2×2 covariance of the rounded points, eigen-decomposed in closed form.
    const mx = exact.reduce((s, p) => s + p[0], 0) / n;
    const my = exact.reduce((s, p) => s + p[1], 0) / n;
    const sxx = exact.reduce((s, p) => s + (p[0] - mx) ** 2, 0) / n;
    const syy = exact.reduce((s, p) => s + (p[1] - my) ** 2, 0) / n;
    const sxy = exact.reduce((s, p) => s + (p[0] - mx) * (p[1] - my), 0) / n;
    const half = Math.sqrt(((sxx - syy) / 2) ** 2 + sxy ** 2);
    const l1 = (sxx + syy) / 2 + half;
    const l2 = (sxx + syy) / 2 - half;
    const angle = 0.5 * Math.atan2(2 * sxy, sxx - syy);

    const m = await fitPca(data, n);
    expect(m.mean[0]).toBeCloseTo(mx, 5);
    expect(m.mean[5]).toBeCloseTo(7 / 255, 6);
    expect(m.eigenvalues[0]).toBeCloseTo(l1, 4);
    expect(m.eigenvalues[1]).toBeCloseTo(l2, 4);
    expect(l1 / l2).toBeGreaterThan(5); // the oracle itself is near a²/b²
    expect(m.eigenvalues[2]).toBeLessThan(1e-5);
    expect(Math.abs(m.components[0] * Math.cos(angle) + m.components[1] * Math.sin(angle))).toBeCloseTo(1, 4);
    expect(Math.abs(angle - th)).toBeLessThan(0.02);
  });

  it('gives orthonormal components with descending, non-negative eigenvalues', () => {
    for (let k = 1; k < PIXELS; k++) expect(model.eigenvalues[k]).toBeLessThanOrEqual(model.eigenvalues[k - 1]);
    expect(model.eigenvalues[PIXELS - 1]).toBeGreaterThanOrEqual(0);
    const rand = mulberry32(3);
    for (let t = 0; t < 200; t++) {
      const i = Math.floor(rand() * PIXELS);
      const j = Math.floor(rand() * PIXELS);
      expect(dot(model.components, i, j)).toBeCloseTo(i === j ? 1 : 0, 4);
    }
    for (let k = 0; k < 20; k++) expect(dot(model.components, k, k)).toBeCloseTo(1, 5);
  });

  it('matches the variance of the data projected on each leading component', () => {
    const x = toFloatBatch(images, 0, N);
    for (const k of [0, 1, 9]) {
      let s = 0;
      let s2 = 0;
      for (let i = 0; i < N; i++) {
        let c = 0;
        for (let p = 0; p < PIXELS; p++) c += model.components[k * PIXELS + p] * (x[i * PIXELS + p] - model.mean[p]);
        s += c;
        s2 += c * c;
      }
      expect(s2 / N - (s / N) ** 2).toBeCloseTo(model.eigenvalues[k], 3);
    }
  });

  it('reports progress up to 1 and stops when aborted', async () => {
    const seen: number[] = [];
    await fitPca(images.subarray(0, 300 * PIXELS), 300, { chunkRows: 100, onProgress: (f) => seen.push(f) });
    expect(seen.length).toBeGreaterThanOrEqual(4);
    expect(seen.at(-1)).toBe(1);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    const ctrl = new AbortController();
    const before = tf.memory().numTensors;
    const run = fitPca(images, N, { chunkRows: 200, signal: ctrl.signal, onProgress: () => ctrl.abort() });
    await expect(run).rejects.toThrow(/cancelled/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects bad input', async () => {
    await expect(fitPca(new Uint8Array(10), 1)).rejects.toThrow(/at least 2 images/);
    await expect(fitPca(new Uint8Array(10), 2)).rejects.toThrow(/expected 2×784/);
  });
});

describe('PCA inpainters', () => {
  const n = 40;
  let clean: Float32Array;
  let masks: Uint8Array;
  let corrupted: Float32Array;
  beforeAll(async () => {
    const test = await mnistSubset('test', n);
    clean = toFloatBatch(test.images, 0, n);
    masks = centerGrayMasks(
      11,
      Array.from({ length: n }, (_, i) => i),
    );
    corrupted = applyMask(clean.slice(), masks);
  });
  const method = (id: string) => createPcaInpainters(model).find((m) => m.id === id)!;

  it('registers pca and pca-masked', () => {
    expect(createPcaInpainters(model).map((m) => m.id)).toEqual(['pca', 'pca-masked']);
  });

  it('projection with d = 784 reproduces its unmasked input', () => {
    const none = new Uint8Array(n * PIXELS);
    const all = new Uint8Array(n * PIXELS).fill(1); // every pixel "missing": the output is the projection itself
    const out = method('pca').inpaint(clean, all, n, { d: 784 });
    let worst = 0;
    for (let i = 0; i < out.length; i++) worst = Math.max(worst, Math.abs(out[i] - clean[i]));
    expect(worst).toBeLessThan(1e-4);
    expect(method('pca').inpaint(clean, none, n, { d: 784 })).toEqual(clean);
  });

  it('projection with d = 1 gives mean + one component', () => {
    const all = new Uint8Array(PIXELS).fill(1);
    const x = clean.subarray(0, PIXELS);
    const out = method('pca').inpaint(x, all, 1, { d: 1 });
    let c = 0;
    for (let p = 0; p < PIXELS; p++) c += model.components[p] * (x[p] - model.mean[p]);
    for (const p of [0, 300, 400, 783]) expect(out[p]).toBeCloseTo(model.mean[p] + c * model.components[p], 5);
  });

  it('projection gives the same result through the discarded components when d > 392', () => {
    // Oracle: x̂ = μ + Σ_{k<d} (v_k·(x − μ)) v_k computed directly, at d = 500 (the method uses 784 − d rows).
    const d = 500;
    const x = corrupted.subarray(0, PIXELS);
    const all = new Uint8Array(PIXELS).fill(1);
    const want = Float64Array.from(model.mean);
    for (let k = 0; k < d; k++) {
      let c = 0;
      for (let p = 0; p < PIXELS; p++) c += model.components[k * PIXELS + p] * (x[p] - model.mean[p]);
      for (let p = 0; p < PIXELS; p++) want[p] += c * model.components[k * PIXELS + p];
    }
    const out = method('pca').inpaint(x, all, 1, { d });
    let worst = 0;
    // The method clips its fill to [0,1] (the contract's pixel range); the oracle is clipped alike.
    for (let p = 0; p < PIXELS; p++) worst = Math.max(worst, Math.abs(out[p] - clip01(want[p])));
    expect(worst).toBeLessThan(1e-4);
  });

  it('pca-masked with an empty mask reproduces its input', () => {
    const none = new Uint8Array(n * PIXELS);
    for (const d of [1, 50, 784]) expect(method('pca-masked').inpaint(corrupted, none, n, { d })).toEqual(corrupted);
  });

  it('both methods keep known pixels exactly and fill missing ones with finite values', () => {
    for (const id of ['pca', 'pca-masked']) {
      for (const d of [1, 20, 784]) {
        const out = method(id).inpaint(corrupted, masks, n, { d });
        let changedKnown = 0;
        let nonFinite = 0;
        let changedMissing = 0;
        for (let i = 0; i < out.length; i++) {
          if (!masks[i]) changedKnown += out[i] === corrupted[i] ? 0 : 1;
          else {
            nonFinite += Number.isFinite(out[i]) ? 0 : 1;
            changedMissing += out[i] === corrupted[i] ? 0 : 1;
          }
        }
        expect({ id, d, changedKnown, nonFinite }).toEqual({ id, d, changedKnown: 0, nonFinite: 0 });
        if (!(id === 'pca' && d === 784)) expect(changedMissing).toBeGreaterThan(0);
      }
    }
  });

  it('pca-masked solves the ridge least-squares system of its definition', () => {
    // Oracle: (V_KᵀV_K + λΛ⁻¹) c = V_Kᵀ(x_K − μ_K) solved by ml-matrix, then x̂_M = μ_M + V_M c.
    const d = 15;
    const x = corrupted.subarray(0, PIXELS);
    const mask = masks.subarray(0, PIXELS);
    const lambda = RIDGE_SCALE * ridgeFor(model.eigenvalues, d);
    const A = Matrix.zeros(d, d);
    const b = Matrix.zeros(d, 1);
    for (let p = 0; p < PIXELS; p++) {
      if (mask[p]) continue;
      for (let i = 0; i < d; i++) {
        const vi = model.components[i * PIXELS + p];
        b.set(i, 0, b.get(i, 0) + vi * (x[p] - model.mean[p]));
        for (let j = 0; j < d; j++) A.set(i, j, A.get(i, j) + vi * model.components[j * PIXELS + p]);
      }
    }
    for (let i = 0; i < d; i++) A.set(i, i, A.get(i, i) + lambda / model.eigenvalues[i]);
    const c = solve(A, b);
    const out = method('pca-masked').inpaint(x, mask, 1, { d });
    let checked = 0;
    for (let p = 0; p < PIXELS; p++) {
      if (!mask[p]) continue;
      let want = model.mean[p];
      for (let i = 0; i < d; i++) want += model.components[i * PIXELS + p] * c.get(i, 0);
      expect(out[p]).toBeCloseTo(clip01(want), 4); // the method clips its fill to [0,1]
      checked++;
    }
    expect(checked).toBeGreaterThan(40);
  });

  it('gives the same answer in pixel space (cached or not) and coefficient space, free-form masks too', () => {
    const rand = mulberry32(5);
    const free = Uint8Array.from({ length: 4 * PIXELS }, () => (rand() < 0.3 ? 1 : 0));
    const x = applyMask(clean.slice(0, 4 * PIXELS), free);
    for (const d of [3, 60, 300]) {
      const coef = new GappyPca(model).inpaint(x, free, 4, d, 'coef');
      const pixel = new GappyPca(model).inpaint(x, free, 4, d, 'pixel'); // n = 4 builds the cached Q_d
      const g = new GappyPca(model);
      const pixelUncached = g.inpaint(x.subarray(0, PIXELS), free.subarray(0, PIXELS), 1, d, 'pixel');
      let worst = 0;
      for (let i = 0; i < PIXELS * 4; i++) worst = Math.max(worst, Math.abs(pixel[i] - coef[i]));
      for (let i = 0; i < PIXELS; i++) worst = Math.max(worst, Math.abs(pixelUncached[i] - coef[i]));
      expect(worst).toBeLessThan(1e-4);
      expect(coef.some((v, i) => free[i] === 1 && v !== 0)).toBe(true);
    }
  });

  it('keeps four d values in rotation cached, evicting the least recently used beyond its size', () => {
    const g = new GappyPca(model);
    const x = corrupted.subarray(0, 4 * PIXELS);
    const m = masks.subarray(0, 4 * PIXELS);
    for (let round = 0; round < 2; round++) for (const d of [10, 20, 30, 40]) g.inpaint(x, m, 4, d, 'pixel');
    expect(g.cachedDimensions()).toEqual([10, 20, 30, 40]);
    expect(Q_CACHE_SIZE).toBeGreaterThanOrEqual(4);
    const extra = Array.from({ length: Q_CACHE_SIZE - 4 }, (_, k) => 50 + k);
    for (const d of extra) g.inpaint(x, m, 4, d, 'pixel');
    g.inpaint(x, m, 4, 10, 'pixel'); // 10 becomes the most recent: 20 is now the oldest
    g.inpaint(x, m, 4, 99, 'pixel');
    expect(g.cachedDimensions()).toEqual([30, 40, ...extra, 10, 99]);
  });

  it('fills a fully missing image with the mean', () => {
    const all = new Uint8Array(PIXELS).fill(1);
    const out = method('pca-masked').inpaint(corrupted.subarray(0, PIXELS), all, 1, { d: 30 });
    for (let p = 0; p < PIXELS; p++) expect(out[p]).toBeCloseTo(model.mean[p], 6);
  });

  it('pca-masked beats filling with gray on real digits', () => {
    const out = method('pca-masked').inpaint(corrupted, masks, n, { d: 50 });
    let errOut = 0;
    let errGray = 0;
    for (let i = 0; i < out.length; i++) {
      if (!masks[i]) continue;
      errOut += (out[i] - clean[i]) ** 2;
      errGray += (corrupted[i] - clean[i]) ** 2;
    }
    expect(errOut).toBeLessThan(0.8 * errGray);
  });

  it('rejects a bad d with a clear error', () => {
    for (const id of ['pca', 'pca-masked']) {
      for (const d of [0, 785, 2.5, Number.NaN, -1]) {
        expect(() => method(id).inpaint(corrupted, masks, n, { d })).toThrow(/d must be an integer from 1 to 784/);
      }
    }
  });

  it('rejects a batch whose arrays do not match n', () => {
    expect(() => method('pca').inpaint(corrupted, masks, n + 1, { d: 5 })).toThrow(/expected 41×784/);
  });
});
