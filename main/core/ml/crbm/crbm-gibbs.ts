// Gibbs sampling of y and h with x clamped: h ~ p(h | x, y), then y ~ p(y | h, x) on the missing pixels
// only. The known pixels never change (a sweep rewrites only where the mask is 1).
import * as tf from '@tensorflow/tfjs';
import { mixSeed } from '../data/random';
import { bernoulli, clampKnown, hiddenProbs, visibleProbs } from './crbm-conditionals';
import type { CrbmParams } from './crbm-model';

export interface Sweep {
  /** The new state: x unchanged, y sampled. */
  v: tf.Tensor2D;
  /** p(y | h) of the sweep (mean field), clamped into x: the sweep's readable image. */
  meanField: tf.Tensor2D;
  /** p(h | the state the sweep started from). */
  hProbs: tf.Tensor2D;
}

/** One sweep h ~ p(h|x,y), y ~ p(y|h,x) from state v (B×pixels) under mask (1 = y). */
export function gibbsSweep(p: CrbmParams, v: tf.Tensor2D, mask: tf.Tensor2D, seed: number): Sweep {
  return tf.tidy(() => {
    const hProbs = hiddenProbs(p, v);
    const h = bernoulli(hProbs, mixSeed(seed, 1));
    const yProbs = visibleProbs(p, h);
    const meanField = clampKnown(v, yProbs, mask);
    const next = clampKnown(v, bernoulli(yProbs, mixSeed(seed, 2)), mask);
    return { v: next, meanField, hProbs };
  });
}

/** k sweeps; returns the last state and its mean-field image (callers dispose both). */
export function gibbsChain(
  p: CrbmParams,
  v0: tf.Tensor2D,
  mask: tf.Tensor2D,
  k: number,
  seed: number,
  onStep?: (step: number, s: Sweep) => void,
): { v: tf.Tensor2D; meanField: tf.Tensor2D } {
  let v = tf.clone(v0);
  let meanField = tf.clone(v0);
  for (let s = 0; s < k; s++) {
    const sweep = gibbsSweep(p, v, mask, mixSeed(seed, s));
    onStep?.(s, sweep);
    tf.dispose([v, meanField, sweep.hProbs]);
    v = sweep.v;
    meanField = sweep.meanField;
  }
  return { v, meanField };
}
