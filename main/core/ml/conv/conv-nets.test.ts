import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { PIXELS } from '../../../../shared/image';
import { batchTensors, disposeBatch, hostBatch, type TrainData } from '../data/batches';
import { loadModel } from '../load-model';
import { ebmStep, maskedL2, regressorStep, variablesOf } from '../ebm/ebm-step';
import { compositeTensor, generatorInput } from '../ebm/ebm-model';
import { DEFAULT_GENERATOR_CONFIG } from '../ebm/ebm-defaults';
import { mnistSubset } from '../test-fixtures';
import { initBackend } from '../tf/backend';
import { trainModel } from '../train-model';
import { buildConvClassifier, buildConvEnergy, buildConvGenerator } from './conv-nets';

let data: TrainData;
beforeAll(async () => {
  expect((await initBackend('wasm')).name).toBe('wasm');
  data = { name: 'mnist-subset', train: await mnistSubset('train', 256), test: await mnistSubset('test', 32) };
});

function masked(g: tf.LayersModel, b: ReturnType<typeof batchTensors>): number {
  return tf.tidy(() => {
    const proposal = g.apply(generatorInput(b.corrupted, b.mask)) as tf.Tensor2D;
    return maskedL2(compositeTensor(b.corrupted, b.mask, proposal), b.clean, b.mask).dataSync()[0];
  });
}

describe('conv nets', () => {
  it('have the flat shapes of the MLPs and a U-Net of 100–200k parameters', () => {
    const g = buildConvGenerator(1);
    const e = buildConvEnergy(1);
    const c = buildConvClassifier(1);
    expect(g.countParams()).toBeGreaterThan(100_000);
    expect(g.countParams()).toBeLessThan(200_000);
    tf.tidy(() => {
      expect((g.predict(tf.zeros([3, 2 * PIXELS])) as tf.Tensor).shape).toEqual([3, PIXELS]);
      expect((e.predict(tf.zeros([3, PIXELS])) as tf.Tensor).shape).toEqual([3, 1]);
      expect((c.predict(tf.zeros([3, PIXELS])) as tf.Tensor).shape).toEqual([3, 10]);
    });
    [g, e, c].forEach((m) => m.dispose());
  });

  it('a short conv training run lowers the masked L2, with no tensor leaked per step', () => {
    const g = buildConvGenerator(3);
    const optimizer = tf.train.adam(2e-3);
    const variables = variablesOf(g);
    const batch = batchTensors(
      hostBatch(
        data.train,
        Uint32Array.from({ length: 16 }, (_, i) => i),
        4,
        'mix',
      ),
    );
    const before = masked(g, batch);
    regressorStep(g, optimizer, variables, batch); // the optimizer makes its slots on the first step
    const tensors = tf.memory().numTensors;
    for (let s = 0; s < 24; s++) regressorStep(g, optimizer, variables, batch);
    expect(tf.memory().numTensors).toBe(tensors);
    const after = masked(g, batch);
    expect(after).toBeLessThan(before * 0.7);
    disposeBatch(batch);
    g.dispose();
    optimizer.dispose();
  });

  it('a conv G+E step (energy loss through the reversal) leaks no tensors', () => {
    const nets = { generator: buildConvGenerator(5), energy: buildConvEnergy(6) };
    const optimizer = tf.train.adam(1e-3, 0.5);
    const variables = variablesOf(nets.generator, nets.energy);
    const batch = batchTensors(hostBatch(data.train, [0, 1, 2, 3, 4, 5, 6, 7], 4, 'mix'));
    ebmStep(nets, DEFAULT_GENERATOR_CONFIG, optimizer, variables, batch, 1);
    const tensors = tf.memory().numTensors;
    for (let s = 0; s < 3; s++) {
      const stats = ebmStep(nets, DEFAULT_GENERATOR_CONFIG, optimizer, variables, batch, 2 + s);
      expect(Number.isFinite(stats.loss)).toBe(true);
    }
    expect(tf.memory().numTensors).toBe(tensors);
    disposeBatch(batch);
    nets.generator.dispose();
    nets.energy.dispose();
    optimizer.dispose();
  });

  it('trains, saves and loads as a regressor: known pixels unchanged on every mask family', async () => {
    const m = await trainModel(
      { kind: 'regressor', arch: 'conv', epochs: 1, subset: 64, batchSize: 32, seed: 2 },
      data,
    );
    expect((m.metadata.config as { arch: string }).arch).toBe('conv');
    const loaded = await loadModel('regressor', m.files);
    for (const family of ['center-gray', 'half', 'strokes'] as const) {
      const b = hostBatch(data.test, [0, 1, 2, 3], 9, family);
      const out = loaded.inpainters[0].inpaint(b.corrupted, b.masks, 4);
      for (let i = 0; i < out.length; i++) if (!b.masks[i]) expect(out[i]).toBe(b.corrupted[i]);
    }
    loaded.dispose();
  });

  it('trains a CNN classifier (--arch conv) that beats chance after a short run', async () => {
    const m = await trainModel(
      { kind: 'classifier', arch: 'conv', epochs: 2, subset: 256, batchSize: 32, seed: 1 },
      data,
    );
    expect((m.metadata.config as { arch: string }).arch).toBe('conv');
    expect((m.metadata.metrics as { testAccuracy: number }).testAccuracy).toBeGreaterThan(0.3);
  });
});
