// Main-side training jobs: one child process per run, so a crash, an out-of-memory or a kill of the
// trainer never takes the app down (RELIABILITY 15). Relays progress (throttled, monotonic, finite:
// RELIABILITY 19), saves the result, and turns every way the child can end into exactly one final event.
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { JobStatus, TrainEvent, TrainRequest } from '../../../shared/contract';
import type { TrainedModel } from '../ml/model-files';
import { describeExit, type TailBuffer } from './exit-reason';
import { forkWorker, type ForkOptions } from './fork-worker';
import type { FromWorker, ToWorker } from './messages';
import { ProgressGate } from './progress-gate';

export interface JobRunnerOptions extends ForkOptions {
  /** The built train-worker.js (or, in tests, a fake worker .mjs). */
  workerPath: string;
  datasetDir?: string;
  save(model: TrainedModel, name?: string): Promise<{ id: string }>;
  emit(e: TrainEvent): void;
  /** A cancelled trainer that has not stopped after this many ms is killed (default 5000). */
  cancelGraceMs?: number;
  /** Shortest gap between two progress events (default 50 ms: at most 20 a second). */
  progressIntervalMs?: number;
}

const DEFAULT_CANCEL_GRACE_MS = 5000;
/** After its final message a trainer gets this long to leave on its own before it is killed. */
const EXIT_GRACE_MS = 2000;

type Phase = 'running' | 'saving' | JobStatus['state'];

interface Job {
  id: string;
  req: TrainRequest;
  child: ChildProcess;
  phase: Phase;
  last?: TrainEvent;
  gate: ProgressGate;
  stderr: TailBuffer;
  cancelRequested: boolean;
  timers: NodeJS.Timeout[];
}

export class JobRunner {
  private job: Job | null = null;
  /** The save of a finished run, while it is under way (dispose waits for it). */
  private saving: Promise<void> = Promise.resolve();
  /**
   * A finished run whose save failed (disk full): its model is kept here until a retry saves it, the
   * next failed save replaces it, or the app closes (issue 13, defect 14).
   */
  private unsaved: { jobId: string; kind: TrainRequest['kind']; model: TrainedModel; name?: string } | null = null;

  constructor(private readonly opts: JobRunnerOptions) {}

  /** Starts a run; one at a time (two cores: a second run would only slow both). */
  start(req: TrainRequest, commandLine?: string): string {
    const busy = this.job?.phase;
    if (busy === 'running') throw new Error('a training run is already in progress: cancel it first');
    if (busy === 'saving') throw new Error('the previous training run is still being saved: try again in a moment');
    const { workerPath } = this.opts;
    if (!existsSync(workerPath))
      throw new Error(`the trainer is not built (${workerPath} is missing): run "npm run build"`);
    const id = `job-${randomBytes(6).toString('hex')}`;
    const { child, stderr } = forkWorker(workerPath, this.opts);
    const job: Job = {
      id,
      req,
      child,
      phase: 'running',
      gate: new ProgressGate(this.opts.progressIntervalMs ?? 50),
      stderr,
      cancelRequested: false,
      timers: [],
    };
    this.job = job;
    child.on('message', (m: unknown) => {
      // A malformed message must never become an unhandled rejection in the app.
      this.onMessage(job, m as FromWorker).catch((err) =>
        this.fail(job, `the trainer's message could not be handled: ${String(err)}`),
      );
    });
    // 'close' (not 'exit'): by then stderr is fully read, so an out-of-memory abort can be recognised.
    child.on('close', (code, signal) => this.onExit(job, code, signal));
    child.on('error', (err) => {
      // Without a pid the process never started; other errors (a send on a closed channel) end in 'close'.
      if (child.pid === undefined) this.fail(job, `the trainer could not start: ${err.message}`);
    });
    const start: ToWorker = { type: 'start', req, datasetDir: this.opts.datasetDir, commandLine };
    child.send(start, () => {}); // a send failure means the child died: 'close' reports it
    return id;
  }

  cancel(jobId: string): boolean {
    const job = this.job;
    if (!job || job.id !== jobId || job.phase !== 'running' || job.cancelRequested) return false;
    job.cancelRequested = true;
    const msg: ToWorker = { type: 'cancel' };
    if (job.child.connected) job.child.send(msg, () => {});
    this.killLater(job, this.opts.cancelGraceMs ?? DEFAULT_CANCEL_GRACE_MS);
    return true;
  }

  status(): JobStatus | null {
    const job = this.job;
    if (!job) return null;
    const state = job.phase === 'saving' ? 'running' : job.phase;
    return { jobId: job.id, kind: job.req.kind, state, last: job.last };
  }

