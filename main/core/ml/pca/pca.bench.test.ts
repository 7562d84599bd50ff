// Manual measurement on the full data (skipped unless PCA_FULL=1):
//   PCA_FULL=1 npx vitest run main/ml/pca.bench.test.ts
// PCA_MODEL_CACHE=/tmp/x reuses a fitted model between runs; PCA_RIDGES=1,3,10 compares ridge scales.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { gatherFloat, PIXELS } from '../../../../shared/image';
import { maskedSquaredError, psnr } from '../../../../shared/metrics';
import { loadDataset } from '../data/mnist';
import { fitPca, type PcaModel } from './pca';
import { pcaFromFiles, pcaToFiles } from './pca-files';
import { createPcaInpainters, GappyPca } from './pca-inpainters';
import { applyMask, centerGrayMasks } from '../data/protocol';

async function fitOrLoad(images: Uint8Array, n: number): Promise<PcaModel> {
  const cache = process.env.PCA_MODEL_CACHE;
  if (cache) {
    try {
      return pcaFromFiles({
        'pca.json': await readFile(join(cache, 'pca.json')),
        'pca.bin': await readFile(join(cache, 'pca.bin')),
      });
    } catch {
      // fit below
    }
  }
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let tCov = 0;
  const model = await fitPca(images, n, { onProgress: (f) => (tCov = f < 1 ? performance.now() : tCov) });
  const t1 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  // CPU time shows the cost without other processes' load (the wall time includes waiting for a core).
  console.log(
    `backend ${tf.getBackend()}: fitPca on ${n} digits took ${((t1 - t0) / 1000).toFixed(2)} s wall ` +
      `(covariance ${((tCov - t0) / 1000).toFixed(2)} s, eigen ${((t1 - tCov) / 1000).toFixed(2)} s), ` +
      `${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU`,
  );
  if (cache) {
    await mkdir(cache, { recursive: true });
    for (const [name, bytes] of Object.entries(pcaToFiles(model))) await writeFile(join(cache, name), bytes);
  }
  return model;
}

describe.skipIf(!process.env.PCA_FULL)('PCA on the full MNIST (manual)', () => {
  it('fits 60k digits, then times and scores both methods', async () => {
    try {
      await tf.setBackend('wasm');
      await tf.ready();
    } catch (err) {
      console.log('wasm backend unavailable:', (err as Error).message);
    }
    const ds = await loadDataset();
    const model = await fitOrLoad(ds.train.images, ds.train.n);
    expect(model.eigenvalues[0]).toBeGreaterThan(model.eigenvalues[1]);

    const nEval = Number(process.env.PCA_EVAL_N ?? 1000);
    const idx = Array.from({ length: nEval }, (_, i) => i);
    const clean = gatherFloat(ds.test.images, idx);
    const masks = centerGrayMasks(1, idx);
    const corrupted = applyMask(clean.slice(), masks);
    const score = (out: Float32Array) => {
      const { sse, count } = maskedSquaredError(out, clean, masks);
      return `mse ${(sse / count).toFixed(4)} psnr ${psnr(sse / count).toFixed(2)}`;
    };
    const meanFill = new Float32Array(clean.length).map((_, i) => (masks[i] ? model.mean[i % PIXELS] : corrupted[i]));
    console.log(`mean fill: ${score(meanFill)} | gray fill: ${score(corrupted)}`);
    const methods = createPcaInpainters(model);
    const ridges = (process.env.PCA_RIDGES ?? '').split(',').filter(Boolean).map(Number);
    for (const d of [5, 10, 20, 50, 100, 200, 400, 784]) {
      const row = methods.map((m) => `${m.id} ${score(m.inpaint(corrupted, masks, nEval, { d }))}`);
      for (const s of ridges)
        row.push(`ridge×${s} ${score(new GappyPca(model, s).inpaint(corrupted, masks, nEval, d))}`);
      console.log(`d=${d}: ${row.join(' | ')}`);
    }
    if (process.env.PCA_SKIP_TIMING) return;
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
        console.log(
          `${m.id} d=${d}: single image median ${times[30].toFixed(2)} ms ` +
            `(first call ${first.toFixed(1)} ms, p95 ${times[57].toFixed(2)} ms)`,
        );
      }
    }
  }, 900_000);
});
