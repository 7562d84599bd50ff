// Gradient reversal (Ganin & Lempitsky): identity forward, negated (and optionally scaled) gradient
// backward. Placed between the composite x̂ and E, it lets ONE optimizer step train E to tell real
// from generated while pushing G the opposite way — G ascends the very loss E descends.
import * as tf from '@tensorflow/tfjs';

/**
 * Returns f(x) = x with df/dx = −scale (scale 1: exactly −dy). `rowFactor`, read during the backward
 * pass, may multiply each row's reversed gradient further (n×1, no gradient of its own): the
 * non-saturating variant uses it to hand G the gradient of its own loss instead of E's.
 */
export function gradientReversal(scale = 1, rowFactor?: () => tf.Tensor | null): (x: tf.Tensor) => tf.Tensor {
  const op = tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
    save([]);
    return {
      value: tf.clone(x),
      gradFunc: (dy: tf.Tensor) => {
        const reversed = scale === 1 ? tf.neg(dy) : tf.mul(dy, -scale);
        const factor = rowFactor?.();
        return factor ? tf.mul(reversed, factor) : reversed;
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return (x: tf.Tensor) => op(x);
}
