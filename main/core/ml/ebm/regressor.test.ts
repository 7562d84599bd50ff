// The L2 regressor (kind 'regressor', trained by ebm-train.ts): the generator's network trained with plain L2
// on the missing pixels, the supervised baseline beside the energy-based generator.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../tf/backend';
import { hostBatch, type TrainData } from '../data/batches';
import { loadModel } from '../load-model';
import { mnistSubset } from '../test-fixtures';
import { trainModel } from '../train-model';

let data: TrainData;
beforeAll(async () => {
  await initBackend('wasm');
  data = { name: 'mnist-subset', train: await mnistSubset('train', 1024), test: await mnistSubset('test', 100) };
});

describe('regressor', () => {
  it('lowers its L2 loss, saves G without an energy net, and keeps known pixels', async () => {
    const m = await trainModel({ kind: 'regressor', epochs: 3, batchSize: 64, seed: 2 }, data, {
      generatorConfig: { hidden: [128] },
    });
    const curve = m.metadata.curve as { loss: number }[];
    expect(curve.at(-1)!.loss).toBeLessThan(curve[0].loss * 0.8);
    // Its metadata records its own settings (and its training threads), none of the energy network's.
    expect(Object.keys(m.metadata.config as object).sort()).toEqual([
      'batchSize',
      'beta1',
      'beta2',
      'hidden',
      'learningRate',
      'masks',
      'workers',
    ]);
    expect(Object.keys(m.files).sort()).toEqual([
      'generator.json',
      'generator.weights.bin',
      'optimizer.json',
      'optimizer.weights.bin',
    ]);
    const before = tf.memory().numTensors;
    const loaded = await loadModel('regressor', m.files);
    expect(loaded.judge).toBeUndefined();
    const b = hostBatch(data.test, [0, 1, 2, 3], 9);
    const out = loaded.inpainters[0].inpaint(b.corrupted, b.masks, 4);
    for (let i = 0; i < out.length; i++) if (!b.masks[i]) expect(out[i]).toBe(b.corrupted[i]);
    expect(() => loaded.inpainters[0].inpaint(b.corrupted, b.masks, 5)).toThrow(/expected 5×784/);
    loaded.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('cannot resume from a generator', async () => {
    const g = await trainModel({ kind: 'generator', epochs: 1, subset: 128, seed: 2 }, data, {
      generatorConfig: { hidden: [16], energyHidden: [8] },
    });
    await expect(trainModel({ kind: 'regressor', epochs: 1 }, data, { resumeFrom: g.files })).rejects.toThrow(
      /cannot resume a regressor from a saved generator/,
    );
  });
});
