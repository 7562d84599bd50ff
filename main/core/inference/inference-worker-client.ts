// The main thread's handle on the inference worker (a worker_threads Worker: Electron's main process, the
// browser host and the CLI alike). It only routes: model files go in (transferred), requests go in as typed
// arrays, answers come back. A request over its time limit is really stopped (the worker is terminated,
// restarted and given its models again); a crash of the worker (a throw, out of memory, process.exit
// inside it) fails the requests in flight with a message that says so, and the worker comes back.
import { existsSync } from 'node:fs';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { InpaintResponse, MethodId, ModelKind } from '../../../shared/contract';
import type { InpaintInput, InpaintShare } from '../inpaint-call';
import type { ModelFiles } from '../ml/model-files';
import type { Inference } from './inference';
import type { ModelTag } from './loaded-models';
import type { FromInference, ToInference, WireInpaintRequest } from './messages';

export interface InferenceWorkerOptions {
  /** The built inference-worker.js (tests build their own, see jobs/test-workers/build-worker.ts). */
  workerPath: string;
  /** An inpaint request still running after this many ms is stopped; below dispatch's 60 s, so it is this
   * message the caller sees, and the work really ends. */
  inpaintTimeoutMs?: number;
  /** Same for loading one model. */
  loadTimeoutMs?: number;
  /** Heap limits of the worker: running out of them is reported as a crash, not the app's death. */
  resourceLimits?: ResourceLimits;
  /** Called when the worker stops unexpectedly and when a restarted worker is ready again (the services
   * tell the UI, which then asks listMethods again). */
  onStateChange?: () => void;
}

export const DEFAULT_INPAINT_TIMEOUT_MS = 50_000;
const DEFAULT_LOAD_TIMEOUT_MS = 120_000;

type Answer = Exclude<FromInference, { type: 'ready' }>;
interface Pending {
  worker: Worker;
  resolve(m: Answer): void;
  reject(err: Error): void;
  timer?: NodeJS.Timeout;
}
/** Messages without their sequence number: `request` adds it. */
type Request = ToInference extends infer T ? (T extends { seq: number } ? Omit<T, 'seq'> : never) : never;

export class InferenceWorker implements Inference {
  private worker: Worker | null = null;
  private starting: Promise<Worker> | null = null;
  private readonly pending = new Map<number, Pending>();
  private readonly wanted = new Map<ModelKind, { tag: ModelTag; read: () => Promise<ModelFiles> }>();
  private seq = 0;
  private closed = false;
  private lastDeath: string | undefined;
  /** How many workers were started (tests check a restart happened). */
  starts = 0;

  constructor(private readonly opts: InferenceWorkerOptions) {}

  /** Starts the worker now (otherwise the first request does). */
  async start(): Promise<void> {
    await this.ready();
  }

  async load(tag: ModelTag, read: () => Promise<ModelFiles>): Promise<MethodId[]> {
    const want = { tag, read };
    this.wanted.set(tag.kind, want);
    for (let attempt = 0; ; attempt++) {
      const worker = await this.ready();
      try {
        return await this.loadInto(worker, tag, await read());
      } catch (err) {
        // The worker died under this load (another request crashed it): once more on the restarted one.
        const retry = err instanceof WorkerStopped && attempt === 0 && this.wanted.get(tag.kind) === want;
        if (!retry) throw err;
      }
    }
  }

  async unload(kind: ModelKind): Promise<void> {
    this.wanted.delete(kind);
    if (!this.worker || this.starting) return; // a worker that starts now loads only what is wanted
    await this.request(this.worker, { type: 'unload', kind }, this.opts.loadTimeoutMs ?? DEFAULT_LOAD_TIMEOUT_MS);
  }

  /** Answers `req`; `share` says which part of it (a pool's other workers leave the input unjudged). */
  async inpaint(req: InpaintInput, share?: InpaintShare): Promise<InpaintResponse> {
    const worker = await this.ready();
    const image = Float32Array.from(req.image);
    const mask = Uint8Array.from(req.mask);
    const wire: WireInpaintRequest = {
      ...req,
      image,
      mask,
      original: req.original ? Float32Array.from(req.original) : undefined,
    };
    const limit = this.opts.inpaintTimeoutMs ?? DEFAULT_INPAINT_TIMEOUT_MS;
    const answer = await this.request(worker, { type: 'inpaint', req: wire, share }, limit, [
      image.buffer,
      mask.buffer,
    ]);
    if (answer.type !== 'inpainted') throw new Error('the inference worker answered out of turn');
    return answer.res;
  }

  async energies(images: Float32Array, n: number): Promise<Float32Array | null> {
    const worker = await this.ready();
    const copy = Float32Array.from(images);
    const limit = this.opts.inpaintTimeoutMs ?? DEFAULT_INPAINT_TIMEOUT_MS;
    const answer = await this.request(worker, { type: 'energies', images: copy, n }, limit, [copy.buffer]);
    if (answer.type !== 'energies') throw new Error('the inference worker answered out of turn');
    return answer.energies;
  }

