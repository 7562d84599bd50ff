// The MDN's mixture for a batch as plain arrays: αᵢ, σᵢ and the K completions (μᵢ composited into the
// known pixels, so every completion keeps the input's known pixels exactly).
import * as tf from '@tensorflow/tfjs';
import { PIXELS } from '../../../../shared/image';
import { generatorInput } from '../ebm/ebm-model';
import { splitHead, type MdnConfig } from './mdn-model';

export interface Mixture {
  n: number;
  k: number;
  /** n×K mixing coefficients. */
  alpha: Float32Array;
  /** n×K scales. */
  sigma: Float32Array;
  /** n×K×784 completions: known pixels from the input, missing ones from μᵢ. */
  completions: Float32Array;
  /** The n inputs and masks the mixture answers (views; rules that consult another model need them). */
  images: Float32Array;
  masks: Uint8Array;
}

const CHUNK = 500;

export function predictMixture(
  net: tf.LayersModel,
  config: MdnConfig,
  images: Float32Array,
  masks: Uint8Array,
  n: number,
): Mixture {
  const k = config.components;
  const alpha = new Float32Array(n * k);
  const sigma = new Float32Array(n * k);
  const completions = new Float32Array(n * k * PIXELS);
  for (let s = 0; s < n; s += CHUNK) {
    const m = Math.min(CHUNK, n - s);
    const [a, sg, mu] = tf.tidy(() => {
      const x = tf.tensor2d(images.subarray(s * PIXELS, (s + m) * PIXELS), [m, PIXELS]);
      const mask = tf.tensor2d(Float32Array.from(masks.subarray(s * PIXELS, (s + m) * PIXELS)), [m, PIXELS]);
      const head = splitHead(net.predict(generatorInput(x, mask)) as tf.Tensor2D, k, config.sigmaMin);
      return [tf.softmax(head.logits), head.sigma, head.mu];
    });
    alpha.set(a.dataSync(), s * k);
    sigma.set(sg.dataSync(), s * k);
    completions.set(mu.dataSync(), s * k * PIXELS);
    tf.dispose([a, sg, mu]);
  }
  for (let b = 0; b < n; b++)
    for (let i = 0; i < k; i++)
      for (let p = 0; p < PIXELS; p++)
        if (!masks[b * PIXELS + p]) completions[(b * k + i) * PIXELS + p] = images[b * PIXELS + p];
  return { n, k, alpha, sigma, completions, images, masks };
}

/** Completion i of example b (a view). */
export function completion(m: Mixture, b: number, i: number): Float32Array {
  return m.completions.subarray((b * m.k + i) * PIXELS, (b * m.k + i + 1) * PIXELS);
}
