// `bench [--json] [--workers N]`: training throughput (1 thread against N, phase shares, for the MLP and
// the conv G+E step), single-image latency per method (+ energy, classifier), PCA fit time, with the
// backend in use. Figures are medians (the fit is timed once: it takes seconds).
// `bench --inference` measures the inference worker instead (bench-inference.ts).
import { MAX_TRAIN_WORKERS, type MethodId, type ModelKind } from '../../shared/contract';
import { benchTraining } from './bench-training';
import { intOption } from './errors';
import { initBackend } from '../core/ml/tf/backend';
import { DEFAULT_GENERATOR_CONFIG } from '../core/ml/ebm/ebm-defaults';
import { benchEbmStep } from '../core/ml/ebm/ebm-bench';
import { PROTOCOL_GENERATOR_CONFIG } from '../core/ml/ebm/ebm-model';
import { testBatch } from '../core/ml/evaluate';
import { fitPca } from '../core/ml/pca/pca';
import { benchInference } from './bench-inference';
import { buildConvGenerator } from '../core/ml/conv/conv-nets';
import { proposeWith } from '../core/ml/ebm/ebm-inpainter';
import { cliModels, dataset, ensureModel, openStore, resolveModelId } from './context';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Median ms of `f` over `runs` calls after a few warm-up calls. */
function timeMs(f: () => void, runs = 50, warmup = 5): number {
  for (let i = 0; i < warmup; i++) f();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    times.push(performance.now() - t0);
  }
  return median(times);
}

const sameArchitecture =
  JSON.stringify(DEFAULT_GENERATOR_CONFIG.hidden) === JSON.stringify(PROTOCOL_GENERATOR_CONFIG.hidden) &&
  JSON.stringify(DEFAULT_GENERATOR_CONFIG.energyHidden) === JSON.stringify(PROTOCOL_GENERATOR_CONFIG.energyHidden);

export async function benchCommand(opts: Record<string, string | undefined>): Promise<void> {
  const backend = await initBackend();
  const say = (line: string) => {
    if (!opts.json) process.stdout.write(`${line}\n`);
  };
  say(`backend: ${backend.name} (${backend.reason})`);
  if (opts.inference) {
    const store = await openStore();
    try {
      const figures = await benchInference(store, say);
      if (opts.json) process.stdout.write(`${JSON.stringify({ backend: backend.name, inference: figures })}\n`);
    } finally {
      await store.close();
    }
    return;
  }

  const workers = opts.workers === undefined ? undefined : intOption(opts.workers, 'workers', 2, 1, MAX_TRAIN_WORKERS);
  const training = await benchTraining(backend, say, workers);
  let defaultExamplesPerSec: number | undefined;
  if (!sameArchitecture) {
    defaultExamplesPerSec = benchEbmStep({ batchSize: 64, steps: 20, config: DEFAULT_GENERATOR_CONFIG });
    say(`training step, shipped default architecture, batch 64: ${Math.round(defaultExamplesPerSec)} examples/s`);
  }

  // The conv nets (U-Net G + conv E), measured beside the MLP in benchTraining, at the default thread count.
  const { defaultWorkers } = training.parallel;
  const convExamplesPerSec = training.parallel.conv.examplesPerSec[defaultWorkers];
  say(
    `training step, conv G+E, batch 64, ${defaultWorkers} thread${defaultWorkers > 1 ? 's' : ''}: ` +
      `${Math.round(convExamplesPerSec)} examples/s ` +
      `(${(training.trainExamplesPerSec / convExamplesPerSec).toFixed(1)}× slower than the MLPs)`,
  );
  const convG = buildConvGenerator(1);
  const data = await dataset();
  const probe = testBatch(data.test, 0, 1, 1);
  const convLatencyMs = timeMs(() => proposeWith(convG, probe.corrupted, probe.masks, 1), 30, 3);
  convG.dispose();
  say(`single-image latency, conv G: ${convLatencyMs.toFixed(2)} ms`);

  const t0 = performance.now();
  await fitPca(data.train.images, data.train.n);
  const pcaFitSeconds = (performance.now() - t0) / 1000;
  say(`PCA fit on ${data.train.n} training images: ${pcaFitSeconds.toFixed(2)} s`);

  const one = testBatch(data.test, 0, 1, 1);
  const inpaintMs: Record<string, number> = {};
  const store = await openStore();
  const models = cliModels(store);
  try {
    const kinds: ModelKind[] = ['pca', 'generator', 'regressor', 'mdn', 'crbm', 'classifier'];
    for (const kind of kinds) {
      if (kind !== 'pca' && !resolveModelId(store, kind)) {
        say(`(no ${kind} model in the store: not timed)`);
        continue;
      }
      // Earlier kinds stay loaded: the MDN's default rule consults the generator, as in the app.
      const model = await ensureModel(models, store, kind);
      for (const m of model.inpainters) {
        if (m.id === 'crbm') {
          // A CRBM answer costs its Gibbs sweeps: time a few chain lengths.
          for (const steps of [1, 10, 50, 200])
            inpaintMs[`crbm (${steps} steps)`] = timeMs(() => m.inpaint(one.corrupted, one.masks, 1, { steps }), 10, 2);
          continue;
        }
        inpaintMs[m.id as MethodId] = timeMs(() =>
          m.inpaint(one.corrupted, one.masks, 1, m.id.startsWith('pca') ? { d: 50 } : undefined),
        );
        if (m.details) inpaintMs[`${m.id} (K completions)`] = timeMs(() => m.details?.(one.corrupted, one.masks));
      }
      const energy = model.judge?.energy;
      const classify = model.judge?.classify;
      if (energy) inpaintMs.energy = timeMs(() => energy(one.clean, 1));
      if (classify) inpaintMs.classifier = timeMs(() => classify(one.clean, 1));
    }
  } finally {
    await models.close();
    await store.close();
  }
  for (const [k, v] of Object.entries(inpaintMs))
    say(`single-image latency, ${k}${k.startsWith('pca') ? ' (d=50)' : ''}: ${v.toFixed(2)} ms`);
  if (opts.json) {
    const out = {
      backend: backend.name,
      backendReason: backend.reason,
      ...training,
      inpaintMs,
      pcaFitSeconds,
      convTrainExamplesPerSec: convExamplesPerSec,
      convInpaintMs: convLatencyMs,
      ...(defaultExamplesPerSec ? { defaultTrainExamplesPerSec: defaultExamplesPerSec } : {}),
    };
    process.stdout.write(`${JSON.stringify(out)}\n`);
  }
}
