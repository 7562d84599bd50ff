// Throughput of the data-parallel training step with 1 thread and with N, measured in one run and
// interleaved (1, N, 1, N, …) so a busy machine slows both alike; with the share of the coordinating
// thread's step spent in each phase. This is what `bench` prints; speed is never asserted in tests.
import * as tf from '@tensorflow/tfjs';
import { PIXELS } from '../../../../shared/image';
import { mulberry32 } from '../data/random';
import { adamKernel, sharedMemory } from './adam-kernel';
import { DataParallel } from './data-parallel';
import { AdamSchedule, type AdamHyper } from './flat-adam';
import { makeLayout } from './layout';
import { zeroTiming, type StepTiming } from './rank';
import type { ShardData } from './shard-task';
import { replicaFor, type TaskSpec } from './tasks';

export interface PhaseShare {
  data: number;
  forward: number;
  backward: number;
  exchange: number;
  optimizer: number;
}

export interface ParallelStepBench {
  batchSize: number;
  /** The thread counts measured, e.g. [1, 2]. */
  workers: number[];
  /** Median examples per second over the rounds, by thread count ("1" and e.g. "2"). */
  examplesPerSec: Record<string, number>;
  /** examplesPerSec at the most threads ÷ at 1 thread. */
  speedup: number;
  /** Milliseconds per step, by thread count. */
  msPerStep: Record<string, number>;
  /** CPU milliseconds per step summed over every thread of the process, by thread count. */
  cpuMsPerStep: Record<string, number>;
  /**
   * N × CPU(1 thread) ÷ CPU(N threads): the speed-up N free cores would give if the shards were perfectly
   * balanced. Unlike the wall-clock ratio it barely depends on what else the machine runs (a busy machine
   * slows the threads, not their CPU time per step), so it is the figure to trust when the machine is shared.
   */
  cpuSpeedup: number;
  /** Fractions of the coordinating thread's step time, by thread count. */
  share: Record<string, PhaseShare>;
}

export interface ParallelBenchOptions {
  spec: TaskSpec;
  /** Builds the nets of the spec (weights as a fresh run would have them). */
  nets: () => tf.LayersModel[];
  adam: AdamHyper;
  /** Thread counts to compare (1 is always measured). */
  workers: number[];
  batchSize?: number;
  steps?: number;
  rounds?: number;
  warmup?: number;
  backend: string;
  workerPath?: string;
}