  /** The finished run whose model could not be saved and is kept for a retry, if any. */
  unsavedRun(): { jobId: string; kind: TrainRequest['kind'] } | null {
    return this.unsaved ? { jobId: this.unsaved.jobId, kind: this.unsaved.kind } : null;
  }

  /** Saves the kept model of a run whose save failed; on failure it stays kept for another try. */
  async retrySave(jobId: string): Promise<{ id: string }> {
    const kept = this.unsaved;
    if (!kept || kept.jobId !== jobId) throw new Error(`there is no unsaved model of run ${jobId}`);
    const save = this.opts.save(kept.model, kept.name);
    this.saving = save.then(
      () => undefined,
      () => undefined,
    );
    const saved = await save;
    if (this.unsaved === kept) this.unsaved = null;
    return saved;
  }

  /**
   * Stops any run (app quitting). A finished run whose model is being saved is let finish, so the
   * caller can close the store after this resolves without a save landing on a closed store.
   */
  async dispose(): Promise<void> {
    const job = this.job;
    if (job?.phase === 'saving') await this.saving;
    if (job?.phase !== 'running') return;
    this.finish(job, { type: 'cancelled', jobId: job.id, kind: job.req.kind });
    job.child.kill('SIGKILL');
  }

  private async onMessage(job: Job, m: FromWorker): Promise<void> {
    if (job.phase !== 'running' || typeof m !== 'object' || m === null) return;
    const { id: jobId } = job;
    const kind = job.req.kind;
    switch (m.type) {
      case 'started':
        this.publish(job, { type: 'started', jobId, kind, backend: m.backend });
        return;
      case 'progress':
        if (job.gate.admit(m.update)) this.publish(job, { type: 'progress', jobId, kind, ...m.update });
        return;
      case 'cancelled':
        this.finish(job, { type: 'cancelled', jobId, kind });
        return;
      case 'failed':
        this.fail(job, typeof m.error === 'string' && m.error ? m.error : 'the trainer failed without saying why');
        return;
      case 'done':
        return this.saveResult(job, m.model);
    }
  }

  private async saveResult(job: Job, model: TrainedModel): Promise<void> {
    const { id: jobId } = job;
    const kind = job.req.kind;
    if (model?.kind !== kind || typeof model.files !== 'object' || model.files === null) {
      this.fail(job, `the trainer returned a ${String(model?.kind)} model for a ${kind} run: nothing was saved`);
      return;
    }
    job.phase = 'saving'; // from here on, the exit of the child is expected and cancel is too late
    const save = this.opts.save(model, job.req.name);
    this.saving = save.then(
      () => undefined,
      () => undefined,
    );
    try {
      const saved = await save;
      this.finish(job, { type: 'done', jobId, kind, modelId: saved.id });
    } catch (err) {
      this.unsaved = { jobId, kind, model, name: job.req.name };
      this.finish(job, {
        type: 'failed',
        jobId,
        kind,
        error:
          `training finished but saving failed: ${(err as Error).message}; ` +
          'the trained model is kept until the app closes: free some space and retry the save',
        unsaved: true,
      });
    }
  }

  private onExit(job: Job, code: number | null, signal: NodeJS.Signals | null): void {
    for (const t of job.timers) clearTimeout(t);
    if (job.phase !== 'running') return;
    // A trainer we asked to stop (and killed after the grace time) was cancelled, not crashed.
    if (job.cancelRequested) this.finish(job, { type: 'cancelled', jobId: job.id, kind: job.req.kind });
    else this.fail(job, describeExit(code, signal, job.stderr.toString()));
  }

  private fail(job: Job, error: string): void {
    this.finish(job, { type: 'failed', jobId: job.id, kind: job.req.kind, error });
  }

  /** Publishes the one final event of a job (later ones are ignored) and makes sure its process ends. */
  private finish(job: Job, e: Extract<TrainEvent, { type: 'done' | 'cancelled' | 'failed' }>): void {
    if (job.phase !== 'running' && job.phase !== 'saving') return;
    job.phase = e.type;
    for (const t of job.timers) clearTimeout(t);
    job.timers = [];
    this.publish(job, e);
    this.killLater(job, EXIT_GRACE_MS);
  }

  private killLater(job: Job, ms: number): void {
    if (job.child.exitCode !== null || job.child.signalCode !== null) return;
    const t = setTimeout(() => job.child.kill('SIGKILL'), ms);
    t.unref();
    job.timers.push(t);
  }

  private publish(job: Job, e: TrainEvent): void {
    job.last = e;
    try {
      this.opts.emit(e);
    } catch {
      // a broken listener must not break the job's bookkeeping
    }
  }
}
