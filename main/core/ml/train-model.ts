// One entry for every trainable kind: runs the right trainer and wraps its files with the metadata a
// saved model carries (kind, every config knob, data, seed, epochs, steps, backend, curve, metrics).
import type { TrainRequest } from '../../../shared/contract';
import { currentBackend } from './tf/backend';
import type { TrainData } from './data/batches';
import { trainClassifier } from './classifier/classifier';
import { trainNets, type NetTrainOptions } from './ebm/ebm-train';
import { heldOutMse } from './evaluate';
import type { ModelFiles, ProgressUpdate, TrainedModel } from './model-files';
import { fitPca } from './pca/pca';
import { pcaToFiles } from './pca/pca-files';
import { PIXELS } from '../../../shared/image';
import type { GeneratorConfig } from './ebm/ebm-model';
import { trainMdn } from './mdn/mdn-train';
import { trainCrbm } from './crbm/crbm-train';
import { heldOutSheetMse } from './sheet-holdout';
import { REGRESSOR_METADATA } from '../../../shared/model-metadata';

export interface TrainOptions {
  signal?: AbortSignal;
  onProgress?: (p: ProgressUpdate) => void;
  resumeFrom?: ModelFiles;
  log?: (line: string) => void;
  /** Generator/regressor knobs beyond TrainRequest (architecture, loss, reversal scale, noise, betas). */
  generatorConfig?: Partial<GeneratorConfig>;
  /** The built training-thread entry (tests; default: train-replica.js beside the bundle). */
  replicaWorkerPath?: string;
}

function common(req: TrainRequest, data: TrainData) {
  return {
    data: { name: data.name, n: Math.min(req.subset ?? data.train.n, data.train.n) },
    backend: currentBackend(),
    createdAt: new Date().toISOString(),
    request: req,
  };
}

/** The settings a plain-L2 regressor has (the shared generator config also holds the energy network's). */
function regressorConfig(config: object): Record<string, unknown> {
  const keep = Object.keys(REGRESSOR_METADATA.shape.config.unwrap().shape);
  return Object.fromEntries(Object.entries(config).filter(([k]) => keep.includes(k)));
}

export async function trainModel(req: TrainRequest, data: TrainData, opts: TrainOptions = {}): Promise<TrainedModel> {
  const log = opts.log ?? (() => {});
  if (req.kind === 'pca') {
    const n = Math.min(req.subset ?? data.train.n, data.train.n);
    const t0 = performance.now();
    const model = await fitPca(data.train.images.subarray(0, n * PIXELS), n, {
      signal: opts.signal,
      onProgress: (fraction) =>
        opts.onProgress?.({
          epoch: 1,
          epochs: 1,
          step: Math.round(fraction * 100),
          totalSteps: 100,
          loss: 0,
          examplesPerSec: 0,
          etaSeconds: 0,
        }),
    });
    const seconds = (performance.now() - t0) / 1000;
    log(`PCA fitted on ${n} images in ${seconds.toFixed(1)} s`);
    return {
      kind: 'pca',
      files: pcaToFiles(model),
      metadata: {
        kind: 'pca',
        ...common(req, data),
        config: {},
        seed: null,
        epochs: 1,
        steps: 1,
        metrics: { fitSeconds: seconds },
      },
    };
  }
  if (req.kind === 'classifier') {
    const run = await trainClassifier(req, data, opts as NetTrainOptions);
    log(`classifier: test accuracy ${(run.testAccuracy * 100).toFixed(2)}%`);
    return {
      kind: 'classifier',
      files: run.files,
      metadata: {
        kind: 'classifier',
        ...common(req, data),
        config: { ...run.config, batchSize: run.batchSize, workers: run.workers },
        seed: run.seed,
        epochs: run.loop.epochs,
        steps: run.loop.steps,
        curve: run.loop.curve,
        metrics: {
          testAccuracy: run.testAccuracy,
          finalLoss: run.loop.last.loss,
          trainSeconds: run.loop.seconds,
          examplesPerSec: run.loop.examplesPerSec,
        },
      },
    };
  }
  if (req.kind === 'generator' || req.kind === 'regressor') {
    const run = await trainNets(req.kind, req, data, opts);
    const mse = await heldOutMse(run.files, data.test, 1000);
    log(`${req.kind}: test patch MSE ${mse.toFixed(4)} (first 1000 test images)`);
    return {
      kind: req.kind,
      files: run.files,
      metadata: {
        kind: req.kind,
        ...common(req, data),
        // The regressor has no energy network: its metadata records none of that network's settings.
        config: {
          ...(req.kind === 'regressor' ? regressorConfig(run.config) : run.config),
          batchSize: run.batchSize,
          masks: run.masks,
          workers: run.workers,
        },
        seed: run.seed,
        epochs: run.loop.epochs,
        steps: run.loop.steps,
        resumed: !!opts.resumeFrom,
        curve: run.loop.curve,
        metrics: {
          ...run.loop.last,
          testPatchMse: mse,
          trainSeconds: run.loop.seconds,
          examplesPerSec: run.loop.examplesPerSec,
        },
      },
    };
  }
  if (req.kind === 'mdn' || req.kind === 'crbm') {
    const run = req.kind === 'mdn' ? await trainMdn(req, data, opts) : await trainCrbm(req, data, opts);
    const mse = await heldOutSheetMse(req.kind, run.files, data.test, 1000);
    log(`${req.kind}: test patch MSE ${mse.toFixed(4)} (first 1000 test images)`);
    return {
      kind: req.kind,
      files: run.files,
      metadata: {
        kind: req.kind,
        ...common(req, data),
        config: {
          ...run.config,
          batchSize: run.batchSize,
          masks: run.masks,
          ...('workers' in run ? { workers: run.workers } : {}),
        },
        seed: run.seed,
        epochs: run.loop.epochs,
        steps: run.loop.steps,
        curve: run.loop.curve,
        metrics: {
          ...run.loop.last,
          ...('holdout' in run ? { holdout: run.holdout } : {}),
          testPatchMse: mse,
          trainSeconds: run.loop.seconds,
          examplesPerSec: run.loop.examplesPerSec,
        },
      },
    };
  }
  throw new Error(`unknown model kind "${String((req as TrainRequest).kind)}"`);
}
