import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend';
import { layersModelFromFiles, layersModelToFiles } from './tf-io';

function tiny(): tf.Sequential {
  const m = tf.sequential();
  m.add(
    tf.layers.dense({
      units: 4,
      inputShape: [3],
      activation: 'relu',
      kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
    }),
  );
  m.add(tf.layers.dense({ units: 2, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }));
  return m;
}

beforeAll(async () => {
  await initBackend('wasm');
});

describe('layers model files', () => {
  it('writes the standard layout whose manifest names the stored weights file', async () => {
    const m = tiny();
    const files = await layersModelToFiles(m, 'net');
    expect(Object.keys(files).sort()).toEqual(['net.json', 'net.weights.bin']);
    const json = JSON.parse(new TextDecoder().decode(files['net.json']));
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest[0].paths).toEqual(['net.weights.bin']);
    expect(files['net.weights.bin'].byteLength).toBe((3 * 4 + 4 + 4 * 2 + 2) * 4);
    m.dispose();
  });

  it('loads back a model with identical weights and predictions, and leaks nothing', async () => {
    const m = tiny();
    const files = await layersModelToFiles(m, 'net');
    const before = tf.memory().numTensors;
    const loaded = await layersModelFromFiles(files, 'net');
    const x = tf.tensor2d([[0.1, -0.5, 2]]);
    const a = tf.tidy(() => Array.from((m.predict(x) as tf.Tensor).dataSync()));
    const b = tf.tidy(() => Array.from((loaded.predict(x) as tf.Tensor).dataSync()));
    expect(b).toEqual(a);
    x.dispose();
    loaded.dispose();
    expect(tf.memory().numTensors).toBe(before);
    m.dispose();
  });

  it('names the missing file when the weights are absent or the JSON is broken', async () => {
    const m = tiny();
    const files = await layersModelToFiles(m, 'net');
    m.dispose();
    await expect(layersModelFromFiles({ 'net.json': files['net.json'] }, 'net')).rejects.toThrow(
      /net\.weights\.bin .*missing/,
    );
    await expect(
      layersModelFromFiles({ ...files, 'net.json': new TextEncoder().encode('{oops') }, 'net'),
    ).rejects.toThrow(/net\.json is not valid JSON/);
    await expect(layersModelFromFiles({}, 'net')).rejects.toThrow(/net\.json is missing/);
  });
});
