// The MDN as a data-parallel replica: its NLL (nats per missing pixel) summed over a shard's rows and
// divided by the whole batch's row count, so the shards' losses add up to the batch mean mdnLoss takes.
import * as tf from '@tensorflow/tfjs';
import { batchTensors, disposeBatch, stepPatchSeed } from '../data/batches';
import { trainingBatch } from '../data/training-masks';
import type { MaskMix } from '../../../../shared/masks';
import { generatorInput } from '../ebm/ebm-model';
import { variablesOf } from '../ebm/ebm-step';
import type { PreparedShard, Replica, ShardData, StepPlan } from '../parallel/shard-task';
import { mdnRowLosses } from './mdn-loss';
import { splitHead, type MdnConfig } from './mdn-model';

export function mdnReplica(net: tf.LayersModel, config: MdnConfig, seed: number, masks: MaskMix): Replica {
  return {
    variables: variablesOf(net),
    prepare(plan: StepPlan, data: ShardData, from: number, to: number): PreparedShard {
      const rows = plan.indices.subarray(from, to);
      const batch = batchTensors(trainingBatch(data, rows, stepPatchSeed(seed, plan.step), masks));
      const batchRows = plan.indices.length;
      return {
        loss: () => {
          const raw = net.apply(generatorInput(batch.corrupted, batch.mask), { training: true }) as tf.Tensor2D;
          const perRow = mdnRowLosses(splitHead(raw, config.components, config.sigmaMin), batch.clean, batch.mask);
          return { total: tf.div(tf.sum(perRow), batchRows) as tf.Scalar, stats: tf.tensor1d([]) };
        },
        dispose: () => disposeBatch(batch),
      };
    },
    dispose: () => net.dispose(),
  };
}
