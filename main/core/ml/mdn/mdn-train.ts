// Training of the MDN by its NLL (mdn-loss.ts) on the sheet's training masks, with Adam; the files are
// the network (mdn.json/.weights.bin) and its config (mdn-config.json, with the answer rule chosen on the
// training holdout).
import * as tf from '@tensorflow/tfjs';
import type { TrainRequest } from '../../../../shared/contract';
import { kindInfo } from '../../../../shared/model-kinds';
import { batchTensors, disposeBatch, stepPatchSeed, type TrainData } from '../data/batches';
import { holdoutSplit, trainableCount } from '../data/holdout';
import { trainingBatch, trainingMasks } from '../data/training-masks';
import type { MaskMix } from '../../../../shared/masks';
import { mixSeed } from '../data/random';
import { generatorInput } from '../ebm/ebm-model';
import type { ModelFiles, ProgressUpdate } from '../model-files';
import { layersModelToFiles, writeJson } from '../tf/tf-io';
import { runTrainingLoop, type LoopResult } from '../train';
import { mdnLoss } from './mdn-loss';
import { buildMdn, checkMdnConfig, DEFAULT_MDN_CONFIG, splitHead, type MdnConfig } from './mdn-model';
import { MDN_CONFIG_FILE, MDN_PREFIX, type SavedMdnConfig } from './mdn-files';
import { compareRules, type RuleScores } from './mdn-rules';

export interface MdnRun {
  files: ModelFiles;
  config: MdnConfig;
  seed: number;
  batchSize: number;
  n: number;
  loop: LoopResult;
  holdout: RuleScores;
  masks: MaskMix;
}

export async function trainMdn(
  req: TrainRequest,
  data: TrainData,
  opts: { signal?: AbortSignal; onProgress?: (p: ProgressUpdate) => void },
): Promise<MdnRun> {
  const config = checkMdnConfig({
    ...DEFAULT_MDN_CONFIG,
    ...(req.components !== undefined ? { components: req.components } : {}),
    ...(req.learningRate !== undefined ? { learningRate: req.learningRate } : {}),
    ...(req.arch !== undefined ? { arch: req.arch } : {}),
  });
  const seed = req.seed ?? 1;
  const masks = trainingMasks(req);
  const batchSize = req.batchSize ?? kindInfo('mdn').defaults.batchSize;
  const n = trainableCount(data.train, req.subset);
  const net = buildMdn(config, mixSeed(seed, 1));
  const optimizer = tf.train.adam(config.learningRate);
  try {
    const loop = await runTrainingLoop({
      n,
      batchSize,
      epochs: req.epochs ?? kindInfo('mdn').defaults.epochs,
      seed,
      signal: opts.signal,
      onProgress: opts.onProgress,
      step: (indices, step) => {
        const batch = batchTensors(trainingBatch(data.train, indices, stepPatchSeed(seed, step), masks));
        try {
          const cost = optimizer.minimize(() => {
            const raw = net.apply(generatorInput(batch.corrupted, batch.mask), { training: true }) as tf.Tensor2D;
            return mdnLoss(splitHead(raw, config.components, config.sigmaMin), batch.clean, batch.mask);
          }, true);
          const loss = cost?.dataSync()[0] ?? NaN;
          cost?.dispose();
          return { loss };
        } finally {
          disposeBatch(batch);
        }
      },
    });
    const holdout = compareRules(net, config, holdoutSplit(data.train), mixSeed(seed, 77), masks);
    const saved: SavedMdnConfig = { ...config, rule: holdout.chosen, holdout };
    const files: ModelFiles = { ...(await layersModelToFiles(net, MDN_PREFIX)), [MDN_CONFIG_FILE]: writeJson(saved) };
    return { files, config, seed, batchSize, n, loop, holdout, masks };
  } finally {
    net.dispose();
    optimizer.dispose();
  }
}
