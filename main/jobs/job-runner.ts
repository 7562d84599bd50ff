// Main-side training jobs: one child process per run, so a crash, an out-of-memory or a kill of the
// trainer never takes the app down. Relays progress (throttled, monotonic, finite) and saves the result.
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { JobStatus, TrainEvent, TrainRequest } from '../../preload/contract';
import type { TrainedModel } from '../ml/model-files';
import type { FromWorker, ToWorker } from './messages';

export interface JobRunnerOptions {
  /** The built train-worker.js. */
  workerPath: string;
  datasetDir?: string;
  save(model: TrainedModel, name?: string): Promise<{ id: string }>;
  emit(e: TrainEvent): void;
  /** Node flags of the child, e.g. a heap cap. */
  execArgv?: string[];
  /** Extra environment for the child (tests use it to make the worker misbehave). */
  env?: NodeJS.ProcessEnv;
}

/** At most 20 progress events a second reach the UI. */
const MIN_PROGRESS_INTERVAL_MS = 50;
/** A cancelled trainer that does not stop in this time is killed. */
const CANCEL_GRACE_MS = 5000;

interface Job {
  id: string;
  req: TrainRequest;
  child: ChildProcess;
  state: JobStatus['state'];
  last?: TrainEvent;
  lastProgressAt: number;
  lastStep: number;
  cancelTimer?: NodeJS.Timeout;
}

export class JobRunner {
  private job: Job | null = null;

  constructor(private readonly opts: JobRunnerOptions) {}

  /** Starts a run; one at a time (two cores: a second run would only slow both). */
  start(req: TrainRequest, commandLine?: string): string {
    if (this.job?.state === 'running') throw new Error('a training run is already in progress: cancel it first');
    const id = `job-${randomBytes(6).toString('hex')}`;
    const child = fork(this.opts.workerPath, [], {
      serialization: 'advanced', // Uint8Array weights travel without base64
      execArgv: this.opts.execArgv ?? ['--max-old-space-size=4096'],
      env: { ...process.env, ...this.opts.env },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const job: Job = { id, req, child, state: 'running', lastProgressAt: 0, lastStep: -1 };
    this.job = job;
    child.on('message', (m: FromWorker) => void this.onMessage(job, m));
    child.on('exit', (code, signal) => this.onExit(job, code, signal));
    child.on('error', (err) => this.finish(job, { type: 'failed', jobId: id, kind: req.kind, error: `the trainer could not start: ${err.message}` }));
    const start: ToWorker = { type: 'start', req, datasetDir: this.opts.datasetDir, commandLine };
    child.send(start);
    return id;
  }

  cancel(jobId: string): boolean {
    const job = this.job;
    if (!job || job.id !== jobId || job.state !== 'running') return false;
    const msg: ToWorker = { type: 'cancel' };
    if (job.child.connected) job.child.send(msg);
    job.cancelTimer = setTimeout(() => job.child.kill('SIGKILL'), CANCEL_GRACE_MS);
    job.cancelTimer.unref();
    return true;
  }

  status(): JobStatus | null {
    const job = this.job;
    return job ? { jobId: job.id, kind: job.req.kind, state: job.state, last: job.last } : null;
  }

  /** Stops any run (app quitting). */
  dispose(): void {
    if (this.job?.state === 'running') this.job.child.kill('SIGKILL');
  }

  private async onMessage(job: Job, m: FromWorker): Promise<void> {
    if (job.state !== 'running') return;
    const { id: jobId } = job;
    const kind = job.req.kind;
    switch (m.type) {
      case 'started':
        this.publish(job, { type: 'started', jobId, kind, backend: m.backend });
        return;
      case 'progress': {
        const u = m.update;
        const now = Date.now();
        const finite = [u.loss, u.examplesPerSec, u.etaSeconds].every(Number.isFinite);
        const last = u.step >= u.totalSteps;
        if (!finite || u.step <= job.lastStep) return;
        if (!last && now - job.lastProgressAt < MIN_PROGRESS_INTERVAL_MS) return;
        job.lastProgressAt = now;
        job.lastStep = u.step;
        this.publish(job, { type: 'progress', jobId, kind, ...u });
        return;
      }
      case 'cancelled':
        this.finish(job, { type: 'cancelled', jobId, kind });
        return;
      case 'failed':
        this.finish(job, { type: 'failed', jobId, kind, error: m.error });
        return;
      case 'done':
        try {
          job.state = 'done'; // from here on, the exit of the child is expected
          const saved = await this.opts.save(m.model, job.req.name);
          this.finish(job, { type: 'done', jobId, kind, modelId: saved.id }, true);
        } catch (err) {
          this.finish(job, { type: 'failed', jobId, kind, error: `training finished but saving failed: ${(err as Error).message}` }, true);
        }
    }
  }

  private onExit(job: Job, code: number | null, signal: NodeJS.Signals | null): void {
    if (job.cancelTimer) clearTimeout(job.cancelTimer);
    if (job.state !== 'running') return;
    const why = signal ? `was killed (${signal})` : code === 134 || code === 137 ? 'ran out of memory' : `exited with code ${code}`;
    this.finish(job, {
      type: 'failed',
      jobId: job.id,
      kind: job.req.kind,
      error: `The trainer process stopped unexpectedly: it ${why}. Your models are safe; you can start a new run.`,
    });
  }

  private finish(job: Job, e: TrainEvent, force = false): void {
    if (job.state !== 'running' && !force) return;
    job.state = e.type === 'done' ? 'done' : e.type === 'cancelled' ? 'cancelled' : 'failed';
    if (job.cancelTimer) clearTimeout(job.cancelTimer);
    this.publish(job, e);
    if (job.child.exitCode === null && job.child.signalCode === null) {
      // Give it a moment to leave on its own, then make sure.
      setTimeout(() => job.child.kill('SIGKILL'), 2000).unref();
    }
  }

  private publish(job: Job, e: TrainEvent): void {
    job.last = e;
    this.opts.emit(e);
  }
}
