// Several inference workers behind one Inference, so one request's methods run side by side on a
// machine's cores: every worker holds every active model (they are small); a request's methods are split
// between the workers by estimated cost (method-cost.ts), each worker judges its own results with one
// batched call per judge, and one of them also judges the input and the original. The answers are merged
// into the one response a single worker would give. Each worker keeps its own crash handling: a crash
// fails the requests it held with the usual words and it restarts with its models, while the others serve.
import { availableParallelism } from 'node:os';
import type { InpaintResponse, MethodId, MethodResult, ModelKind } from '../../../shared/contract';
import type { InpaintInput } from '../inpaint-call';
import type { ModelFiles } from '../ml/model-files';
import type { Inference } from './inference';
import { InferenceWorker, type InferenceWorkerOptions } from './inference-worker-client';
import type { ModelTag } from './loaded-models';
import { methodCost, splitByCost } from './method-cost';

export interface InferencePoolOptions extends InferenceWorkerOptions {
  /** How many workers (default: defaultPoolSize()). */
  size?: number;
}

/** Two workers where there are two cores: a stroke's six methods split well in two, and the main thread,
 * the page and training need the rest of a small machine. */
export const DEFAULT_POOL_SIZE = 2;
const MAX_POOL_SIZE = 8;

/** INPAINT_INFERENCE_WORKERS when set (1 = the single worker of before), else min(2, cores). */
export function defaultPoolSize(env: NodeJS.ProcessEnv = process.env): number {
  const forced = env.INPAINT_INFERENCE_WORKERS;
  if (forced === undefined || forced === '') return Math.max(1, Math.min(DEFAULT_POOL_SIZE, availableParallelism()));
  const n = Number(forced);
  if (!Number.isInteger(n) || n < 1 || n > MAX_POOL_SIZE)
    throw new Error(`INPAINT_INFERENCE_WORKERS must be an integer in 1..${MAX_POOL_SIZE}, got "${forced}"`);
  return n;
}

export class InferencePool implements Inference {
  readonly workers: readonly InferenceWorker[];

  constructor(opts: InferencePoolOptions) {
    const { size = defaultPoolSize(), ...workerOpts } = opts;
    if (!Number.isInteger(size) || size < 1) throw new Error(`an inference pool needs 1 or more workers, got ${size}`);
    this.workers = Array.from({ length: size }, () => new InferenceWorker(workerOpts));
  }

  /** Starts every worker now (otherwise the first request does). */
  async start(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.start()));
  }

  /** Loads into every worker; resolves once all have it (a failure anywhere is the load's failure). */
  async load(tag: ModelTag, read: () => Promise<ModelFiles>): Promise<MethodId[]> {
    const settled = await Promise.allSettled(this.workers.map((w) => w.load(tag, read)));
    const failed = settled.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    return (settled[0] as PromiseFulfilledResult<MethodId[]>).value;
  }

  async unload(kind: ModelKind): Promise<void> {
    await Promise.all(this.workers.map((w) => w.unload(kind)));
  }

  async inpaint(req: InpaintInput): Promise<InpaintResponse> {
    // A worker that is restarting gets no share: the others answer meanwhile.
    const serving = this.workers.filter((w) => w.unavailable() === undefined);
    const workers = serving.length > 0 ? serving : this.workers;
    const { shares, judge } = splitByCost(
      req.methods.map((m) => methodCost(m, req)),
      workers.length,
    );
    const answers = await Promise.all(
      workers.map((w, k) =>
        k === judge || shares[k].length > 0
          ? w.inpaint({ ...req, methods: shares[k].map((i) => req.methods[i]) }, { judgeInputs: k === judge })
          : undefined,
      ),
    );
    const results = new Array<MethodResult>(req.methods.length);
    answers.forEach((a, k) => a?.results.forEach((r, j) => (results[shares[k][j]] = r)));
    const { input, original } = answers[judge] as InpaintResponse;
    return original ? { input, results, original } : { input, results };
  }

  async energies(images: Float32Array, n: number): Promise<Float32Array | null> {
    const worker = this.workers.find((w) => w.unavailable() === undefined) ?? this.workers[0];
    return worker.energies(images, n);
  }

  /** Why requests cannot be answered right now: the first worker that cannot, says why. */
  unavailable(): string | undefined {
    for (const w of this.workers) {
      const why = w.unavailable();
      if (why) return why;
    }
    return undefined;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
  }
}
