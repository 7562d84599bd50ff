// Data-parallel training inside one process: the calling thread is replica 0, N − 1 worker threads hold
// the other replicas, each with its own tfjs backend. Every step: the batch is split into N shards,
// every thread computes its shard's gradients into shared memory, every thread then applies the fused
// Adam to its slice of the (shared) parameters, summing the shards' gradients as it goes, and every
// replica reloads the new parameters — one update per step, the same as one thread on the whole batch
// up to the order of float additions. N = 1 runs the same code with no threads at all.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { adamKernel, adamModule, sharedMemory } from './adam-kernel';
import { Barrier, BarrierAborted } from './barrier';
import { AdamSchedule, type AdamHyper } from './flat-adam';
import { CONTROL_INTS, makeLayout, MAX_STATS, type Layout } from './layout';
import { Rank, type StepTiming } from './rank';
import type { Replica, ShardData, StepPlan } from './shard-task';
import type { TaskSpec } from './tasks';
import type { FromReplica, ReplicaInit } from './replica-protocol';

/** The built worker entry beside the bundled code (out/main/train-replica.js). */
const REPLICA_FILE = 'train-replica.js';

export function defaultReplicaWorkerPath(): string {
  return fileURLToPath(new URL(REPLICA_FILE, import.meta.url));
}

export interface DataParallelOptions {
  spec: TaskSpec;
  /** This thread's replica: the nets the run trains and saves. */
  replica: Replica;
  data: ShardData;
  workers: number;
  adam: AdamHyper;
  /** Saved Adam state to continue from (moments in the variables' order). */
  restore?: { iterations: number; m: Float32Array; v: Float32Array };
  /** tfjs backend for the worker threads (the coordinator's own). */
  backend: string;
  workerPath?: string;
}

export interface StepResult {
  /** The shards' statistics summed: [loss, …the task's statistics]. */
  stats: Float32Array;
  timing: StepTiming;
}

/** Copies the training images into shared memory once, so every thread reads the same bytes. */
function shareData(data: ShardData): ShardData {
  const share = (a: Uint8Array) => {
    const s = new Uint8Array(new SharedArrayBuffer(a.length));
    s.set(a);
    return s;
  };
  return {
    images: share(data.images.subarray(0, data.n * 784)),
    labels: share(data.labels.subarray(0, data.n)),
    n: data.n,
  };
}

export class DataParallel {
  readonly schedule: AdamSchedule;
  private failure: Error | null = null;
  private onFailure: ((err: Error) => void) | null = null;

  private constructor(
    readonly layout: Layout,
    private readonly memory: WebAssembly.Memory,
    private readonly rank: Rank,
    private readonly barrier: Barrier,
    private readonly threads: Worker[],
    adam: AdamHyper,
    readonly simd: boolean,
  ) {
    this.schedule = new AdamSchedule(adam);
  }

  get workers(): number {
    return this.layout.shards;
  }

