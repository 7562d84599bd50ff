// One training step of the energy-based inpainter: ONE Adam over G's and E's variables, a gradient
// reversal between the composite x̂ and E, so the same step lowers E's loss and makes G fool E.
import * as tf from '@tensorflow/tfjs';
import type { GeneratorConfig } from './ebm-model';
import { compositeTensor, generatorInput } from './ebm-model';
import { gradientReversal } from './gradient-reversal';
import { gaussianRows } from '../data/random';
import { PIXELS } from '../../../../shared/image';
import { minimizeForLoss } from '../tf/minimize';

/** A batch as tensors: clean x (only E and the anchor see it), corrupted x_c (gray patch), mask m. */
export interface BatchTensors {
  clean: tf.Tensor2D;
  corrupted: tf.Tensor2D;
  mask: tf.Tensor2D;
}

export interface EbmStepStats {
  /** The minimised total: a·L2 + (1 − a)·energy loss. */
  loss: number;
  energyLoss: number;
  energyReal: number;
  energyFake: number;
  /** Mean squared error of the composite on the missing pixels. */
  l2: number;
}

export interface EbmNets {
  generator: tf.LayersModel;
  energy: tf.LayersModel;
}

/** Trainable variables of layers models, in a fixed order (the optimizer's state is positional). */
export function variablesOf(...models: tf.LayersModel[]): tf.Variable[] {
  return models.flatMap((m) => m.trainableWeights.map((w) => w.read() as tf.Variable));
}

/** Mean squared error over the missing pixels (x̂ equals x elsewhere, so only the patch counts). */
export function maskedL2(estimate: tf.Tensor2D, clean: tf.Tensor2D, mask: tf.Tensor2D): tf.Scalar {
  return tf.tidy(
    () => tf.div(tf.sum(tf.mul(tf.square(tf.sub(estimate, clean)), mask)), tf.maximum(tf.sum(mask), 1)) as tf.Scalar,
  );
}

/** A shard's share of the batch's maskedL2: its squared errors on missing pixels ÷ the batch's missing count. */
export function shardL2(estimate: tf.Tensor2D, clean: tf.Tensor2D, mask: tf.Tensor2D, maskCount: number): tf.Scalar {
  return tf.tidy(
    () => tf.div(tf.sum(tf.mul(tf.square(tf.sub(estimate, clean)), mask)), Math.max(maskCount, 1)) as tf.Scalar,
  );
}

/**
 * The energy loss on energies of real and generated images (both n×1): a mean over the batch, written
 * as a sum ÷ `batchRows` so a shard of a larger batch gives its exact share (default: this batch alone).
 */
export function energyLoss(
  kind: GeneratorConfig['loss'],
  eReal: tf.Tensor,
  eFake: tf.Tensor,
  batchRows = eReal.shape[0],
): tf.Scalar {
  return tf.tidy(() =>
    kind === 'pairwise'
      ? tf.div(tf.sum(tf.softplus(tf.sub(eReal, eFake))), batchRows)
      : tf.add(tf.div(tf.sum(tf.softplus(eReal)), batchRows), tf.div(tf.sum(tf.softplus(tf.neg(eFake))), batchRows)),
  ) as tf.Scalar;
}

/**
 * Where a shard sits in its batch: its first row, the batch's size and the batch's count of missing
 * pixels. Every mean of the loss divides by these, so the shards' losses add up to the batch's.
 */
export interface ShardScale {
  rowOffset: number;
  batchRows: number;
  maskCount: number;
}

/** E's input noise for a shard: the rows of [real; fake] it holds, seeded per row (shard-independent). */
function energyNoise(seed: number, std: number, n: number, scale: ShardScale): tf.Tensor2D {
  const noise = new Float32Array(2 * n * PIXELS);
  gaussianRows(seed, scale.rowOffset, n, PIXELS, std, noise, 0);
  gaussianRows(seed, scale.batchRows + scale.rowOffset, n, PIXELS, std, noise, n * PIXELS);
  return tf.tensor2d(noise, [2 * n, PIXELS]);
}

