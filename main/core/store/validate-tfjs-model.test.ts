import { describe, it, expect } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { validateTfjsModelJson } from './validate-tfjs-model';
import { StoreError } from './errors';
import type { ModelJson } from './test-fixtures';

/** Save a real tfjs model through memory: model.json object + weights bytes. */
async function saved(model: tf.LayersModel): Promise<{ json: ModelJson; files: Record<string, Uint8Array> }> {
  let out: { json: ModelJson; files: Record<string, Uint8Array> } | null = null;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      const bin = new Uint8Array(tf.io.CompositeArrayBuffer.join(a.weightData!));
      out = {
        json: JSON.parse(
          JSON.stringify({
            format: 'layers-model',
            modelTopology: a.modelTopology,
            weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs }],
          }),
        ),
        files: { 'weights.bin': bin },
      };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  model.dispose();
  return out!;
}

function mlp(): tf.LayersModel {
  const m = tf.sequential();
  m.add(tf.layers.dense({ inputShape: [784], units: 64, activation: 'relu' }));
  m.add(tf.layers.dropout({ rate: 0.1 }));
  m.add(tf.layers.leakyReLU({ alpha: 0.2 }));
  m.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
  return m;
}

function functional(): tf.LayersModel {
  const image = tf.input({ shape: [784] });
  const mask = tf.input({ shape: [784] });
  const joined = tf.layers.concatenate().apply([image, mask]) as tf.SymbolicTensor;
  const hidden = tf.layers.dense({ units: 32, activation: 'relu' }).apply(joined) as tf.SymbolicTensor;
  const reshaped = tf.layers.reshape({ targetShape: [4, 8] }).apply(hidden) as tf.SymbolicTensor;
  const flat = tf.layers.flatten().apply(reshaped) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 784, activation: 'sigmoid', useBias: false }).apply(flat) as tf.SymbolicTensor;
  return tf.model({ inputs: [image, mask], outputs: out });
}

const expectRejected = (json: unknown, files: Record<string, Uint8Array>, message: RegExp) => {
  expect(() => validateTfjsModelJson(json, files)).toThrowError(StoreError);
  expect(() => validateTfjsModelJson(json, files)).toThrowError(message);
};