  static async start(o: DataParallelOptions): Promise<DataParallel> {
    const workers = o.workers;
    if (!Number.isInteger(workers) || workers < 1)
      throw new Error(`workers must be a positive integer, got ${workers}`);
    const paramCount = o.replica.variables.reduce((s, v) => s + v.size, 0);
    const layout = makeLayout(paramCount, workers);
    const memory = sharedMemory(layout.bytes);
    const module = adamModule();
    const { kernel, simd } = adamKernel(memory, module);
    const control = new Int32Array(memory.buffer, 0, CONTROL_INTS);
    const barrier = new Barrier(control, workers);
    const rank = new Rank(0, layout, memory.buffer, o.replica, o.data, kernel);
    rank.storeParams();
    const f32 = new Float32Array(memory.buffer);
    if (o.restore) {
      if (o.restore.m.length !== paramCount || o.restore.v.length !== paramCount)
        throw new Error(
          `cannot resume: the optimizer state holds ${o.restore.m.length} values, expected ${paramCount}`,
        );
      f32.set(o.restore.m, layout.m >> 2);
      f32.set(o.restore.v, layout.v >> 2);
    }
    const threads: Worker[] = [];
    const run = new DataParallel(layout, memory, rank, barrier, threads, o.adam, simd);
    if (o.restore) run.schedule.restore(o.restore.iterations);
    if (workers > 1) {
      const workerPath = o.workerPath ?? defaultReplicaWorkerPath();
      if (!existsSync(workerPath))
        throw new Error(`the training worker is not built (${workerPath} is missing): run "npm run build"`);
      const shared = shareData(o.data);
      try {
        await Promise.all(
          Array.from({ length: workers - 1 }, (_, i) => {
            const init: ReplicaInit = {
              rank: i + 1,
              spec: o.spec,
              layout,
              memory,
              module,
              data: shared,
              backend: o.backend,
            };
            const w = new Worker(workerPath, { workerData: init });
            threads.push(w);
            return run.watch(w);
          }),
        );
      } catch (err) {
        await run.dispose();
        throw err;
      }
    }
    return run;
  }

  /** Resolves when worker `w` is ready; afterwards any failure of it aborts the run. */
  private watch(w: Worker): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let ready = false;
      const fail = (err: Error) => {
        if (!ready) reject(err);
        this.fail(err);
      };
      w.on('message', (m: FromReplica) => {
        if (m.type === 'ready') {
          ready = true;
          resolve();
        } else if (m.type === 'failed') fail(new Error(`a training thread failed: ${m.error}`));
      });
      w.on('error', (err) => fail(new Error(`a training thread crashed: ${err.message}`)));
      w.on('exit', (code) => fail(new Error(`a training thread stopped unexpectedly (exit code ${code})`)));
    });
  }

  private fail(err: Error): void {
    if (this.failure) return;
    this.failure = err;
    this.barrier.abort();
    this.onFailure?.(err);
  }

  /** One step on the batch `indices` (global step `step` seeds its patches and noise). */
  async step(indices: Uint32Array, step: number, learningRate?: number): Promise<StepResult> {
    if (this.failure) throw this.failure;
    const plan: StepPlan = { step, indices, adam: this.schedule.next(learningRate) };
    for (const w of this.threads) w.postMessage(plan);
    const failed = new Promise<never>((_, reject) => (this.onFailure = reject));
    failed.catch(() => {});
    try {
      const running = this.rank.run(plan, this.barrier);
      running.catch(() => {}); // after a failure the race has already settled; its own rejection is expected
      const timing = await Promise.race([running, failed]);
      return { stats: this.sumStats(), timing };
    } catch (err) {
      if (err instanceof BarrierAborted && this.failure) throw this.failure;
      if (!this.failure) this.fail(err instanceof Error ? err : new Error(String(err)));
      throw err;
    } finally {
      this.onFailure = null;
    }
  }

  private sumStats(): Float32Array {
    const f32 = new Float32Array(this.memory.buffer, this.layout.stats, this.layout.shards * MAX_STATS);
    const out = new Float32Array(MAX_STATS);
    for (let r = 0; r < this.layout.shards; r++) for (let i = 0; i < MAX_STATS; i++) out[i] += f32[r * MAX_STATS + i];
    return out;
  }

  /** Adam's state for saving: step count and the moments, in the variables' order. */
  optimizerState(): { iterations: number; m: Float32Array; v: Float32Array } {
    const { m, v, paramCount } = this.layout;
    return {
      iterations: this.schedule.iterations,
      m: new Float32Array(this.memory.buffer, m, paramCount).slice(),
      v: new Float32Array(this.memory.buffer, v, paramCount).slice(),
    };
  }

  async dispose(): Promise<void> {
    this.failure ??= new Error('the run has ended');
    this.barrier.abort();
    await Promise.all(this.threads.map((w) => w.terminate().catch(() => 0)));
  }
}
