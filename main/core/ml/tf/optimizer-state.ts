// Optimizer state (Adam's moments and step count) as one weights file, so a run can resume exactly.
// The layout is tf.train.adam's own (getWeights: 'iter', then every variable's first moment `<name>/m`,
// then every second moment `<name>/v`), matched to variables by position: files written before the
// fused Adam restore into it, and its files restore into tf.train.adam.
import * as tf from '@tensorflow/tfjs';
import type { ModelFiles } from '../model-files';
import { readJson, toArrayBuffer, weightBytes, writeJson } from './tf-io';

export const OPTIMIZER_JSON = 'optimizer.json';
export const OPTIMIZER_BIN = 'optimizer.weights.bin';

/** Adam's state over flat buffers: moments in the variables' order, concatenated. */
export interface FlatAdamState {
  iterations: number;
  m: Float32Array;
  v: Float32Array;
}

export async function optimizerToFiles(
  state: FlatAdamState,
  variables: tf.Variable[],
  extra: Record<string, unknown>,
): Promise<ModelFiles> {
  const named: { name: string; tensor: tf.Tensor }[] = [{ name: 'iter', tensor: tf.scalar(state.iterations, 'int32') }];
  for (const [suffix, flat] of [
    ['m', state.m],
    ['v', state.v],
  ] as const) {
    let o = 0;
    for (const v of variables) {
      named.push({ name: `${v.name}/${suffix}`, tensor: tf.tensor(flat.subarray(o, o + v.size), v.shape, 'float32') });
      o += v.size;
    }
  }
  try {
    const { data, specs } = await tf.io.encodeWeights(named);
    return { [OPTIMIZER_JSON]: writeJson({ ...extra, weights: specs }), [OPTIMIZER_BIN]: weightBytes(data) };
  } finally {
    tf.dispose(named.map((w) => w.tensor));
  }
}

export function readTrainingState<T>(files: ModelFiles): T & { weights: tf.io.WeightsManifestEntry[] } {
  return readJson<T & { weights: tf.io.WeightsManifestEntry[] }>(files, OPTIMIZER_JSON);
}

/** The saved state, checked against the variables it must fit (count and every size). */
export function readOptimizerState(files: ModelFiles, variables: tf.Variable[]): FlatAdamState {
  const { weights } = readTrainingState<object>(files);
  const bytes = files[OPTIMIZER_BIN];
  if (!bytes) throw new Error(`cannot resume: ${OPTIMIZER_BIN} is missing`);
  const expected = 1 + 2 * variables.length;
  if (!Array.isArray(weights) || weights.length !== expected)
    throw new Error(`cannot resume: the optimizer state holds ${weights?.length} tensors, expected ${expected}`);
  const map = tf.io.decodeWeights(toArrayBuffer(bytes), weights);
  try {
    const list = weights.map((w) => map[w.name]);
    const total = variables.reduce((s, v) => s + v.size, 0);
    const m = new Float32Array(total);
    const v = new Float32Array(total);
    let o = 0;
    variables.forEach((variable, i) => {
      const [mi, vi] = [list[1 + i], list[1 + variables.length + i]];
      if (!mi || !vi || mi.size !== variable.size || vi.size !== variable.size)
        throw new Error(`cannot resume: the optimizer state does not fit the model (tensor ${i + 1})`);
      m.set(mi.dataSync() as Float32Array, o);
      v.set(vi.dataSync() as Float32Array, o);
      o += variable.size;
    });
    return { iterations: list[0].dataSync()[0], m, v };
  } finally {
    tf.dispose(Object.values(map));
  }
}
