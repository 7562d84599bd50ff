// The generator (G + E, one loss through the gradient reversal) and the regressor (G, plain L2) as
// data-parallel replicas: a shard of a step's batch, with its loss scaled to its share of the batch's.
import * as tf from '@tensorflow/tfjs';
import { batchTensors, disposeBatch, hostBatch, stepPatchSeed } from '../data/batches';
import { masksFor, type MaskSource } from '../data/masks/mixer';
import { mixSeed } from '../data/random';
import type { PreparedShard, Replica, ShardData, StepPlan } from '../parallel/shard-task';
import type { GeneratorConfig } from './ebm-model';
import { compositeTensor, generatorInput } from './ebm-model';
import { ebmForward, shardL2, variablesOf, type ShardScale } from './ebm-step';

/** The seed of E's input noise at a step (as the single-thread trainer has always derived it). */
export const noiseSeedOf = (seed: number, step: number) => mixSeed(seed ^ 0x4e015e, step);

export function ebmReplica(
  kind: 'generator' | 'regressor',
  nets: { generator: tf.LayersModel; energy?: tf.LayersModel },
  config: GeneratorConfig,
  seed: number,
  masks: MaskSource,
): Replica {
  const { generator, energy } = nets;
  if (kind === 'generator' && !energy) throw new Error('the generator needs its energy network');
  return {
    variables: energy && kind === 'generator' ? variablesOf(generator, energy) : variablesOf(generator),
    prepare(plan: StepPlan, data: ShardData, from: number, to: number): PreparedShard {
      const patchSeed = stepPatchSeed(seed, plan.step);
      const batch = batchTensors(hostBatch(data, plan.indices.subarray(from, to), patchSeed, masks));
      const scale: ShardScale = {
        rowOffset: from,
        batchRows: plan.indices.length,
        maskCount: missingCount(masks, patchSeed, plan.indices),
      };
      const survivors: tf.Tensor[] = [];
      return {
        loss: () => {
          if (kind === 'generator' && energy) {
            const out = ebmForward(
              { generator, energy },
              config,
              batch,
              noiseSeedOf(seed, plan.step),
              survivors,
              scale,
            );
            return { total: out.total, stats: out.stats };
          }
          const proposal = generator.apply(generatorInput(batch.corrupted, batch.mask), {
            training: true,
          }) as tf.Tensor2D;
          const total = shardL2(
            compositeTensor(batch.corrupted, batch.mask, proposal),
            batch.clean,
            batch.mask,
            scale.maskCount,
          );
          return { total, stats: tf.tensor1d([]) };
        },
        dispose: () => {
          disposeBatch(batch);
          tf.dispose(survivors);
        },
      };
    },
    dispose: () => {
      generator.dispose();
      energy?.dispose();
    },
  };
}

/** Missing pixels of a whole batch (every shard divides its L2 by this). */
function missingCount(masks: MaskSource, patchSeed: number, indices: Uint32Array): number {
  const all = masksFor(masks, patchSeed, indices);
  let count = 0;
  for (let i = 0; i < all.length; i++) count += all[i];
  return count;
}

/** The summed statistics [loss, energyLoss, E(real), E(fake), l2] as the trainer reports them. */
export function ebmStepStats(kind: 'generator' | 'regressor', s: Float32Array) {
  if (kind === 'regressor') return { loss: s[0] };
  return { loss: s[0], energyLoss: s[1], energyReal: s[2], energyFake: s[3], l2: s[4] };
}
