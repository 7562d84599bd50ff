// Training of the energy-based generator (G + E, one Adam) and of the regressor (the same G, plain L2).
// Both save G as generator.json/.weights.bin; the generator adds energy.json/.weights.bin; both save
// the optimizer state and their progress (optimizer.json) so a run can resume.
import * as tf from '@tensorflow/tfjs';
import type { TrainRequest } from '../../../../shared/contract';
import type { TrainData } from '../data/batches';
import { checkGeneratorConfig, type GeneratorConfig } from './ebm-model';
import { DEFAULT_GENERATOR_CONFIG } from './ebm-defaults';
import { kindInfo } from '../../../../shared/model-kinds';
import { DEFAULT_MASK_MIX, type MaskMix } from '../../../../shared/masks';
import type { ModelFiles, ProgressUpdate } from '../model-files';
import { mixSeed } from '../data/random';
import { optimizerToFiles, readOptimizerState, readTrainingState } from '../tf/optimizer-state';
import { layersModelFromFiles, layersModelToFiles } from '../tf/tf-io';
import { runTrainingLoop, type LoopResult } from '../train';
import type { DataParallel } from '../parallel/data-parallel';
import { buildNets, replicaFor, type TaskSpec } from '../parallel/tasks';
import { startTrainerRun } from '../parallel/trainer-run';
import { ebmStepStats } from './ebm-shard';
import { previewer, withPreview } from './train-preview';

export const GENERATOR_PREFIX = 'generator';
export const ENERGY_PREFIX = 'energy';

export interface NetTrainOptions {
  signal?: AbortSignal;
  onProgress?: (p: ProgressUpdate) => void;
  resumeFrom?: ModelFiles;
  /** Generator knobs beyond TrainRequest's (research); request fields win where both are set. */
  generatorConfig?: Partial<GeneratorConfig>;
  /** The built training-thread entry (tests; default: train-replica.js beside the bundle). */
  replicaWorkerPath?: string;
}

/** What a finished run hands to train-model.ts for metadata. */
export interface NetRun {
  files: ModelFiles;
  config: GeneratorConfig;
  seed: number;
  batchSize: number;
  n: number;
  loop: LoopResult;
  masks: MaskMix;
  /** Training threads the run used. */
  workers: number;
}

interface SavedProgress {
  kind: 'generator' | 'regressor';
  config: GeneratorConfig;
  seed: number;
  batchSize: number;
  epochs: number;
  steps: number;
  /** Absent in runs saved before mask mixes existed: those trained on center-gray squares. */
  masks?: MaskMix;
}

/** The effective config: defaults ← options ← request fields (or the saved config when resuming). */
export function generatorConfigFor(req: TrainRequest, extra?: Partial<GeneratorConfig>): GeneratorConfig {
  const c: GeneratorConfig = { ...DEFAULT_GENERATOR_CONFIG, ...extra };
  if (req.learningRate !== undefined) c.learningRate = req.learningRate;
  if (req.anchorWeight !== undefined) c.anchorWeight = req.anchorWeight;
  if (req.arch !== undefined) c.arch = req.arch;
  return checkGeneratorConfig(c);
}

/** Train (or resume) the generator+energy pair, or — with kind 'regressor' — G alone on L2. */
export async function trainNets(
  kind: 'generator' | 'regressor',
  req: TrainRequest,
  data: TrainData,
  opts: NetTrainOptions,
): Promise<NetRun> {
  const saved = opts.resumeFrom ? readTrainingState<SavedProgress>(opts.resumeFrom) : null;
  if (saved && saved.kind !== kind) throw new Error(`cannot resume a ${kind} from a saved ${saved.kind}`);
  const config = saved ? checkGeneratorConfig(saved.config) : generatorConfigFor(req, opts.generatorConfig);
  const seed = saved?.seed ?? req.seed ?? 1;
  const batchSize = req.batchSize ?? saved?.batchSize ?? 64;
  const masks: MaskMix = saved ? (saved.masks ?? 'center') : (req.masks ?? DEFAULT_MASK_MIX);
  const n = Math.min(req.subset ?? data.train.n, data.train.n);
  const nets: tf.LayersModel[] = [];
  let run: DataParallel | null = null;
  try {
    const spec: TaskSpec = { kind, config, seed, masks };
    if (opts.resumeFrom) {
      nets.push(await layersModelFromFiles(opts.resumeFrom, GENERATOR_PREFIX));
      if (kind === 'generator') nets.push(await layersModelFromFiles(opts.resumeFrom, ENERGY_PREFIX));
    } else nets.push(...buildNets(spec, [mixSeed(seed, 1), mixSeed(seed, 2)]));
    const replica = replicaFor(spec, nets);
    const restore = opts.resumeFrom ? readOptimizerState(opts.resumeFrom, replica.variables) : undefined;
    run = await startTrainerRun({
      spec,
      replica,
      train: data.train,
      n,
      workers: req.workers,
      adam: { learningRate: config.learningRate, beta1: config.beta1, beta2: config.beta2 },
      restore,
      workerPath: opts.replicaWorkerPath,
    });
    const parallel = run;
    const [generator, energy] = nets;
    const loop = await runTrainingLoop({
      n,
      batchSize,
      epochs: req.epochs ?? kindInfo(kind).defaults.epochs,
      seed,
      startEpoch: saved?.epochs ?? 0,
      startStep: saved?.steps ?? 0,
      signal: opts.signal,
      // The strip of inpainted test digits the UI shows while the run goes (only when someone listens).
      onProgress:
        data.test.n > 0 ? withPreview(opts.onProgress, previewer(generator, kind, data.test)) : opts.onProgress,
      step: async (indices, step) => ebmStepStats(kind, (await parallel.step(indices, step)).stats),
    });
    const progress: SavedProgress = { kind, config, seed, batchSize, epochs: loop.epochs, steps: loop.steps, masks };
    const files: ModelFiles = {
      ...(await layersModelToFiles(generator, GENERATOR_PREFIX)),
      ...(energy ? await layersModelToFiles(energy, ENERGY_PREFIX) : {}),
      ...(await optimizerToFiles(
        parallel.optimizerState(),
        replica.variables,
        progress as unknown as Record<string, unknown>,
      )),
    };
    return { files, config, seed, batchSize, n, loop, masks, workers: parallel.workers };
  } finally {
    await run?.dispose();
    for (const net of nets) net.dispose();
  }
}
