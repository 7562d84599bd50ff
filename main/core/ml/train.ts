// The one shape of every training loop: seeded epoch order, synchronous tidy steps inside an async
// loop (so cancel and progress get through), throttled monotonic progress, a stop on non-finite loss,
// and a downsampled curve for the model's metadata.
import type { ProgressUpdate } from './model-files';
import { epochOrder } from './data/batches';

export interface StepStats {
  loss: number;
  energyReal?: number;
  energyFake?: number;
}
export interface CurvePoint extends StepStats {
  step: number;
}

export interface LoopOptions {
  /** Training images available (the first n of the split). */
  n: number;
  batchSize: number;
  /** Epochs to run in this call. */
  epochs: number;
  seed: number;
  /** Resume: epochs and steps already done by the saved model. */
  startEpoch?: number;
  startStep?: number;
  signal?: AbortSignal;
  onProgress?: (p: ProgressUpdate) => void;
  /**
   * Runs one step on the images `indices`; `step` is the global step (seeds patches). Synchronous, or
   * a promise when the step waits on other training threads (the loop awaits it either way).
   */
  step: (indices: Uint32Array, step: number) => StepStats | Promise<StepStats>;
  /** Longest interval between progress events is unbounded; shortest is this (≤ 20 per second). */
  progressIntervalMs?: number;
  maxCurvePoints?: number;
}
export interface LoopResult {
  steps: number;
  epochs: number;
  curve: CurvePoint[];
  last: StepStats;
  seconds: number;
  examplesPerSec: number;
}

export class TrainingCancelled extends Error {
  override name = 'AbortError';
  constructor() {
    super('training was cancelled');
  }
}
export function isCancelled(err: unknown): boolean {
  return err instanceof Error && err.name === 'AbortError';
}

function finiteStats(s: StepStats): boolean {
  return [s.loss, s.energyReal ?? 0, s.energyFake ?? 0].every(Number.isFinite);
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Averages consecutive steps into at most maxPoints points. */
class CurveRecorder {
  readonly points: CurvePoint[] = [];
  private acc: { n: number; loss: number; er: number; ef: number; hasE: boolean } = {
    n: 0,
    loss: 0,
    er: 0,
    ef: 0,
    hasE: false,
  };
  constructor(private readonly every: number) {}
  add(step: number, s: StepStats, flush: boolean): void {
    const a = this.acc;
    a.n++;
    a.loss += s.loss;
    if (s.energyReal !== undefined && s.energyFake !== undefined) {
      a.hasE = true;
      a.er += s.energyReal;
      a.ef += s.energyFake;
    }
    if (a.n < this.every && !flush) return;
    const p: CurvePoint = { step, loss: a.loss / a.n };
    if (a.hasE) Object.assign(p, { energyReal: a.er / a.n, energyFake: a.ef / a.n });
    this.points.push(p);
    this.acc = { n: 0, loss: 0, er: 0, ef: 0, hasE: false };
  }
}

export async function runTrainingLoop(o: LoopOptions): Promise<LoopResult> {
  if (!(o.n > 0)) throw new Error('no training images');
  if (!Number.isInteger(o.batchSize) || o.batchSize < 1)
    throw new Error(`batch size must be a positive integer, got ${o.batchSize}`);
  if (!Number.isInteger(o.epochs) || o.epochs < 1)
    throw new Error(`epochs must be a positive integer, got ${o.epochs}`);
  const batch = Math.min(o.batchSize, o.n);
  const perEpoch = Math.floor(o.n / batch); // the last partial batch is dropped: every step sees `batch` images
  const totalSteps = perEpoch * o.epochs;
  const startStep = o.startStep ?? 0;
  const startEpoch = o.startEpoch ?? 0;
  const interval = o.progressIntervalMs ?? 50;
  const curve = new CurveRecorder(Math.max(1, Math.ceil(totalSteps / (o.maxCurvePoints ?? 400))));
  const t0 = performance.now();
  let lastEmit = -Infinity;
  let last: StepStats = { loss: NaN };
  let done = 0;
  for (let e = 0; e < o.epochs; e++) {
    const epoch = startEpoch + e;
    const order = epochOrder(o.n, o.seed, epoch);
    for (let b = 0; b < perEpoch; b++) {
      if (o.signal?.aborted) throw new TrainingCancelled();
      const step = startStep + done;
      last = await o.step(order.subarray(b * batch, (b + 1) * batch), step);
      done++;
      if (!finiteStats(last)) {
        throw new Error(
          `training stopped: the loss became ${last.loss} at step ${step + 1} (epoch ${epoch + 1}); ` +
            'nothing was saved — try a lower learning rate',
        );
      }
      curve.add(step + 1, last, done === totalSteps);
      const now = performance.now();
      if (o.onProgress && (now - lastEmit >= interval || done === totalSteps)) {
        lastEmit = now;
        const seconds = (now - t0) / 1000;
        const examplesPerSec = (done * batch) / Math.max(seconds, 1e-9);
        o.onProgress({
          epoch: epoch + 1,
          epochs: startEpoch + o.epochs,
          step: step + 1,
          totalSteps: startStep + totalSteps,
          loss: last.loss,
          ...(last.energyReal !== undefined ? { energyReal: last.energyReal, energyFake: last.energyFake } : {}),
          examplesPerSec,
          etaSeconds: ((totalSteps - done) * batch) / Math.max(examplesPerSec, 1e-9),
        });
      }
      await yieldToEventLoop();
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  return {
    steps: startStep + done,
    epochs: startEpoch + o.epochs,
    curve: curve.points,
    last,
    seconds,
    examplesPerSec: (done * batch) / seconds,
  };
}