/** Random digits-like data: enough images for every batch the bench draws. */
export function syntheticData(n = 2048, seed = 1): ShardData {
  const rand = mulberry32(seed);
  const images = new Uint8Array(n * PIXELS);
  for (let i = 0; i < images.length; i++) images[i] = rand() < 0.8 ? 0 : Math.floor(rand() * 256);
  const labels = Uint8Array.from({ length: n }, () => Math.floor(rand() * 10));
  return { images, labels, n };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

export async function benchParallelStep(o: ParallelBenchOptions): Promise<ParallelStepBench> {
  const { batchSize = 64, steps = 20, rounds = 3, warmup = 3 } = o;
  const data = syntheticData(Math.max(2048, batchSize * 4));
  const counts = [...new Set([1, ...o.workers])].sort((a, b) => a - b);
  const runs: { workers: number; run: DataParallel; dispose: () => void }[] = [];
  try {
    for (const workers of counts) {
      const replica = replicaFor(o.spec, o.nets());
      const run = await DataParallel.start({
        spec: o.spec,
        replica,
        data,
        workers,
        adam: o.adam,
        backend: o.backend,
        workerPath: o.workerPath,
      });
      runs.push({ workers, run, dispose: () => replica.dispose() });
    }
    let step = 0;
    const batch = () => {
      const start = (step * batchSize) % (data.n - batchSize);
      return Uint32Array.from({ length: batchSize }, (_, i) => start + i);
    };
    for (const r of runs) for (let i = 0; i < warmup; i++) await r.run.step(batch(), step++);
    const rates: Record<string, number[]> = {};
    const timing: Record<string, StepTiming> = {};
    const wall: Record<string, number> = {};
    const cpu: Record<string, number> = {};
    for (let round = 0; round < rounds; round++) {
      for (const r of runs) {
        const key = String(r.workers);
        timing[key] ??= zeroTiming();
        const t0 = performance.now();
        const c0 = process.cpuUsage();
        for (let i = 0; i < steps; i++) {
          const t = (await r.run.step(batch(), step++)).timing;
          for (const k of Object.keys(t) as (keyof StepTiming)[]) timing[key][k] += t[k];
        }
        const ms = performance.now() - t0;
        const used = process.cpuUsage(c0);
        cpu[key] = (cpu[key] ?? 0) + (used.user + used.system) / 1000;
        wall[key] = (wall[key] ?? 0) + ms;
        (rates[key] ??= []).push((steps * batchSize) / (ms / 1000));
      }
    }
    const examplesPerSec: Record<string, number> = {};
    const msPerStep: Record<string, number> = {};
    const cpuMsPerStep: Record<string, number> = {};
    const share: Record<string, PhaseShare> = {};
    for (const key of Object.keys(rates)) {
      examplesPerSec[key] = median(rates[key]);
      msPerStep[key] = wall[key] / (rounds * steps);
      cpuMsPerStep[key] = cpu[key] / (rounds * steps);
      const t = timing[key];
      share[key] = {
        data: t.data / wall[key],
        forward: t.forward / wall[key],
        backward: t.backward / wall[key],
        exchange: t.exchange / wall[key],
        optimizer: t.optimizer / wall[key],
      };
    }
    const top = String(counts[counts.length - 1]);
    return {
      batchSize,
      workers: counts,
      examplesPerSec,
      speedup: examplesPerSec[top] / examplesPerSec['1'],
      msPerStep,
      cpuMsPerStep,
      cpuSpeedup: (Number(top) * cpuMsPerStep['1']) / cpuMsPerStep[top],
      share,
    };
  } finally {
    for (const r of runs) {
      await r.run.dispose();
      r.dispose();
    }
  }
}

/** Median ms of one Adam update over `shapes`: tf.train.adam (one op chain per variable) and the fused kernel. */
export function benchAdam(
  shapes: number[][],
  repeats = 10,
): { params: number; tfAdamMs: number; fusedMs: number; simd: boolean } {
  const params = shapes.reduce((s, sh) => s + sh.reduce((a, b) => a * b, 1), 0);
  const vars = shapes.map((s) => tf.tidy(() => tf.variable(tf.randomUniform(s, -0.1, 0.1, 'float32', 1))));
  const grads = shapes.map((s, i) => tf.randomUniform(s, -0.01, 0.01, 'float32', 2 + i));
  const optimizer = tf.train.adam(1e-3, 0.5, 0.999);
  const tfTimes: number[] = [];
  try {
    for (let r = 0; r < repeats + 2; r++) {
      const t0 = performance.now();
      optimizer.applyGradients(vars.map((v, i) => ({ name: v.name, tensor: grads[i] })));
      vars[vars.length - 1].dataSync(); // wait for the update (a no-op wait on wasm)
      if (r >= 2) tfTimes.push(performance.now() - t0);
    }
  } finally {
    optimizer.dispose();
    tf.dispose([...vars, ...grads]);
  }
  const layout = makeLayout(params, 1);
  const memory = sharedMemory(layout.bytes);
  const f32 = new Float32Array(memory.buffer);
  const rand = mulberry32(3);
  for (let i = 0; i < params; i++) f32[(layout.grads >> 2) + i] = (rand() - 0.5) * 0.02;
  const { kernel, simd } = adamKernel(memory);
  const schedule = new AdamSchedule({ learningRate: 1e-3, beta1: 0.5, beta2: 0.999 });
  const fusedTimes: number[] = [];
  for (let r = 0; r < repeats + 2; r++) {
    const t0 = performance.now();
    kernel(layout, 0, layout.padded, schedule.next());
    if (r >= 2) fusedTimes.push(performance.now() - t0);
  }
  return { params, tfAdamMs: median(tfTimes), fusedMs: median(fusedTimes), simd };
}
