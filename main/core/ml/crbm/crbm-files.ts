// The CRBM's saved form: crbm.json (format, config, a tfjs weights manifest) and crbm.weights.bin
// (W, b, c as float32, or float16 once shipped: tf.io.decodeWeights reads both).
import * as tf from '@tensorflow/tfjs';
import { PIXELS } from '../../../../shared/image';
import type { ModelFiles } from '../model-files';
import { readJson, toArrayBuffer, weightBytes, writeJson } from '../tf/tf-io';
import { checkCrbmConfig, type CrbmConfig, type CrbmParams } from './crbm-model';

export const CRBM_JSON = 'crbm.json';
export const CRBM_BIN = 'crbm.weights.bin';

interface CrbmJson {
  format: 'crbm';
  config: CrbmConfig;
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
}

export async function crbmToFiles(p: CrbmParams, config: CrbmConfig): Promise<ModelFiles> {
  const { data, specs } = await tf.io.encodeWeights({ W: p.W, b: p.b, c: p.c });
  const json: CrbmJson = { format: 'crbm', config, weightsManifest: [{ paths: [CRBM_BIN], weights: specs }] };
  return { [CRBM_JSON]: writeJson(json), [CRBM_BIN]: weightBytes(data) };
}

export function crbmFromFiles(files: ModelFiles): { params: CrbmParams; config: CrbmConfig } {
  const json = readJson<CrbmJson>(files, CRBM_JSON);
  if (json.format !== 'crbm' || !json.config || !Array.isArray(json.weightsManifest))
    throw new Error(`${CRBM_JSON} is not a conditional RBM`);
  const config = checkCrbmConfig(json.config);
  const bin = files[CRBM_BIN];
  if (!bin) throw new Error(`model file ${CRBM_BIN} is missing`);
  const named = tf.io.decodeWeights(
    toArrayBuffer(bin),
    json.weightsManifest.flatMap((g) => g.weights),
  );
  const { W, b, c } = named;
  if (!W || !b || !c || W.shape[0] !== PIXELS || W.shape[1] !== config.hidden || c.shape[0] !== config.hidden) {
    tf.dispose(Object.values(named));
    throw new Error(`${CRBM_BIN} does not hold W (${PIXELS}×${config.hidden}), b and c`);
  }
  const params = { W: tf.variable(W), b: tf.variable(b), c: tf.variable(c), biases: config.biases };
  tf.dispose([W, b, c]);
  return { params, config };
}
