import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../tf/backend';
import type { TrainData } from '../data/batches';
import { loadModel } from '../load-model';
import { mnistSubset } from '../test-fixtures';
import { trainModel } from '../train-model';
import { gatherFloat } from '../../../../shared/image';

let data: TrainData;
beforeAll(async () => {
  await initBackend('wasm');
  data = { name: 'mnist-subset', train: await mnistSubset('train', 2000), test: await mnistSubset('test', 500) };
});

describe('classifier', () => {
  it('learns digits from 2k images well above chance and judges with probabilities', async () => {
    const baseline = tf.memory().numTensors;
    const m = await trainModel({ kind: 'classifier', epochs: 3, seed: 3 }, data);
    expect(tf.memory().numTensors).toBe(baseline);
    const metrics = m.metadata.metrics as { testAccuracy: number };
    // 3 epochs of 2k images (45 steps) with real dropout (a fresh mask every step) reach ~0.83–0.85;
    // chance is 0.1.
    expect(metrics.testAccuracy).toBeGreaterThan(0.8);
    const loaded = await loadModel('classifier', m.files);
    const probs = loaded.judge!.classify!(gatherFloat(data.test.images, [0, 1, 2, 3]), 4);
    expect(probs).toHaveLength(40);
    for (let b = 0; b < 4; b++) {
      const row = Array.from(probs.subarray(b * 10, b * 10 + 10));
      expect(row.reduce((a, v) => a + v, 0)).toBeCloseTo(1, 5);
      expect(row.indexOf(Math.max(...row))).toBe(data.test.labels[b]);
    }
    expect(loaded.inpainters).toEqual([]);
    loaded.dispose();
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('refuses to resume (only generator and regressor keep optimizer state)', async () => {
    await expect(trainModel({ kind: 'classifier', epochs: 1 }, data, { resumeFrom: {} })).rejects.toThrow(
      /not the classifier/,
    );
  });
});
