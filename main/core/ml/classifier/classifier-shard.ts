// The classifier as a data-parallel replica: softmax cross-entropy on a shard, as its share of the
// batch's mean. Dropout masks are drawn per (step, layer, row of the batch) on the host, so a shard sees
// exactly the masks of its rows — and every step gets fresh ones (a seeded tfjs Dropout layer draws
// the same mask at every call).
import * as tf from '@tensorflow/tfjs';
import { gatherFloat, PIXELS } from '../../../../shared/image';
import { mixSeed, mulberry32 } from '../data/random';
import type { PreparedShard, Replica, ShardData, StepPlan } from '../parallel/shard-task';
import { variablesOf } from '../ebm/ebm-step';

const isDropout = (l: tf.layers.Layer) => l.getClassName() === 'Dropout';

/** Inverted-dropout multipliers (0 or 1/keep) for rows [from, to) of a batch at `step`, layer `layer`. */
export function dropoutRows(
  seed: number,
  step: number,
  layer: number,
  from: number,
  to: number,
  width: number,
  rate: number,
): Float32Array {
  const out = new Float32Array((to - from) * width);
  const keep = 1 / (1 - rate);
  for (let r = from; r < to; r++) {
    const rand = mulberry32(mixSeed(mixSeed(mixSeed(seed, 0xd0f0), step * 16 + layer), r));
    const base = (r - from) * width;
    for (let c = 0; c < width; c++) out[base + c] = rand() < rate ? 0 : keep;
  }
  return out;
}

export function classifierReplica(model: tf.LayersModel, seed: number): Replica {
  return {
    variables: variablesOf(model),
    prepare(plan: StepPlan, data: ShardData, from: number, to: number): PreparedShard {
      const idx = plan.indices.subarray(from, to);
      const rows = idx.length;
      const x = tf.tensor2d(gatherFloat(data.images, idx), [rows, PIXELS]);
      const y = tf.tidy(() =>
        tf.oneHot(
          tf.tensor1d(
            Int32Array.from(idx, (i) => data.labels[i]),
            'int32',
          ),
          10,
        ),
      );
      const masks = model.layers.map((l, i) => {
        if (!isDropout(l)) return null;
        const width = (l.outputShape as number[])[1];
        const rate = (l.getConfig() as { rate: number }).rate;
        return tf.tensor2d(dropoutRows(seed, plan.step, i, from, to, width, rate), [rows, width]);
      });
      const batchRows = plan.indices.length;
      return {
        loss: () => {
          let h: tf.Tensor = x;
          model.layers.forEach((l, i) => {
            const mask = masks[i];
            h = mask ? tf.mul(h, mask) : (l.apply(h, { training: true }) as tf.Tensor);
          });
          const perRow = tf.losses.softmaxCrossEntropy(y, h, undefined, 0, tf.Reduction.NONE);
          return { total: tf.div(tf.sum(perRow), batchRows) as tf.Scalar, stats: tf.tensor1d([]) };
        },
        dispose: () => tf.dispose([x, y, ...masks.filter((m): m is tf.Tensor2D => m !== null)]),
      };
    },
    dispose: () => model.dispose(),
  };
}
