// Optimizer state (Adam's moments and step count) as one weights file, so a run can resume exactly.
// tfjs optimizers match state to variables by position: restore with the variables in the same order.
import * as tf from '@tensorflow/tfjs';
import type { ModelFiles } from '../model-files';
import { readJson, toArrayBuffer, weightBytes, writeJson } from './tf-io';

export const OPTIMIZER_JSON = 'optimizer.json';
export const OPTIMIZER_BIN = 'optimizer.weights.bin';

export async function optimizerToFiles(optimizer: tf.Optimizer, extra: Record<string, unknown>): Promise<ModelFiles> {
  const named = await optimizer.getWeights();
  try {
    const { data, specs } = await tf.io.encodeWeights(named);
    return { [OPTIMIZER_JSON]: writeJson({ ...extra, weights: specs }), [OPTIMIZER_BIN]: weightBytes(data) };
  } finally {
    // getWeights makes a fresh scalar for the step count; the moments are the optimizer's own variables.
    tf.dispose(named.filter((w) => w.name === 'iter').map((w) => w.tensor));
  }
}

export function readTrainingState<T>(files: ModelFiles): T & { weights: tf.io.WeightsManifestEntry[] } {
  return readJson<T & { weights: tf.io.WeightsManifestEntry[] }>(files, OPTIMIZER_JSON);
}

export async function restoreOptimizer(
  optimizer: tf.Optimizer,
  files: ModelFiles,
  expectedVariables: number,
): Promise<void> {
  const { weights } = readTrainingState<object>(files);
  const bytes = files[OPTIMIZER_BIN];
  if (!bytes) throw new Error(`cannot resume: ${OPTIMIZER_BIN} is missing`);
  const map = tf.io.decodeWeights(toArrayBuffer(bytes), weights);
  const list = weights.map((w) => ({ name: w.name, tensor: map[w.name] }));
  try {
    if (list.length !== 1 + 2 * expectedVariables) {
      throw new Error(
        `cannot resume: the optimizer state holds ${list.length} tensors, expected ${1 + 2 * expectedVariables}`,
      );
    }
    await optimizer.setWeights(list);
  } finally {
    tf.dispose(Object.values(map));
  }
}
