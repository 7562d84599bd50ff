// Test models and a store of them for the inference worker and pool tests: two PCAs that answer
// differently, a small classifier, a model whose loading crashes the misbehaving worker, and the shipped
// defaults; reads answer fresh copies after a macrotask, as a disk read would.
import * as tf from '@tensorflow/tfjs';
import type { InpaintRequest, ModelKind } from '../../../../shared/contract';
import { PIXELS } from '../../../../shared/image';
import type { ModelSource } from '../../active-models';
import { CLASSIFIER_PREFIX } from '../../ml/classifier/classifier';
import type { ModelFiles } from '../../ml/model-files';
import { pcaToFiles } from '../../ml/pca/pca-files';
import { shippedFiles } from '../../ml/test-fixtures';
import { layersModelToFiles } from '../../ml/tf/tf-io';
import { CRASH_ON_LOAD } from './misbehaving-inference-worker-codes';

export const files: Record<string, ModelFiles> = {};

/** A PCA whose components are the pixel axes, scaled so two such models answer differently. */
function pcaFiles(scale: number): ModelFiles {
  const components = new Float32Array(PIXELS * PIXELS);
  for (let k = 0; k < PIXELS; k++) components[k * PIXELS + k] = 1;
  const eigenvalues = Float32Array.from({ length: PIXELS }, (_, k) => PIXELS - k);
  return pcaToFiles({ mean: new Float32Array(PIXELS).fill(scale), components, eigenvalues });
}

/** Makes the test models (call once the test thread's tfjs backend is set). */
export async function makeTestModels(): Promise<void> {
  const net = tf.sequential({ layers: [tf.layers.dense({ units: 10, inputShape: [PIXELS], activation: 'softmax' })] });
  files['classifier-1'] = await layersModelToFiles(net, CLASSIFIER_PREFIX);
  net.dispose();
  files['pca-a'] = pcaFiles(0.25);
  files['pca-b'] = pcaFiles(0.75);
  files.crasher = { ...files['classifier-1'], [CRASH_ON_LOAD]: new Uint8Array(1) };
}

/** Adds the shipped default of every kind as `<kind>-default`. */
export function addShippedModels(kinds: readonly ModelKind[]): void {
  for (const kind of kinds) files[`${kind}-default`] = shippedFiles(kind);
}

/** A store of the files above, with `active` naming each kind's active model (tests change it). */
export function fakeStore(active: Partial<Record<ModelKind, string>>): ModelSource & { active: typeof active } {
  return {
    active,
    activeId: (kind: ModelKind) => active[kind],
    readFiles: (id: string) =>
      new Promise<ModelFiles>((resolve) =>
        setTimeout(() => resolve(Object.fromEntries(Object.entries(files[id]).map(([k, v]) => [k, v.slice()]))), 1),
      ),
  } as ModelSource & { active: typeof active };
}

export const image = Array.from({ length: PIXELS }, (_, i) => (i % 5) / 5);
export const mask = Array.from({ length: PIXELS }, (_, i) => (i >= 300 && i < 400 ? 1 : 0));
/** A request of `methods` with `d` (the misbehaving worker's `pca` reads its orders from d). */
export const req = (d: number, methods: InpaintRequest['methods'] = ['pca']): InpaintRequest => ({
  image,
  mask,
  methods,
  params: { d },
});
