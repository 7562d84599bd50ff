// One optimizer step that returns its loss as a number and frees the loss tensor. tfjs types the cost of
// `minimize` as nullable because it is null when `returnCost` is false; here it is always asked for.
import * as tf from '@tensorflow/tfjs';

export function minimizeForLoss(optimizer: tf.Optimizer, loss: () => tf.Scalar, variables: tf.Variable[]): number {
  const cost = optimizer.minimize(loss, true, variables);
  if (!cost) throw new Error('the optimizer returned no loss although it was asked for one');
  try {
    return cost.dataSync()[0];
  } finally {
    cost.dispose();
  }
}
