// Gradient reversal (Ganin & Lempitsky): identity forward, negated (and optionally scaled) gradient
// backward. Placed between the composite x̂ and E, it lets ONE optimizer step train E to tell real
// from generated while pushing G the opposite way — G ascends the very loss E descends.
import * as tf from '@tensorflow/tfjs';

/** Returns f(x) = x with df/dx = −scale (scale 1: exactly −dy). */
export function gradientReversal(scale = 1): (x: tf.Tensor) => tf.Tensor {
  const op = tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
    save([]);
    return {
      value: tf.clone(x),
      gradFunc: (dy: tf.Tensor) => (scale === 1 ? tf.neg(dy) : tf.mul(dy, -scale)),
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return (x: tf.Tensor) => op(x);
}
