// The MDN's saved form: the network in the standard tfjs layout plus a small JSON config.
import type * as tf from '@tensorflow/tfjs';
import type { ModelFiles } from '../model-files';
import { layersModelFromFiles, readJson } from '../tf/tf-io';
import { checkMdnConfig, headUnits, type MdnConfig } from './mdn-model';
import type { MdnRule, RuleScores } from './mdn-rules';

export const MDN_PREFIX = 'mdn';
export const MDN_CONFIG_FILE = 'mdn-config.json';

export interface SavedMdnConfig extends MdnConfig {
  /** The single-answer rule chosen on the training holdout. */
  rule: MdnRule;
  holdout?: RuleScores;
}

export async function mdnFromFiles(files: ModelFiles): Promise<{ net: tf.LayersModel; config: SavedMdnConfig }> {
  const config = readJson<SavedMdnConfig>(files, MDN_CONFIG_FILE);
  checkMdnConfig(config);
  const net = await layersModelFromFiles(files, MDN_PREFIX);
  const units = net.outputs[0].shape[1];
  if (units !== headUnits(config.components)) {
    net.dispose();
    throw new Error(`the MDN's head has ${units} outputs, its config says K=${config.components}`);
  }
  return { net, config };
}
