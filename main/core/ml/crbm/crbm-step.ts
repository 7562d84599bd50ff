// One training step of the conditional likelihood p(y | x): positive phase with the data, negative phase
// by Gibbs sampling of y and h with x clamped (CD-k from the data, or persistent chains), SGD with
// momentum and weight decay. ∂log p(y|x)/∂W = ⟨v hᵀ⟩_data − ⟨v hᵀ⟩_{p(y,h|x)}, h replaced by p(h|v).
import * as tf from '@tensorflow/tfjs';
import { clampKnown, freeEnergy, hiddenProbs } from './crbm-conditionals';
import { gibbsChain } from './crbm-gibbs';
import type { CrbmConfig, CrbmParams } from './crbm-model';

/** Momentum buffers, one per parameter. */
export interface CrbmVelocity {
  W: tf.Variable;
  b: tf.Variable;
  c: tf.Variable;
}

export function zeroVelocity(p: CrbmParams): CrbmVelocity {
  return tf.tidy(() => ({
    W: tf.variable(tf.zerosLike(p.W)),
    b: tf.variable(tf.zerosLike(p.b)),
    c: tf.variable(tf.zerosLike(p.c)),
  }));
}

export interface CrbmStepStats {
  /** Mean squared error of the negative phase's mean-field y against the target on the missing pixels. */
  loss: number;
  /** Mean free energy of the data, F(x, y_data). */
  energyReal: number;
  /** Mean free energy of the negative samples, F(x, y_model); the gap F_data − F_model should fall below 0. */
  energyFake: number;
}

/**
 * v: B×pixels binary data (x and y); mask: 1 = y; target: what y should look like (grey levels) for the
 * reconstruction error; chain: the persistent y state (B×pixels), replaced in place when given.
 */
export function crbmStep(
  p: CrbmParams,
  vel: CrbmVelocity,
  config: CrbmConfig,
  v: tf.Tensor2D,
  mask: tf.Tensor2D,
  target: tf.Tensor2D,
  seed: number,
  chain?: { y: tf.Tensor2D },
): CrbmStepStats {
  const start = chain ? clampKnown(v, chain.y, mask) : v;
  const neg = gibbsChain(p, start, mask, config.gibbsSteps, seed);
  if (chain) {
    start.dispose();
    chain.y.dispose();
    chain.y = tf.keep(tf.clone(neg.v));
  }
  const stats = tf.tidy(() => {
    const n = v.shape[0];
    const hPos = hiddenProbs(p, v);
    const hNeg = hiddenProbs(p, neg.v);
    const gW = tf.sub(
      tf.div(tf.sub(tf.matMul(v, hPos, true, false), tf.matMul(neg.v, hNeg, true, false)), n),
      tf.mul(config.weightDecay, p.W),
    );
    vel.W.assign(tf.add(tf.mul(config.momentum, vel.W), tf.mul(config.learningRate, gW)));
    p.W.assign(tf.add(p.W, vel.W));
    if (p.biases) {
      vel.b.assign(tf.add(tf.mul(config.momentum, vel.b), tf.mul(config.learningRate, tf.mean(tf.sub(v, neg.v), 0))));
      vel.c.assign(tf.add(tf.mul(config.momentum, vel.c), tf.mul(config.learningRate, tf.mean(tf.sub(hPos, hNeg), 0))));
      p.b.assign(tf.add(p.b, vel.b));
      p.c.assign(tf.add(p.c, vel.c));
    }
    const missing = tf.maximum(tf.sum(mask), 1);
    const recon = tf.div(tf.sum(tf.mul(tf.square(tf.sub(neg.meanField, target)), mask)), missing);
    return tf.stack([recon, tf.mean(freeEnergy(p, v)), tf.mean(freeEnergy(p, neg.v))]);
  });
  const [loss, energyReal, energyFake] = Array.from(stats.dataSync());
  tf.dispose([stats, neg.v, neg.meanField]);
  return { loss, energyReal, energyFake };
}
