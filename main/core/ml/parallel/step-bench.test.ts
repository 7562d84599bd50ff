// The bench's measurements are well-formed (speed itself is printed by `bench`, never asserted).
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../tf/backend';
import { buildReplicaWorker } from '../../jobs/test-workers/build-worker';
import { buildEnergy, buildGenerator, PROTOCOL_GENERATOR_CONFIG } from '../ebm/ebm-model';
import { benchAdam, benchParallelStep } from './step-bench';

let workerPath = '';
beforeAll(async () => {
  await initBackend('wasm');
  workerPath = await buildReplicaWorker('step-bench');
});

describe('parallel step bench', () => {
  it('reports rates, CPU time and phase shares for 1 and 2 threads, and leaves no tensors behind', async () => {
    const config = { ...PROTOCOL_GENERATOR_CONFIG, hidden: [32], energyHidden: [16] };
    const before = tf.memory().numTensors;
    const b = await benchParallelStep({
      spec: { kind: 'generator', config, seed: 1, masks: 'center' },
      nets: () => [buildGenerator(config.hidden, 1), buildEnergy(config.energyHidden, 2)],
      adam: { learningRate: 1e-3, beta1: 0.9, beta2: 0.999 },
      workers: [2],
      batchSize: 16,
      steps: 2,
      rounds: 1,
      warmup: 1,
      backend: 'wasm',
      workerPath,
    });
    expect(b.workers).toEqual([1, 2]);
    for (const w of ['1', '2']) {
      expect(b.examplesPerSec[w]).toBeGreaterThan(0);
      expect(b.cpuMsPerStep[w]).toBeGreaterThan(0);
      const shares = Object.values(b.share[w]);
      expect(shares.every((s) => s >= 0 && s <= 1)).toBe(true);
      expect(shares.reduce((a, s) => a + s, 0)).toBeLessThanOrEqual(1.01);
    }
    expect(Number.isFinite(b.speedup) && Number.isFinite(b.cpuSpeedup)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('times tf.train.adam and the fused kernel on the same shapes', () => {
    const before = tf.memory().numTensors;
    const a = benchAdam([[30, 20], [20], [20, 3]], 2);
    expect(a.params).toBe(30 * 20 + 20 + 20 * 3);
    expect(a.tfAdamMs).toBeGreaterThan(0);
    expect(a.fusedMs).toBeGreaterThanOrEqual(0);
    expect(a.simd).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });
});
