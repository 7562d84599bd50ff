// The MDN and the CRBM end to end on a small MNIST subset: train through trainModel, load the files,
// inpaint (known pixels exact, values in [0,1]), details (K completions summing to α = 1; a chain of
// `steps` images), and no tensor growth over repeated training steps or answers.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { PIXELS } from '../../../shared/image';
import { hostBatch, type TrainData } from './data/batches';
import { loadModel } from './load-model';
import { mnistSubset } from './test-fixtures';
import { trainModel } from './train-model';
import { initBackend } from './tf/backend';

let data: TrainData;
beforeAll(async () => {
  // wasm, as the app runs: the cpu backend made this file take a minute on a busy machine.
  expect((await initBackend('wasm')).name).toBe('wasm');
  data = { name: 'mnist-subset', train: await mnistSubset('train', 300), test: await mnistSubset('test', 20) };
});

describe.each(['mdn', 'crbm'] as const)('%s', (kind) => {
  it('trains, loads, and inpaints: known pixels exact, values in [0,1], details for the studio', async () => {
    const tensors = tf.memory().numTensors;
    // A small CRBM (64 hidden units, not 500): the same code paths at an eighth of the arithmetic.
    const size = kind === 'crbm' ? { hiddenUnits: 64 } : {};
    const trained = await trainModel({ kind, epochs: 1, batchSize: 32, subset: 128, seed: 3, ...size }, data);
    expect(tf.memory().numTensors).toBe(tensors); // 4 steps, a holdout check and the test MSE: nothing left over
    expect(trained.metadata.kind).toBe(kind);
    expect(Number.isFinite((trained.metadata.metrics as { testPatchMse: number }).testPatchMse)).toBe(true);
    const model = await loadModel(kind, trained.files);
    try {
      const m = model.inpainters[0];
      const b = hostBatch(data.test, [0, 1, 2, 3], 7);
      const params = kind === 'crbm' ? { steps: 4 } : undefined;
      const out = m.inpaint(b.corrupted, b.masks, b.n, params);
      for (let i = 0; i < out.length; i++) {
        if (!b.masks[i]) expect(out[i]).toBe(b.corrupted[i]);
        expect(out[i]).toBeGreaterThanOrEqual(0);
        expect(out[i]).toBeLessThanOrEqual(1);
      }
      const one = (a: Float32Array) => a.subarray(0, PIXELS);
      const before = tf.memory().numTensors;
      const d = m.details?.(one(b.corrupted), b.masks.subarray(0, PIXELS), params, one(b.clean));
      m.inpaint(b.corrupted, b.masks, b.n, params);
      expect(tf.memory().numTensors).toBe(before);
      if (kind === 'mdn') {
        const samples = d?.samples ?? [];
        expect(samples.length).toBe(5);
        expect(samples.reduce((s, x) => s + x.weight, 0)).toBeCloseTo(1, 5);
        expect(samples.reduce((s, x) => s + (x.posterior ?? 0), 0)).toBeCloseTo(1, 5);
        expect(samples.filter((x) => x.chosen).length).toBeLessThanOrEqual(1);
      } else {
        expect(d?.chain?.images.length).toBe(4);
        expect(d?.chain?.energies.every(Number.isFinite)).toBe(true);
        for (const img of d?.chain?.images ?? [])
          for (let p = 0; p < PIXELS; p++) if (!b.masks[p]) expect(img[p]).toBe(b.corrupted[p]);
      }
    } finally {
      model.dispose();
    }
  });
});
