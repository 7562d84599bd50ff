// The judge of inpaintings: a small dense digit classifier (784 → 512 → 256 → 10, dropout), trained
// on clean MNIST with Adam; ≥ 98% test accuracy after a few epochs.
import * as tf from '@tensorflow/tfjs';
import type { TrainRequest } from '../../../../shared/contract';
import { kindInfo, type Arch } from '../../../../shared/model-kinds';
import { gatherFloat, PIXELS } from '../../../../shared/image';
import type { DigitSplit, TrainData } from '../data/batches';
import type { ModelFiles } from '../model-files';
import { argmaxRows } from '../../../../shared/metrics';
import { mixSeed } from '../data/random';
import { layersModelToFiles } from '../tf/tf-io';
import { runTrainingLoop, type LoopResult } from '../train';
import type { NetTrainOptions } from '../ebm/ebm-train';
import type { DataParallel } from '../parallel/data-parallel';
import { buildNets, replicaFor, type TaskSpec } from '../parallel/tasks';
import { startTrainerRun, TF_ADAM_BETAS } from '../parallel/trainer-run';

export const CLASSIFIER_PREFIX = 'classifier';
/** decayAt: fraction of the run after which the learning rate drops to decayTo × (a step schedule). */
export const CLASSIFIER_DEFAULTS = {
  hidden: [512, 256],
  dropout: 0.3,
  ...kindInfo('classifier').defaults,
  decayAt: 0.6,
  decayTo: 0.1,
};

export function buildClassifier(
  seed: number,
  hidden = CLASSIFIER_DEFAULTS.hidden,
  dropout = CLASSIFIER_DEFAULTS.dropout,
): tf.Sequential {
  const model = tf.sequential();
  hidden.forEach((units, i) => {
    const kernelInitializer = tf.initializers.heNormal({ seed: mixSeed(seed, i) % 2147483647 });
    model.add(
      tf.layers.dense({ units, activation: 'relu', kernelInitializer, ...(i === 0 ? { inputShape: [PIXELS] } : {}) }),
    );
    model.add(tf.layers.dropout({ rate: dropout, seed: mixSeed(seed, 50 + i) % 2147483647 }));
  });
  model.add(
    tf.layers.dense({
      units: 10,
      kernelInitializer: tf.initializers.glorotUniform({ seed: mixSeed(seed, 99) % 2147483647 }),
    }),
  );
  return model;
}

/** Class probabilities (n×10) for n images in [0,1], in chunks so large batches stay bounded. */
export function classifyImages(model: tf.LayersModel, images: Float32Array, n: number, chunk = 1000): Float32Array {
  const out = new Float32Array(n * 10);
  for (let s = 0; s < n; s += chunk) {
    const m = Math.min(chunk, n - s);
    const probs = tf.tidy(() =>
      tf.softmax(model.predict(tf.tensor2d(images.subarray(s * PIXELS, (s + m) * PIXELS), [m, PIXELS])) as tf.Tensor2D),
    );
    out.set(probs.dataSync(), s * 10);
    probs.dispose();
  }
  return out;
}

/** Accuracy on the first `limit` images of a split. */
export function splitAccuracy(model: tf.LayersModel, split: DigitSplit, limit = split.n): number {
  const n = Math.min(limit, split.n);
  const idx = Uint32Array.from({ length: n }, (_, i) => i);
  const predicted = argmaxRows(classifyImages(model, gatherFloat(split.images, idx), n), n);
  let right = 0;
  for (let i = 0; i < n; i++) if (predicted[i] === split.labels[i]) right++;
  return n ? right / n : 0;
}

export interface ClassifierRun {
  files: ModelFiles;
  loop: LoopResult;
  seed: number;
  batchSize: number;
  n: number;
  config: typeof CLASSIFIER_DEFAULTS & { arch: Arch };
  testAccuracy: number;
  workers: number;
}

export async function trainClassifier(
  req: TrainRequest,
  data: TrainData,
  opts: NetTrainOptions,
): Promise<ClassifierRun> {
  if (opts.resumeFrom) throw new Error('resuming is supported for the generator and the regressor, not the classifier');
  const config = {
    ...CLASSIFIER_DEFAULTS,
    learningRate: req.learningRate ?? CLASSIFIER_DEFAULTS.learningRate,
    arch: req.arch ?? ('mlp' as Arch),
  };
  const seed = req.seed ?? 1;
  const batchSize = req.batchSize ?? config.batchSize;
  const n = Math.min(req.subset ?? data.train.n, data.train.n);
  const spec: TaskSpec = {
    kind: 'classifier',
    arch: config.arch,
    hidden: config.hidden,
    dropout: config.dropout,
    seed,
  };
  const [model] = buildNets(spec, [seed, 0]);
  const epochs = req.epochs ?? config.epochs;
  const decayStep = Math.floor(config.decayAt * epochs * Math.floor(n / Math.min(batchSize, n)));
  let run: DataParallel | null = null;
  try {
    run = await startTrainerRun({
      spec,
      replica: replicaFor(spec, [model]),
      train: data.train,
      n,
      workers: req.workers,
      adam: { learningRate: config.learningRate, ...TF_ADAM_BETAS },
      workerPath: opts.replicaWorkerPath,
    });
    const parallel = run;
    const loop = await runTrainingLoop({
      n,
      batchSize,
      epochs,
      seed,
      signal: opts.signal,
      onProgress: opts.onProgress,
      // a step schedule: the learning rate drops to decayTo × after decayAt of the run
      step: async (indices, step) => {
        const lr = config.learningRate * (step >= decayStep ? config.decayTo : 1);
        return { loss: (await parallel.step(indices, step, lr)).stats[0] };
      },
    });
    const testAccuracy = splitAccuracy(model, data.test);
    return {
      files: await layersModelToFiles(model, CLASSIFIER_PREFIX),
      loop,
      seed,
      batchSize,
      n,
      config,
      testAccuracy,
      workers: parallel.workers,
    };
  } finally {
    await run?.dispose();
    model.dispose();
  }
}