/**
 * The forward pass of a step, differentiable w.r.t. both networks: returns the total loss plus a
 * [energyLoss, E(real), E(fake), l2] vector. `noiseSeed` seeds E's input noise. Tensors the backward
 * pass still needs after tfjs's forward tidy (the non-saturating row factor) are kept and pushed
 * onto `survivors`: the caller disposes them once the gradients are computed.
 */
export function ebmForward(
  nets: EbmNets,
  config: GeneratorConfig,
  batch: BatchTensors,
  noiseSeed: number,
  survivors: tf.Tensor[] = [],
  scale?: ShardScale,
) {
  const proposal = nets.generator.apply(generatorInput(batch.corrupted, batch.mask), { training: true }) as tf.Tensor2D;
  const xhat = compositeTensor(batch.corrupted, batch.mask, proposal);
  let rowFactor: tf.Tensor | null = null; // set below, read by the reversal during the backward pass
  const reversed = gradientReversal(config.reversalScale, () => rowFactor)(xhat) as tf.Tensor2D;
  // One E pass over [real; fake] (batch 2n): fewer, larger products run faster on wasm.
  const n = batch.clean.shape[0];
  const rows = scale?.batchRows ?? n;
  let both = tf.concat([batch.clean, reversed], 0);
  if (config.energyNoise > 0)
    both = tf.add(
      both,
      energyNoise(noiseSeed, config.energyNoise, n, scale ?? { rowOffset: 0, batchRows: n, maskCount: 0 }),
    );
  const energies = nets.energy.apply(both, { training: true }) as tf.Tensor2D;
  const eReal = tf.slice(energies, [0, 0], [n, 1]);
  const eFake = tf.slice(energies, [n, 0], [n, 1]);
  const eLoss = energyLoss(config.loss, eReal, eFake, rows);
  if (config.reversal === 'non-saturating') {
    const d = config.loss === 'pairwise' ? tf.sub(eFake, eReal) : eFake;
    rowFactor = tf.keep(tf.exp(tf.minimum(d, 40))); // σ(d)/σ(−d) = exp(d), capped against overflow
    survivors.push(rowFactor);
  }
  const l2 = scale ? shardL2(xhat, batch.clean, batch.mask, scale.maskCount) : maskedL2(xhat, batch.clean, batch.mask);
  const a = config.anchorWeight;
  const total = (a > 0 ? tf.add(tf.mul(l2, a), tf.mul(eLoss, 1 - a)) : eLoss) as tf.Scalar;
  const stats = tf.stack([eLoss, tf.div(tf.sum(eReal), rows), tf.div(tf.sum(eFake), rows), l2]) as tf.Tensor1D;
  return { total, stats };
}

/**
 * One step with a tfjs optimizer (the reference the data-parallel step is tested against); returns the
 * step's statistics (before the update). Leaves no tensors behind.
 */
export function ebmStep(
  nets: EbmNets,
  config: GeneratorConfig,
  optimizer: tf.Optimizer,
  variables: tf.Variable[],
  batch: BatchTensors,
  noiseSeed: number,
): EbmStepStats {
  const kept: { stats?: tf.Tensor } = {};
  const survivors: tf.Tensor[] = [];
  let loss: number;
  try {
    loss = minimizeForLoss(
      optimizer,
      () => {
        const out = ebmForward(nets, config, batch, noiseSeed, survivors);
        kept.stats = tf.keep(out.stats);
        return out.total;
      },
      variables,
    );
  } finally {
    tf.dispose(survivors);
  }
  const { stats } = kept;
  if (!stats) throw new Error('the EBM step ran no forward pass');
  const [energyLossValue, energyReal, energyFake, l2] = stats.dataSync();
  stats.dispose();
  return { loss, energyLoss: energyLossValue, energyReal, energyFake, l2 };
}

/** The regressor's step: the same G, plain L2 on the missing pixels. */
export function regressorStep(
  generator: tf.LayersModel,
  optimizer: tf.Optimizer,
  variables: tf.Variable[],
  batch: BatchTensors,
): number {
  return minimizeForLoss(
    optimizer,
    () => {
      const proposal = generator.apply(generatorInput(batch.corrupted, batch.mask), { training: true }) as tf.Tensor2D;
      return maskedL2(compositeTensor(batch.corrupted, batch.mask, proposal), batch.clean, batch.mask);
    },
    variables,
  );
}
