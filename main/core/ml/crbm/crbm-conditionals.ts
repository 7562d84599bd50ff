// The sheet's conditionals and free energy, batched (rows of v are whole images: x where the mask is 0,
// y where it is 1):
//   p(h_k = 1 | x, y) = sigm(Σᵢ xᵢWᵢₖ + Σⱼ yⱼUⱼₖ [+ c_k])
//   p(y_j = 1 | h, x) = sigm(Σₖ Uⱼₖhₖ [+ b_j])
//   F(x, y) = −Σₖ log(1 + exp(Σᵢ xᵢWᵢₖ + Σⱼ yⱼUⱼₖ [+ c_k])) [− bᵀv]
import * as tf from '@tensorflow/tfjs';
import type { CrbmParams } from './crbm-model';

/** The hidden units' input vW (+ c), B×K. */
export function hiddenInput(p: CrbmParams, v: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => (p.biases ? tf.add(tf.matMul(v, p.W), p.c) : tf.matMul(v, p.W)) as tf.Tensor2D);
}

/** p(h = 1 | x, y), B×K. */
export function hiddenProbs(p: CrbmParams, v: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.sigmoid(hiddenInput(p, v)));
}

/** p(v_j = 1 | h) for every pixel, B×pixels (only the missing ones, y, are ever used). */
export function visibleProbs(p: CrbmParams, h: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const a = tf.matMul(h, p.W, false, true);
    return tf.sigmoid(p.biases ? tf.add(a, p.b) : a) as tf.Tensor2D;
  });
}

/** F(x, y) per row (length B). */
export function freeEnergy(p: CrbmParams, v: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const f = tf.neg(tf.sum(tf.softplus(hiddenInput(p, v)), 1));
    return (p.biases ? tf.sub(f, tf.sum(tf.mul(v, p.b), 1)) : f) as tf.Tensor1D;
  });
}

/** x where the mask is 0, y where it is 1. */
export function clampKnown(v: tf.Tensor2D, y: tf.Tensor2D, mask: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.add(tf.mul(v, tf.sub(1, mask)), tf.mul(y, mask)) as tf.Tensor2D);
}

/** Bernoulli samples of probabilities (seeded). */
export function bernoulli(probs: tf.Tensor2D, seed: number): tf.Tensor2D {
  return tf.tidy(() => tf.cast(tf.less(tf.randomUniform(probs.shape, 0, 1, 'float32', seed), probs), 'float32'));
}
