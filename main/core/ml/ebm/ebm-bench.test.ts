import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../tf/backend';
import { benchEbmStep } from './ebm-bench';
import { PROTOCOL_GENERATOR_CONFIG } from './ebm-model';

describe('benchEbmStep', () => {
  it('measures a positive rate and leaves no tensors behind', async () => {
    await initBackend('wasm');
    const before = tf.memory().numTensors;
    const rate = benchEbmStep({
      steps: 3,
      warmup: 1,
      batchSize: 16,
      config: { ...PROTOCOL_GENERATOR_CONFIG, hidden: [32], energyHidden: [16] },
    });
    expect(rate).toBeGreaterThan(0);
    expect(Number.isFinite(rate)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });
});
