// The training half of `bench`: the MLP G+E step (PROTOCOL.md's architecture) with 1 thread and with
// every thread, interleaved in one run; the shipped recipe's step and the conv G+E step (U-Net G, conv E)
// likewise; the time share of each phase;
// Adam's update alone (tf.train.adam against the fused kernel); and the step as it ran before the
// data-parallel trainer (one thread, tf.train.adam), for comparison.
import { availableParallelism } from 'node:os';
import type { BackendInfo } from '../../shared/contract';
import { DEFAULT_GENERATOR_CONFIG } from '../core/ml/ebm/ebm-defaults';
import { benchEbmStep } from '../core/ml/ebm/ebm-bench';
import { buildEnergy, buildGenerator, PROTOCOL_GENERATOR_CONFIG, type GeneratorConfig } from '../core/ml/ebm/ebm-model';
import { buildConvEnergy, buildConvGenerator } from '../core/ml/conv/conv-nets';
import { benchAdam, benchParallelStep, type ParallelStepBench, type PhaseShare } from '../core/ml/parallel/step-bench';
import { defaultWorkerCount } from '../core/ml/parallel/worker-count';
import type { MaskMix } from '../../shared/masks';

const pct = (x: number) => `${Math.round(x * 100)}%`;
const shareLine = (s: PhaseShare) =>
  `forward ${pct(s.forward)}, backward ${pct(s.backward)}, exchange ${pct(s.exchange)}, ` +
  `optimizer ${pct(s.optimizer)}, batch ${pct(s.data)}`;

function generatorBench(config: GeneratorConfig, masks: MaskMix, workers: number[], backend: string) {
  const conv = config.arch === 'conv';
  return benchParallelStep({
    spec: { kind: 'generator', config, seed: 1, masks },
    nets: () =>
      conv
        ? [buildConvGenerator(1), buildConvEnergy(2)]
        : [buildGenerator(config.hidden, 1), buildEnergy(config.energyHidden, 2)],
    adam: { learningRate: config.learningRate, beta1: config.beta1, beta2: config.beta2 },
    workers,
    batchSize: 64,
    // the conv step costs far more arithmetic per example: fewer timed steps
    ...(conv ? { steps: 3, warmup: 1 } : {}),
    backend,
  });
}

function report(say: (line: string) => void, label: string, b: ParallelStepBench): void {
  const rates = b.workers.map((w) => `${w} thread${w > 1 ? 's' : ''} ${Math.round(b.examplesPerSec[w])}`).join(', ');
  say(`training step, ${label}, batch ${b.batchSize}: ${rates} examples/s (×${b.speedup.toFixed(2)})`);
  const cpus = b.workers.map((w) => `${w}: ${b.cpuMsPerStep[w].toFixed(1)}`).join(', ');
  say(`  CPU ms per step (all threads) ${cpus}: on free cores ×${b.cpuSpeedup.toFixed(2)}`);
  for (const w of b.workers) say(`  time share, ${w} thread${w > 1 ? 's' : ''}: ${shareLine(b.share[w])}`);
}

export interface TrainingBench {
  trainExamplesPerSec: number;
  parallel: {
    cores: number;
    defaultWorkers: number;
    mlp: ParallelStepBench;
    mlpShipped: ParallelStepBench;
    /** The conv G+E step (U-Net G, conv E) of the shipped recipe. */
    conv: ParallelStepBench;
  };
  optimizer: ReturnType<typeof benchAdam>;
  /** The MLP step as before this trainer: one thread, tf.train.adam. */
  trainExamplesPerSecTfAdam: number;
  trainCpuMsPerStepTfAdam: number;
}

export async function benchTraining(
  backend: BackendInfo,
  say: (line: string) => void,
  workersOption?: number,
): Promise<TrainingBench> {
  const cores = availableParallelism();
  const defaultWorkers = defaultWorkerCount(backend.name);
  const compare = [...new Set([1, defaultWorkers, workersOption ?? Math.max(2, defaultWorkers)])];
  say(`${cores} cores; training threads by default: ${defaultWorkers}`);
  const mlp = await generatorBench(PROTOCOL_GENERATOR_CONFIG, 'center', compare, backend.name);
  report(say, 'G+E MLP of PROTOCOL.md', mlp);
  const mlpShipped = await generatorBench(DEFAULT_GENERATOR_CONFIG, 'mix', compare, backend.name);
  report(say, "G+E MLP, the shipped generator's recipe (E noise, mask mix)", mlpShipped);
  const conv = await generatorBench({ ...DEFAULT_GENERATOR_CONFIG, arch: 'conv' }, 'mix', compare, backend.name);
  report(say, 'conv G+E (U-Net G, conv E), mask mix', conv);
  const c = PROTOCOL_GENERATOR_CONFIG;
  const shapes = [c.hidden, c.energyHidden].flatMap((hidden, net) => {
    const widths = [net === 0 ? 1568 : 784, ...hidden, net === 0 ? 784 : 1];
    return widths.slice(1).flatMap((w, i) => [[widths[i], w], [w]]);
  });
  const optimizer = benchAdam(shapes);
  say(
    `Adam update over ${optimizer.params} parameters: tf.train.adam ${optimizer.tfAdamMs.toFixed(1)} ms, ` +
      `fused${optimizer.simd ? ' (SIMD)' : ''} ${optimizer.fusedMs.toFixed(1)} ms`,
  );
  const c0 = process.cpuUsage();
  const before = [1, 2, 3].map(() => benchEbmStep({ batchSize: 64, steps: 20, warmup: 3 })).sort((a, b) => a - b)[1];
  const used = process.cpuUsage(c0);
  const beforeCpuMs = (used.user + used.system) / 1000 / (3 * 23); // warm-up steps included
  say(
    `training step as before (1 thread, tf.train.adam), batch 64: ${Math.round(before)} examples/s, ` +
      `${beforeCpuMs.toFixed(1)} CPU ms per step (now ${mlp.cpuMsPerStep[1].toFixed(1)})`,
  );
  return {
    trainExamplesPerSec: mlp.examplesPerSec[defaultWorkers],
    parallel: { cores, defaultWorkers, mlp, mlpShipped, conv },
    optimizer,
    trainExamplesPerSecTfAdam: before,
    trainCpuMsPerStepTfAdam: beforeCpuMs,
  };
}
