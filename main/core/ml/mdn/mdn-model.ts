// The MDN's network: the generator's MLP family (input: the corrupted image, missing pixels gray, beside
// the mask) with one linear head of K·(784 + 2) units, read as K mixing logits, K scales and K means.
import * as tf from '@tensorflow/tfjs';
import { PIXELS } from '../../../../shared/image';
import { mixSeed } from '../data/random';
import type { Arch } from '../../../../shared/model-kinds';
import { buildConvMdn } from '../conv/conv-mdn';
import type { MixtureTensors } from './mdn-loss';

export interface MdnConfig {
  /** Number of mixture components K. */
  components: number;
  /** Hidden ReLU widths. */
  hidden: number[];
  /** σᵢ = sigmaMin + softplus(raw): a floor so no component can collapse onto one image (NLL → −∞). */
  sigmaMin: number;
  learningRate: number;
  /** 'mlp' (the dense net of `hidden`) or 'conv' (the generator's U-Net trunk; `hidden` unused). Older files: mlp. */
  arch?: Arch;
}

export const DEFAULT_MDN_CONFIG: MdnConfig = { components: 5, hidden: [512, 256], sigmaMin: 0.03, learningRate: 1e-3 };

export function checkMdnConfig(c: MdnConfig): MdnConfig {
  if (!Number.isInteger(c.components) || c.components < 1 || c.components > 20)
    throw new Error(`components K must be an integer in 1..20, got ${c.components}`);
  if (!c.hidden.length || c.hidden.some((w) => !Number.isInteger(w) || w < 1 || w > 4096))
    throw new Error(`hidden widths must be 1..4096, got ${c.hidden}`);
  if (!(c.sigmaMin > 0 && c.sigmaMin < 1)) throw new Error(`sigmaMin must be in (0,1), got ${c.sigmaMin}`);
  if (!(c.learningRate > 0)) throw new Error(`learningRate must be > 0, got ${c.learningRate}`);
  if (c.arch !== undefined && c.arch !== 'mlp' && c.arch !== 'conv') throw new Error(`unknown arch ${c.arch}`);
  return c;
}

export function headUnits(components: number): number {
  return components * (PIXELS + 2);
}

export function buildMdn(config: MdnConfig, seed: number): tf.LayersModel {
  if (config.arch === 'conv') return buildConvMdn(config.components, seed);
  const init = (layer: number) => tf.initializers.glorotUniform({ seed: mixSeed(seed, layer) % 2147483647 });
  const model = tf.sequential();
  config.hidden.forEach((units, i) =>
    model.add(
      tf.layers.dense({
        units,
        activation: 'relu',
        kernelInitializer: init(i),
        ...(i === 0 ? { inputShape: [2 * PIXELS] } : {}),
      }),
    ),
  );
  model.add(tf.layers.dense({ units: headUnits(config.components), kernelInitializer: init(config.hidden.length) }));
  return model;
}

/** The head's raw outputs (B×K(P+2)) → logits, σ (floored softplus) and μ (sigmoid, in [0,1]). */
export function splitHead(raw: tf.Tensor2D, components: number, sigmaMin: number): MixtureTensors {
  return tf.tidy(() => {
    const b = raw.shape[0];
    const k = components;
    const logits = tf.slice(raw, [0, 0], [b, k]) as tf.Tensor2D;
    const sigma = tf.add(tf.softplus(tf.slice(raw, [0, k], [b, k])), sigmaMin) as tf.Tensor2D;
    const mu = tf.reshape(tf.sigmoid(tf.slice(raw, [0, 2 * k], [b, k * PIXELS])), [b, k, PIXELS]) as tf.Tensor3D;
    return { logits, sigma, mu };
  });
}
