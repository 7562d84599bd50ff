// The MDN's training loss in tfjs (differentiable, batched): the sheet's E_q over each example's missing
// pixels only (c = that example's missing count), with a log-sum-exp so no kernel under- or overflows.
import * as tf from '@tensorflow/tfjs';

/** The mixture a network proposes for a batch: B examples, K components, P pixels. */
export interface MixtureTensors {
  /** Mixing logits zᵢ^α, B×K. */
  logits: tf.Tensor2D;
  /** Means μᵢ, B×K×P. */
  mu: tf.Tensor3D;
  /** Scales σᵢ > 0, B×K. */
  sigma: tf.Tensor2D;
}

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** log αᵢ + log φᵢ(t) per example and component (B×K); only pixels with mask 1 enter t. */
export function jointLogTerms(
  logAlpha: tf.Tensor2D,
  mu: tf.Tensor3D,
  sigma: tf.Tensor2D,
  t: tf.Tensor2D,
  mask: tf.Tensor2D,
): tf.Tensor2D {
  return tf.tidy(() => {
    const diff = tf.sub(mu, tf.expandDims(t, 1));
    const sq = tf.sum(tf.mul(tf.square(diff), tf.expandDims(mask, 1)), 2); // B×K: ‖t − μᵢ‖² on the missing pixels
    const c = tf.sum(mask, 1, true); // B×1
    const logPhi = tf.sub(
      tf.neg(tf.mul(c, tf.add(HALF_LOG_2PI, tf.log(sigma)))),
      tf.div(sq, tf.mul(2, tf.square(sigma))),
    );
    return tf.add(logAlpha, logPhi) as tf.Tensor2D;
  });
}

/** E_q for each example (length B), from log αᵢ directly (the tests differentiate with respect to α). */
export function errorsFromLogAlpha(
  logAlpha: tf.Tensor2D,
  mu: tf.Tensor3D,
  sigma: tf.Tensor2D,
  t: tf.Tensor2D,
  mask: tf.Tensor2D,
): tf.Tensor1D {
  return tf.tidy(() => tf.neg(tf.logSumExp(jointLogTerms(logAlpha, mu, sigma, t, mask), 1)) as tf.Tensor1D);
}

/** E_q for each example with αᵢ = softmax(zᵢ^α). */
export function mdnErrors(m: MixtureTensors, t: tf.Tensor2D, mask: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => errorsFromLogAlpha(tf.logSoftmax(m.logits) as tf.Tensor2D, m.mu, m.sigma, t, mask));
}

/** E_q / c_q for each example: nats per missing pixel, so hole size sets no scale. */
export function mdnRowLosses(m: MixtureTensors, t: tf.Tensor2D, mask: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.div(mdnErrors(m, t, mask), tf.maximum(tf.sum(mask, 1), 1)) as tf.Tensor1D);
}

/** The training loss: the mean of mdnRowLosses over the batch. */
export function mdnLoss(m: MixtureTensors, t: tf.Tensor2D, mask: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.mean(mdnRowLosses(m, t, mask)) as tf.Scalar);
}

/** πᵢ for each example (B×K), rows summing to one. */
export function mdnPosterior(m: MixtureTensors, t: tf.Tensor2D, mask: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.softmax(jointLogTerms(tf.logSoftmax(m.logits) as tf.Tensor2D, m.mu, m.sigma, t, mask)));
}
