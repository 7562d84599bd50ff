import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { PIXELS } from '../../../../shared/image';
import { hostBatch, type TrainData } from '../data/batches';
import { loadModel } from '../load-model';
import { generatorInput } from '../ebm/ebm-model';
import { mnistSubset } from '../test-fixtures';
import { initBackend } from '../tf/backend';
import { trainModel } from '../train-model';
import { headUnits, splitHead } from '../mdn/mdn-model';
import { buildConvMdn } from './conv-mdn';

let data: TrainData;
beforeAll(async () => {
  expect((await initBackend('wasm')).name).toBe('wasm');
  data = { name: 'mnist-subset', train: await mnistSubset('train', 256), test: await mnistSubset('test', 32) };
});

describe('conv MDN', () => {
  it("keeps the MLP head's flat layout: K logits, K scales, K component-major mean images", () => {
    const k = 3;
    const net = buildConvMdn(k, 1);
    tf.tidy(() => {
      const input = generatorInput(tf.randomUniform([2, PIXELS], 0, 1, 'float32', 1), tf.zeros([2, PIXELS]));
      const raw = net.predict(input) as tf.Tensor2D;
      expect(raw.shape).toEqual([2, headUnits(k)]);
      const { logits, sigma, mu } = splitHead(raw, k, 0.03);
      expect(logits.shape).toEqual([2, k]);
      expect(sigma.min().dataSync()[0]).toBeGreaterThan(0.03);
      expect(mu.shape).toEqual([2, k, PIXELS]);
      // Component-major: component i's mean image is the sigmoid of channel i of the 1×1 means convolution.
      const layer = net.layers.find((l) => l.getClassName() === 'Conv2D' && l.getConfig().filters === k);
      if (!layer) throw new Error('no means convolution');
      const channels = tf.model({ inputs: net.inputs, outputs: layer.output as tf.SymbolicTensor });
      const maps = tf.sigmoid(channels.predict(input) as tf.Tensor4D); // 2×28×28×K
      const second = tf.reshape(tf.slice(maps, [1, 0, 0, 2], [1, 28, 28, 1]), [PIXELS]);
      const fromHead = tf.reshape(tf.slice(mu, [1, 2, 0], [1, 1, PIXELS]), [PIXELS]);
      expect(tf.max(tf.abs(tf.sub(second, fromHead))).dataSync()[0]).toBeLessThan(1e-6);
    });
    net.dispose();
  });

  it('trains (--arch conv), saves, loads and leaves known pixels unchanged', async () => {
    const m = await trainModel({ kind: 'mdn', arch: 'conv', components: 3, epochs: 1, subset: 64, seed: 2 }, data);
    expect((m.metadata.config as { arch: string }).arch).toBe('conv');
    const loaded = await loadModel('mdn', m.files);
    const b = hostBatch(data.test, [0, 1, 2, 3], 9, 'half');
    const out = loaded.inpainters[0].inpaint(b.corrupted, b.masks, 4);
    for (let i = 0; i < out.length; i++) {
      if (!b.masks[i]) expect(out[i]).toBe(b.corrupted[i]);
      else expect(out[i]).toBeGreaterThanOrEqual(0);
    }
    loaded.dispose();
  });
});