describe('validateTfjsModelJson', () => {
  it('accepts a real Sequential MLP saved by tfjs', async () => {
    const { json, files } = await saved(mlp());
    expect(() => validateTfjsModelJson(json, files)).not.toThrow();
  });

  it('accepts a real functional model with Concatenate, Reshape and Flatten', async () => {
    const { json, files } = await saved(functional());
    expect(() => validateTfjsModelJson(json, files)).not.toThrow();
  });

  it('rejects an unknown layer class', async () => {
    const { json, files } = await saved(mlp());
    json.modelTopology.config.layers[1].class_name = 'Lambda';
    expectRejected(json, files, /layer class "Lambda"/);
  });

  it('rejects one huge Dense layer with 10^7 units', async () => {
    const { json, files } = await saved(mlp());
    json.modelTopology.config.layers[3].config.units = 1e7;
    expectRejected(json, files, /10000000 units/);
  });

  it('rejects a topology whose layers add up past the parameter cap', async () => {
    const { json, files } = await saved(mlp());
    const dense = json.modelTopology.config.layers[3];
    // 20 Dense layers of 4096 units: each within the unit cap, together ≈ 300M parameters.
    json.modelTopology.config.layers.splice(
      3,
      0,
      ...Array.from({ length: 20 }, (_, i) => ({ ...dense, config: { ...dense.config, name: `d${i}`, units: 4096 } })),
    );
    expectRejected(json, files, /past 5000000 parameters/);
  });

  it('rejects an orthogonal initializer (slow to build on a big matrix)', async () => {
    const { json, files } = await saved(mlp());
    json.modelTopology.config.layers[0].config.kernel_initializer = { class_name: 'Orthogonal', config: {} };
    expectRejected(json, files, /initializer "Orthogonal"/);
  });

  it('rejects a manifest path that is not in the model', async () => {
    const { json, files } = await saved(mlp());
    json.weightsManifest[0].paths = ['other.bin'];
    expectRejected(json, files, /other.bin is not in the model/);
  });

  it('rejects path-like manifest paths', async () => {
    const { json, files } = await saved(mlp());
    for (const p of ['../weights.bin', 'a/weights.bin', '/etc/passwd']) {
      json.weightsManifest[0].paths = [p];
      expectRejected(json, files, /not a plain file name/);
    }
  });

  it('rejects a weights file whose length disagrees with the manifest', async () => {
    const { json, files } = await saved(mlp());
    const short = { 'weights.bin': files['weights.bin'].subarray(4) };
    expectRejected(json, short, /bytes but the manifest needs/);
  });

  it('rejects a manifest that disagrees with the topology', async () => {
    const { json, files } = await saved(mlp());
    json.modelTopology.config.layers[0].config.units = 65; // the weights file still holds 64
    expectRejected(json, files, /layers need .* parameters but the manifest declares/);
  });

  it('rejects disallowed dtypes and quantized weights', async () => {
    const { json, files } = await saved(mlp());
    json.weightsManifest[0].weights[0].dtype = 'string';
    expectRejected(json, files, /dtype "string"/);
    json.weightsManifest[0].weights[0].dtype = 'float32';
    json.weightsManifest[0].weights[0].quantization = { dtype: 'uint8', scale: 1, min: 0 };
    expectRejected(json, files, /quantized/);
    json.weightsManifest[0].weights[0].quantization = { dtype: 'float16', scale: 1 };
    expectRejected(json, files, /quantized/);
  });

  it('accepts float32 weights stored as float16, whose files hold two bytes a value', async () => {
    const { json, files } = await saved(mlp());
    const specs = json.weightsManifest[0].weights;
    for (const spec of specs) spec.quantization = { dtype: 'float16', original_dtype: 'float32' };
    expectRejected(json, files, /bytes but the manifest needs/); // still four bytes a value: refused
    const path = json.weightsManifest[0].paths[0];
    const halved = { ...files, [path]: new Uint8Array(files[path].byteLength / 2) }; // float16 zeros
    expect(() => validateTfjsModelJson(json, halved)).not.toThrow();
  });

  it('rejects graph models, missing input shapes and non-objects', async () => {
    const { json, files } = await saved(mlp());
    expectRejected({ ...json, format: 'graph-model' }, files, /not a layers model/);
    expectRejected(null, files, /lacks modelTopology/);
    delete json.modelTopology.config.layers[0].config.batch_input_shape;
    expectRejected(json, files, /does not declare its input shape/);
  });

  // The conv nets another branch trains (U-Net G, conv E, CNN classifier): accepted with their signature,
  // and a transposed conv kernel refused like a dense one.
  it('accepts conv nets (Conv2D, pooling, upsampling, permute, skip concatenations) with their signature', async () => {
    const input = tf.input({ shape: [1568] });
    const planes = tf.layers.reshape({ targetShape: [2, 28, 28] }).apply(input) as tf.SymbolicTensor;
    const x = tf.layers.permute({ dims: [2, 3, 1] }).apply(planes) as tf.SymbolicTensor;
    const conv = (t: tf.SymbolicTensor, filters: number, strides = 1) =>
      tf.layers
        .conv2d({ filters, kernelSize: 3, strides, padding: 'same', activation: 'relu' })
        .apply(t) as tf.SymbolicTensor;
    const e1 = conv(x, 4);
    const e2 = conv(e1, 8, 2); // 14×14
    const m = conv(e2, 8, 2); // 7×7
    let u2 = tf.layers.upSampling2d({ size: [2, 2] }).apply(m) as tf.SymbolicTensor;
    u2 = tf.layers.concatenate().apply([u2, e2]) as tf.SymbolicTensor;
    let u1 = tf.layers.upSampling2d({ size: [2, 2] }).apply(conv(u2, 8)) as tf.SymbolicTensor;
    u1 = tf.layers.concatenate().apply([u1, e1]) as tf.SymbolicTensor;
    const out = tf.layers.conv2d({ filters: 1, kernelSize: 1, activation: 'sigmoid' }).apply(u1) as tf.SymbolicTensor;
    const g = tf.model({ inputs: input, outputs: tf.layers.flatten().apply(out) as tf.SymbolicTensor });
    const gen = await saved(g);
    expect(validateTfjsModelJson(gen.json, gen.files)).toEqual({ inputs: [[1568]], outputs: [[784]] });

    const c = tf.sequential();
    c.add(tf.layers.reshape({ targetShape: [28, 28, 1], inputShape: [784] }));
    c.add(tf.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same', activation: 'relu' }));
    c.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    c.add(tf.layers.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'valid' }));
    c.add(tf.layers.leakyReLU({ alpha: 0.2 }));
    c.add(tf.layers.flatten());
    c.add(tf.layers.dense({ units: 10 }));
    const cls = await saved(c);
    expect(validateTfjsModelJson(cls.json, cls.files)).toEqual({ inputs: [[784]], outputs: [[10]] });
    const kernel = cls.json.weightsManifest[0].weights[0];
    kernel.shape = [kernel.shape[0], kernel.shape[1], kernel.shape[3], kernel.shape[2]]; // [3,3,8,1]: same size
    expectRejected(cls.json, cls.files, /has shape \[3,3,8,1\]; its layer needs \[3,3,1,8\]/);
  });
});

describe('conv nets (issue 9)', () => {
  it('accepts the U-Net G, conv E and CNN classifier, with their exact parameter counts', async () => {
    const { buildConvClassifier, buildConvEnergy, buildConvGenerator } = await import('../ml/conv/conv-nets');
    for (const build of [buildConvGenerator, buildConvEnergy, buildConvClassifier]) {
      const { json, files } = await saved(build(1));
      expect(() => validateTfjsModelJson(json, files)).not.toThrow();
    }
  });

  it('rejects dilated convolutions, absurd filters and a forged parameter count', async () => {
    const m = tf.sequential();
    m.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 4, kernelSize: 3, dilationRate: 2 }));
    const { json, files } = await saved(m);
    expect(() => validateTfjsModelJson(json, files)).toThrowError(/dilation/);
    const conv = json.modelTopology.config.layers[0].config;
    conv.dilation_rate = [1, 1];
    expect(() => validateTfjsModelJson(json, files)).not.toThrow();
    conv.filters = 100000;
    expect(() => validateTfjsModelJson(json, files)).toThrowError(/invalid filters/);
    conv.filters = 5;
    expect(() => validateTfjsModelJson(json, files)).toThrowError(/parameters/);
  });
});
