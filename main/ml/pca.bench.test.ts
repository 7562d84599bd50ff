// Manual measurement on the full data (skipped unless PCA_FULL=1):
//   PCA_FULL=1 npx vitest run main/ml/pca.bench.test.ts
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { PIXELS } from './image';
import { maskedSquaredError, psnr } from './metrics';
import { loadDataset } from './mnist';
import { fitPca } from './pca';
import { createPcaInpainters } from './pca-inpainters';
import { applyMask, centerGrayMasks } from './protocol';
import { gatherFloat } from './image';

describe.skipIf(!process.env.PCA_FULL)('PCA on the full MNIST (manual)', () => {
  it('fits 60k digits, then times and scores both methods', async () => {
    try {
      await tf.setBackend('wasm');
      await tf.ready();
    } catch (err) {
      console.log('wasm backend unavailable:', (err as Error).message);
    }
    const ds = await loadDataset();
    const t0 = performance.now();
    const model = await fitPca(ds.train.images, ds.train.n);
    const fitSeconds = (performance.now() - t0) / 1000;
    console.log(`backend ${tf.getBackend()}: fitPca on ${ds.train.n} digits took ${fitSeconds.toFixed(2)} s`);
    expect(model.eigenvalues[0]).toBeGreaterThan(model.eigenvalues[1]);

    const methods = createPcaInpainters(model);
    const nEval = Number(process.env.PCA_EVAL_N ?? 1000);
    const idx = Array.from({ length: nEval }, (_, i) => i);
    const clean = gatherFloat(ds.test.images, idx);
    const masks = centerGrayMasks(1, idx);
    const corrupted = applyMask(clean.slice(), masks);
    for (const d of [5, 10, 20, 50, 100, 200, 400, 784]) {
      const row: string[] = [];
      for (const m of methods) {
        const out = m.inpaint(corrupted, masks, nEval, { d });
        const { sse, count } = maskedSquaredError(out, clean, masks);
        row.push(`${m.id} mse ${(sse / count).toFixed(4)} psnr ${psnr(sse / count).toFixed(2)}`);
      }
      console.log(`d=${d}: ${row.join(' | ')}`);
    }
    for (const d of [50, 784]) {
      for (const m of methods) {
        const times: number[] = [];
        for (let i = 0; i < 60; i++) {
          const one = corrupted.subarray(i * PIXELS, (i + 1) * PIXELS);
          const mask = masks.subarray(i * PIXELS, (i + 1) * PIXELS);
          const t = performance.now();
          m.inpaint(one, mask, 1, { d });
          times.push(performance.now() - t);
        }
        const first = times[0];
        times.sort((a, b) => a - b);
        console.log(`${m.id} d=${d}: single image median ${times[30].toFixed(2)} ms (first call ${first.toFixed(1)} ms, p95 ${times[57].toFixed(2)} ms)`);
      }
    }
  }, 600_000);
});
