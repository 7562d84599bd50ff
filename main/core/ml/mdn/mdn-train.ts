// Training of the MDN by its NLL (mdn-loss.ts) on the sheet's training masks, with Adam, data-parallel
// over threads like the generator (mdn-shard.ts); the files are
// the network (mdn.json/.weights.bin) and its config (mdn-config.json, with the answer rule chosen on the
// training holdout).
import type { TrainRequest } from '../../../../shared/contract';
import { kindInfo } from '../../../../shared/model-kinds';
import { holdoutSplit, trainableCount } from '../data/holdout';
import { trainingMasks } from '../data/training-masks';
import type { TrainData } from '../data/batches';
import type { MaskMix } from '../../../../shared/masks';
import { mixSeed } from '../data/random';
import type { ModelFiles, ProgressUpdate } from '../model-files';
import { layersModelToFiles, writeJson } from '../tf/tf-io';
import { runTrainingLoop, type LoopResult } from '../train';
import { checkMdnConfig, DEFAULT_MDN_CONFIG, type MdnConfig } from './mdn-model';
import type { DataParallel } from '../parallel/data-parallel';
import { buildNets, replicaFor, type TaskSpec } from '../parallel/tasks';
import { startTrainerRun, TF_ADAM_BETAS } from '../parallel/trainer-run';
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
  /** Training threads the run used. */
  workers: number;
}

export async function trainMdn(
  req: TrainRequest,
  data: TrainData,
  opts: { signal?: AbortSignal; onProgress?: (p: ProgressUpdate) => void; replicaWorkerPath?: string },
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
  const spec: TaskSpec = { kind: 'mdn', config, seed, masks };
  const [net] = buildNets(spec, [mixSeed(seed, 1), 0]);
  let run: DataParallel | null = null;
  try {
    run = await startTrainerRun({
      spec,
      replica: replicaFor(spec, [net]),
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
      epochs: req.epochs ?? kindInfo('mdn').defaults.epochs,
      seed,
      signal: opts.signal,
      onProgress: opts.onProgress,
      step: async (indices, step) => ({ loss: (await parallel.step(indices, step)).stats[0] }),
    });
    const holdout = compareRules(net, config, holdoutSplit(data.train), mixSeed(seed, 77), masks);
    const saved: SavedMdnConfig = { ...config, rule: holdout.chosen, holdout };
    const files: ModelFiles = { ...(await layersModelToFiles(net, MDN_PREFIX)), [MDN_CONFIG_FILE]: writeJson(saved) };
    return { files, config, seed, batchSize, n, loop, holdout, masks, workers: parallel.workers };
  } finally {
    await run?.dispose();
    net.dispose();
  }
}
