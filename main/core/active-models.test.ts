// ActiveModels against a stand-in store, with the models in-process (the worker runs the same LoadedModels):
// overlapping reloads (a finished run saved while the user picks another model) and a close during a load
// must leave exactly one model loaded, or none, and no tensors; a switch keeps the old model until the new
// one is ready.
import { methodInfo } from '../../shared/methods';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ActiveModels } from './active-models';
import { InProcessInference } from './inference/in-process-inference';
import { initBackend } from './ml/tf/backend';
import { CLASSIFIER_PREFIX } from './ml/classifier/classifier';
import { PIXELS } from '../../shared/image';
import type { ModelFiles } from './ml/model-files';
import { pcaToFiles } from './ml/pca/pca-files';
import { layersModelToFiles } from './ml/tf/tf-io';
import type { ModelStore } from './store/model-store';

let classifierFiles: ModelFiles;

beforeAll(async () => {
  await initBackend('cpu');
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 10, inputShape: [784] })] });
  classifierFiles = await layersModelToFiles(model, CLASSIFIER_PREFIX);
  model.dispose();
});

/** A store whose only model is a classifier; each read answers after a macrotask, so loads overlap. */
function fakeStore(): ModelStore {
  return {
    activeId: (kind: string) => (kind === 'classifier' ? 'classifier-1' : undefined),
    readFiles: () => new Promise((resolve) => setTimeout(() => resolve(classifierFiles), 5)),
  } as unknown as ModelStore;
}

describe('ActiveModels', () => {
  it('keeps one model and leaks no tensors when two reloads of a kind overlap', async () => {
    const models = new ActiveModels(fakeStore(), new InProcessInference());
    const before = tf.memory().numTensors;
    await Promise.all([models.reload('classifier'), models.reload('classifier')]);
    expect(models.inference.models.judge().classify).toBeDefined();
    expect(tf.memory().numTensors - before).toBe(2); // one kernel and one bias: a single loaded model
    for (let i = 0; i < 5; i++) await models.reload('classifier');
    expect(tf.memory().numTensors - before).toBe(2);
    await models.close();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('drops a model whose load finishes after disposeAll', async () => {
    const models = new ActiveModels(fakeStore(), new InProcessInference());
    const before = tf.memory().numTensors;
    const loading = models.reload('classifier');
    await models.close();
    await loading;
    expect(models.inference.models.judge().classify).toBeUndefined();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('names each method the same whether or not its model is loaded', async () => {
    const components = new Float32Array(PIXELS * PIXELS);
    for (let k = 0; k < PIXELS; k++) components[k * PIXELS + k] = 1;
    const eigenvalues = Float32Array.from({ length: PIXELS }, (_, k) => PIXELS - k);
    const pcaFiles = pcaToFiles({ mean: new Float32Array(PIXELS), components, eigenvalues });
    const store = {
      activeId: (kind: string) => (kind === 'pca' ? 'pca-1' : undefined),
      readFiles: async () => pcaFiles,
    };
    const models = new ActiveModels(store as unknown as ModelStore, new InProcessInference());
    const before = models.methods();
    await models.loadAll();
    const after = models.methods();
    expect(after.filter((m) => m.available).map((m) => m.id)).toEqual(['pca', 'pca-masked']);
    expect(after.map((m) => m.label)).toEqual(before.map((m) => m.label));
    for (const m of after) expect(m.label).toBe(methodInfo(m.id).label);
    await models.close();
  });

  it('keeps the old model answering until its successor has loaded', async () => {
    let release: () => void = () => undefined;
    const store = {
      id: 'classifier-1',
      activeId: () => store.id,
      readFiles: (id: string) =>
        id === 'classifier-1'
          ? Promise.resolve(classifierFiles)
          : new Promise<ModelFiles>((resolve) => (release = () => resolve(classifierFiles))),
    };
    const models = new ActiveModels(store as unknown as ModelStore, new InProcessInference());
    await models.reload('classifier');
    store.id = 'classifier-2';
    const switching = models.reload('classifier');
    await new Promise((r) => setTimeout(r, 5));
    expect(models.loadedId('classifier')).toBe('classifier-1');
    expect(models.inference.models.loadedTag('classifier')?.id).toBe('classifier-1');
    const res = await models.inpaint({
      image: new Array(PIXELS).fill(0),
      mask: new Array(PIXELS).fill(0),
      methods: [],
    });
    expect(res.input.probs).toHaveLength(10);
    release();
    await switching;
    expect(models.loadedId('classifier')).toBe('classifier-2');
    await models.close();
  });
});
