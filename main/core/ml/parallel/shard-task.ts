// What data-parallel training needs of a model: its variables in a fixed order and a loss on a shard
// of the batch, scaled so that the shards' losses (and so their gradients) add up to the full batch's.
// Everything else — splitting, exchanging gradients, Adam, keeping replicas equal — is generic.
import type * as tf from '@tensorflow/tfjs';
import type { AdamCoefficients } from './adam-kernel';

/** What every thread needs to run one step: the whole batch's image indices and Adam's constants. */
export interface StepPlan {
  /** Global step (seeds the batch's patches and noise). */
  step: number;
  indices: Uint32Array;
  adam: AdamCoefficients;
}

/** The training images, as every thread sees them (shared memory in worker threads). */
export interface ShardData {
  images: Uint8Array;
  labels: Uint8Array;
  n: number;
}

export interface ShardLoss {
  /** This shard's share of the batch loss (partial sums over its rows ÷ full-batch normalisers). */
  total: tf.Scalar;
  /** Further statistics, shared the same way (they too add up over the shards). */
  stats: tf.Tensor1D;
}

/** One shard's inputs, made before the timed forward pass; `dispose` frees them and anything kept for backward. */
export interface PreparedShard {
  loss(): ShardLoss;
  dispose(): void;
}

export interface Replica {
  variables: tf.Variable[];
  /** Rows [from, to) of the plan's batch. */
  prepare(plan: StepPlan, data: ShardData, from: number, to: number): PreparedShard;
  dispose(): void;
}
