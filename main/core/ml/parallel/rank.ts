// One thread's part of a data-parallel step (the coordinating thread is rank 0, worker threads 1…N−1):
// gradients of its shard into its gradient buffer, then — after every shard is in — Adam over its slice
// of the parameters (summing the shards in the same pass), then — after every slice is updated — the new
// parameters into its own replica. The same code runs in every thread, so N = 1 is the plain step.
import * as tf from '@tensorflow/tfjs';
import type { AdamKernel } from './adam-kernel';
import type { Barrier } from './barrier';
import { MAX_STATS, paramSlice, shardRows, type Layout } from './layout';
import type { Replica, ShardData, StepPlan } from './shard-task';

/** Milliseconds of one step in one thread, by phase. */
export interface StepTiming {
  /** Host batch → tensors. */
  data: number;
  forward: number;
  backward: number;
  /** Gradients out of the backend, waiting for the other shards and slices, new weights into the replica. */
  exchange: number;
  /** The fused Adam update (with the sum of the shards' gradients) over this thread's slice. */
  optimizer: number;
}

export const zeroTiming = (): StepTiming => ({ data: 0, forward: 0, backward: 0, exchange: 0, optimizer: 0 });

interface WasmHeap {
  typedArrayFromHeap(t: tf.Tensor): Float32Array;
}

/** The wasm backend's view of its heap, or null on other backends. */
function wasmHeap(): WasmHeap | null {
  const backend = tf.backend() as unknown as Partial<WasmHeap>;
  return tf.getBackend() === 'wasm' && backend.typedArrayFromHeap ? (backend as WasmHeap) : null;
}

/** Copies a float32 tensor into `dst` at `offset` (straight from the wasm heap where it lives there). */
function copyOut(t: tf.Tensor, dst: Float32Array, offset: number): void {
  const heap = wasmHeap();
  dst.set((heap ? heap.typedArrayFromHeap(t) : t.dataSync()) as Float32Array, offset);
}

/**
 * Sets a variable's values through a fresh tensor. Never write a variable's wasm memory in place: the
 * wasm MatMul caches XNNPACK's packed copy of a weight matrix per tensor, so it would keep using the old
 * values (tried: the weights drifted by lr per step).
 */
function copyIn(v: tf.Variable, src: Float32Array): void {
  const fresh = tf.tensor(src, v.shape, 'float32');
  v.assign(fresh); // the variable now shares fresh's data; the extra handle goes
  fresh.dispose();
}

export class Rank {
  private readonly f32: Float32Array;
  private readonly offsets: number[];

  constructor(
    readonly index: number,
    private readonly layout: Layout,
    memory: ArrayBufferLike,
    private readonly replica: Replica,
    private readonly data: ShardData,
    private readonly kernel: AdamKernel,
  ) {
    this.f32 = new Float32Array(memory);
    let o = 0;
    this.offsets = replica.variables.map((v) => ((o += v.size), o - v.size));
    if (o !== layout.paramCount) throw new Error(`replica has ${o} parameters, the run ${layout.paramCount}`);
  }

  /** Gradients and statistics of this rank's shard into shared memory. */
  computeGradients(plan: StepPlan, timing: StepTiming): void {
    const { layout, f32 } = this;
    const gradBase = (layout.grads + this.index * layout.gradStride) >> 2;
    const statsBase = (layout.stats >> 2) + this.index * MAX_STATS;
    const [from, to] = shardRows(plan.indices.length, layout.shards, this.index);
    if (from === to) {
      // a batch smaller than the thread count: this shard contributes nothing
      f32.fill(0, gradBase, gradBase + layout.padded);
      f32.fill(0, statsBase, statsBase + MAX_STATS);
      return;
    }
    let t = performance.now();
    const shard = this.replica.prepare(plan, this.data, from, to);
    let forwardEnd = 0;
    try {
      timing.data += performance.now() - t;
      t = performance.now();
      let stats: tf.Tensor1D | null = null;
      const { value, grads } = tf.variableGrads(() => {
        const out = shard.loss();
        stats = tf.keep(out.stats);
        forwardEnd = performance.now(); // wasm runs synchronously: the forward pass is done here
        return out.total;
      }, this.replica.variables);
      const mid = performance.now();
      timing.forward += forwardEnd - t;
      timing.backward += mid - forwardEnd;
      this.replica.variables.forEach((v, i) => copyOut(grads[v.name], f32, gradBase + this.offsets[i]));
      f32[statsBase] = value.dataSync()[0];
      const s = (stats as unknown as tf.Tensor1D).dataSync();
      f32.set(s.subarray(0, MAX_STATS - 1), statsBase + 1);
      tf.dispose([value, stats as unknown as tf.Tensor, ...Object.values(grads)]);
      timing.exchange += performance.now() - mid;
    } finally {
      shard.dispose();
    }
  }

  /** Adam over this rank's slice of the parameters (all shards' gradients summed in the same pass). */
  applyAdam(plan: StepPlan, timing: StepTiming): void {
    const t = performance.now();
    const [from, to] = paramSlice(this.layout, this.index);
    const { params, m, v, grads, gradStride, shards } = this.layout;
    if (to > from) this.kernel({ params, m, v, grads, gradStride, shards }, from, to, plan.adam);
    timing.optimizer += performance.now() - t;
  }

  /** The shared parameters into this replica's variables. */
  loadParams(timing?: StepTiming): void {
    const t = performance.now();
    const base = this.layout.params >> 2;
    this.replica.variables.forEach((v, i) => {
      const off = base + this.offsets[i];
      copyIn(v, this.f32.subarray(off, off + v.size));
    });
    if (timing) timing.exchange += performance.now() - t;
  }

  /** This replica's variables into the shared parameters (the coordinator does it once, at the start). */
  storeParams(): void {
    const base = this.layout.params >> 2;
    this.replica.variables.forEach((v, i) => copyOut(v, this.f32, base + this.offsets[i]));
  }

  /** The whole step in a worker thread (blocking waits). */
  runBlocking(plan: StepPlan, barrier: Barrier, timing = zeroTiming()): StepTiming {
    this.computeGradients(plan, timing);
    let t = performance.now();
    barrier.wait();
    timing.exchange += performance.now() - t;
    this.applyAdam(plan, timing);
    t = performance.now();
    barrier.wait();
    timing.exchange += performance.now() - t;
    this.loadParams(timing);
    return timing;
  }

  /** The whole step in the coordinating thread (its event loop keeps running while it waits). */
  async run(plan: StepPlan, barrier: Barrier, timing = zeroTiming()): Promise<StepTiming> {
    this.computeGradients(plan, timing);
    let t = performance.now();
    await barrier.waitAsync();
    timing.exchange += performance.now() - t;
    this.applyAdam(plan, timing);
    t = performance.now();
    await barrier.waitAsync();
    timing.exchange += performance.now() - t;
    this.loadParams(timing);
    return timing;
  }
}
