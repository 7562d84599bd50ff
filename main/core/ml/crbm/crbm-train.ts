// Training of the conditional RBM on the sheet's training masks. Binary pixels are SAMPLED from the grey
// levels afresh each step (not thresholded): a pixel of grey 0.3 is on 30% of the time, so the model's
// p(y = 1 | x) learns the grey level itself (what the MSE against grey originals rewards) and every
// epoch sees new binary images. The reconstruction error compares the mean-field y with the grey original.
import * as tf from '@tensorflow/tfjs';
import type { TrainRequest } from '../../../../shared/contract';
import { kindInfo } from '../../../../shared/model-kinds';
import { batchTensors, disposeBatch, stepPatchSeed, type TrainData } from '../data/batches';
import { trainableCount } from '../data/holdout';
import { mixSeed } from '../data/random';
import { trainingBatch, trainingMasks } from '../data/training-masks';
import type { MaskMix } from '../../../../shared/masks';
import type { ModelFiles, ProgressUpdate } from '../model-files';
import { runTrainingLoop, type LoopResult } from '../train';
import { bernoulli } from './crbm-conditionals';
import { crbmToFiles } from './crbm-files';
import { checkCrbmConfig, DEFAULT_CRBM_CONFIG, disposeCrbm, initCrbm, type CrbmConfig } from './crbm-model';
import { crbmStep, zeroVelocity } from './crbm-step';
import { PIXELS } from '../../../../shared/image';

export interface CrbmRun {
  files: ModelFiles;
  config: CrbmConfig;
  seed: number;
  batchSize: number;
  n: number;
  loop: LoopResult;
  masks: MaskMix;
}

export function crbmConfigFor(req: TrainRequest): CrbmConfig {
  return checkCrbmConfig({
    ...DEFAULT_CRBM_CONFIG,
    ...(req.hiddenUnits !== undefined ? { hidden: req.hiddenUnits } : {}),
    ...(req.gibbsSteps !== undefined ? { gibbsSteps: req.gibbsSteps } : {}),
    ...(req.persistent !== undefined ? { persistent: req.persistent === 1 } : {}),
    ...(req.biases !== undefined ? { biases: req.biases === 1 } : {}),
    ...(req.learningRate !== undefined ? { learningRate: req.learningRate } : {}),
  });
}

export async function trainCrbm(
  req: TrainRequest,
  data: TrainData,
  opts: { signal?: AbortSignal; onProgress?: (p: ProgressUpdate) => void },
): Promise<CrbmRun> {
  const config = crbmConfigFor(req);
  const seed = req.seed ?? 1;
  const masks = trainingMasks(req);
  const batchSize = req.batchSize ?? kindInfo('crbm').defaults.batchSize;
  const n = trainableCount(data.train, req.subset);
  const params = initCrbm(PIXELS, config.hidden, config.biases, mixSeed(seed, 1));
  const vel = zeroVelocity(params);
  let chain: { y: tf.Tensor2D } | undefined;
  try {
    const loop = await runTrainingLoop({
      n,
      batchSize,
      epochs: req.epochs ?? kindInfo('crbm').defaults.epochs,
      seed,
      signal: opts.signal,
      onProgress: opts.onProgress,
      step: (indices, step) => {
        const batch = batchTensors(trainingBatch(data.train, indices, stepPatchSeed(seed, step), masks));
        const v = bernoulli(batch.clean, mixSeed(seed ^ 0xb1a, step));
        try {
          if (config.persistent && !chain) chain = { y: tf.keep(tf.clone(v)) };
          return crbmStep(params, vel, config, v, batch.mask, batch.clean, mixSeed(seed ^ 0x61bb5, step), chain);
        } finally {
          v.dispose();
          disposeBatch(batch);
        }
      },
    });
    return { files: await crbmToFiles(params, config), config, seed, batchSize, n, loop, masks };
  } finally {
    disposeCrbm(params);
    tf.dispose([vel.W, vel.b, vel.c, ...(chain ? [chain.y] : [])]);
  }
}