  unavailable(): string | undefined {
    if (this.closed) return 'the inference worker is closed';
    if (this.worker && !this.starting) return undefined;
    return this.lastDeath
      ? `the inference worker is restarting (${this.lastDeath})`
      : 'the inference worker is starting';
  }

  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = null;
    this.failPending(new Error('the inference worker was closed'));
    if (worker) await worker.terminate();
  }

  /** The running worker, or the one being started (with every wanted model loaded again). */
  private ready(): Promise<Worker> {
    if (this.closed) return Promise.reject(new Error('the inference worker is closed'));
    if (this.worker && !this.starting) return Promise.resolve(this.worker);
    this.starting ??= this.spawn();
    return this.starting;
  }

  private async spawn(): Promise<Worker> {
    try {
      const { workerPath } = this.opts;
      if (!existsSync(workerPath))
        throw new Error(`the inference worker is not built (${workerPath} is missing): run "npm run build"`);
      const worker = new Worker(workerPath, { resourceLimits: this.opts.resourceLimits });
      this.starts++;
      this.worker = worker;
      await new Promise<void>((resolve, reject) => {
        const early = (why: string) => reject(new Error(`the inference worker could not start: ${why}`));
        worker.on('message', (m: FromInference) => (m.type === 'ready' ? resolve() : this.settle(m)));
        worker.on('error', (err) => (this.died(worker, describeError(err)), early(describeError(err))));
        worker.on('exit', (code) => (this.died(worker, `it exited with code ${code}`), early(`exit code ${code}`)));
      });
      // A restarted worker gets the active models again; one that fails to load is reported by its next use.
      for (const want of [...this.wanted.values()]) {
        if (this.wanted.get(want.tag.kind) !== want) continue; // unloaded or replaced meanwhile
        const { tag, read } = want;
        try {
          await this.loadInto(worker, tag, await read());
        } catch (err) {
          if (this.worker === worker) continue;
          // The worker died loading this model: leave it out of the next start, or every start would crash.
          if (this.wanted.get(tag.kind) === want) this.wanted.delete(tag.kind);
          throw err;
        }
      }
      if (this.worker !== worker) throw new Error(`the inference worker stopped while starting (${this.lastDeath})`);
      const restarted = this.lastDeath !== undefined;
      this.lastDeath = undefined;
      if (restarted) this.notify();
      return worker;
    } finally {
      this.starting = null;
    }
  }

  private async loadInto(worker: Worker, tag: ModelTag, files: ModelFiles): Promise<MethodId[]> {
    const limit = this.opts.loadTimeoutMs ?? DEFAULT_LOAD_TIMEOUT_MS;
    const answer = await this.request(worker, { type: 'load', tag, files }, limit, transferable(files));
    if (answer.type !== 'loaded') throw new Error('the inference worker answered out of turn');
    return answer.methods;
  }

  private request(worker: Worker, msg: Request, limitMs: number, transfer: ArrayBuffer[] = []): Promise<Answer> {
    const seq = ++this.seq;
    return new Promise<Answer>((resolve, reject) => {
      const entry: Pending = { worker, resolve, reject };
      entry.timer = setTimeout(() => this.overtime(seq, msg.type, limitMs), limitMs);
      this.pending.set(seq, entry);
      try {
        worker.postMessage({ ...msg, seq } as ToInference, transfer);
      } catch (err) {
        // Nothing was sent (a value that cannot be cloned): this request fails, the worker is fine.
        this.pending.delete(seq);
        clearTimeout(entry.timer);
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    }).then((answer) => {
      if (answer.type === 'failed') throw new Error(answer.error);
      return answer;
    });
  }

  private settle(m: FromInference): void {
    if (m.type === 'ready') return;
    const entry = this.pending.get(m.seq);
    if (!entry) return;
    this.pending.delete(m.seq);
    clearTimeout(entry.timer);
    entry.resolve(m);
  }

  /** A request ran out of time: stop the worker for real (the computation cannot be interrupted otherwise). */
  private overtime(seq: number, what: string, limitMs: number): void {
    const entry = this.pending.get(seq);
    if (!entry) return;
    this.pending.delete(seq);
    const seconds = Math.round(limitMs / 100) / 10;
    entry.reject(
      new Error(`${what} took longer than ${seconds} s and was stopped; the inference worker restarts with its models`),
    );
    this.died(entry.worker, `a request took longer than ${seconds} s`);
    void entry.worker.terminate();
  }

  /** The worker is gone (crash, exit, or stopped by us): fail what it held, and bring it back. */
  private died(worker: Worker, why: string): void {
    if (this.worker !== worker) return;
    this.worker = null;
    this.lastDeath = why;
    this.failPending(
      new WorkerStopped(`the inference worker stopped (${why}); it restarts with its models: try again`),
    );
    const wasStarting = this.starting !== null;
    this.notify();
    // Started again now, unless it died while starting: a model that crashes it on load must not loop.
    if (!wasStarting && !this.closed) {
      this.starting = this.spawn();
      this.starting.catch(() => undefined);
    }
  }

  private notify(): void {
    try {
      this.opts.onStateChange?.();
    } catch {
      // a broken listener must not break the worker's bookkeeping
    }
  }

  private failPending(err: Error): void {
    for (const [seq, entry] of this.pending) {
      this.pending.delete(seq);
      clearTimeout(entry.timer);
      entry.reject(err);
    }
  }
}

/** A request failed because the worker stopped under it, not because of what it asked. */
class WorkerStopped extends Error {}

function describeError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === 'ERR_WORKER_OUT_OF_MEMORY') return 'it ran out of memory';
  return `it threw: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`;
}

/** The buffers of a model's files, each once; a view on a shared pool is copied rather than taken from it. */
function transferable(files: ModelFiles): ArrayBuffer[] {
  const seen = new Set<ArrayBuffer>();
  for (const [name, bytes] of Object.entries(files)) {
    let b = bytes;
    if (
      !(b.buffer instanceof ArrayBuffer) ||
      b.byteOffset !== 0 ||
      b.byteLength !== b.buffer.byteLength ||
      seen.has(b.buffer)
    ) {
      b = bytes.slice();
      files[name] = b;
    }
    seen.add(b.buffer as ArrayBuffer);
  }
  return [...seen];
}
