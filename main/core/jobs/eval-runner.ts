// Main-side evaluation runs: one child process per run (like the trainer), so a crash or an out-of-memory
// never takes the app down. Relays progress, and turns every way the child can end into exactly one final
// event. Cancel kills the process at once: an eval has nothing to save, and its loop is synchronous, so a
// polite request would only be read between two units.
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { EvalEvent, EvalRequest, EvalStatus } from '../../../shared/contract';
import type { EvalModel, FromEvalWorker, ToEvalWorker } from './eval-messages';
import { describeExit, type TailBuffer } from './exit-reason';
import { forkWorker, type ForkOptions } from './fork-worker';

export interface EvalRunnerOptions extends ForkOptions {
  /** The built eval-worker.js (or, in tests, a fake worker .mjs). */
  workerPath: string;
  datasetDir?: string;
  emit(e: EvalEvent): void;
}

interface Run {
  id: string;
  child: ChildProcess;
  stderr: TailBuffer;
  over: boolean;
  startedAt: number;
  req: EvalRequest;
  last?: Extract<EvalEvent, { type: 'progress' }>;
}

export class EvalRunner {
  private run: Run | null = null;

  constructor(private readonly opts: EvalRunnerOptions) {}

  /** Starts a run with the models it needs (already read from the store); one at a time. */
  start(req: EvalRequest, models: EvalModel[]): string {
    if (this.run && !this.run.over) throw new Error('an evaluation is already running: cancel it first');
    const { workerPath } = this.opts;
    if (!existsSync(workerPath))
      throw new Error(`the evaluator is not built (${workerPath} is missing): run "npm run build"`);
    const id = `eval-${randomBytes(6).toString('hex')}`;
    const { child, stderr } = forkWorker(workerPath, this.opts);
    const run: Run = { id, child, stderr, over: false, startedAt: performance.now(), req };
    this.run = run;
    child.on('message', (m: unknown) => this.onMessage(run, m as FromEvalWorker));
    // 'close' (not 'exit'): by then stderr is fully read, so an out-of-memory abort can be recognised.
    child.on('close', (code, signal) => {
      if (!run.over)
        this.finish(run, { type: 'failed', jobId: id, error: describeExit(code, signal, `${stderr}`, 'evaluation') });
    });
    child.on('error', (err) => {
      if (child.pid === undefined)
        this.finish(run, { type: 'failed', jobId: id, error: `the evaluation could not start: ${err.message}` });
    });
    const start: ToEvalWorker = { type: 'start', req, models, datasetDir: this.opts.datasetDir };
    child.send(start, () => {}); // a send failure means the child died: 'close' reports it
    return id;
  }

  cancel(jobId: string): boolean {
    const run = this.run;
    if (!run || run.id !== jobId || run.over) return false;
    this.finish(run, { type: 'cancelled', jobId });
    return true;
  }

  /** The run in progress, if any. */
  status(): EvalStatus | null {
    const run = this.run;
    if (!run || run.over) return null;
    return run.last ? { jobId: run.id, req: run.req, last: run.last } : { jobId: run.id, req: run.req };
  }

  /** Stops any run (app quitting). */
  dispose(): void {
    const run = this.run;
    if (run && !run.over) this.finish(run, { type: 'cancelled', jobId: run.id });
  }

  private onMessage(run: Run, m: FromEvalWorker): void {
    if (run.over || typeof m !== 'object' || m === null) return;
    const jobId = run.id;
    if (m.type === 'started') return;
    if (m.type === 'progress') {
      const { done, total, family, current } = m.progress ?? {};
      if (![done, total].every(Number.isFinite)) return; // a malformed update is dropped, never relayed
      run.last = { type: 'progress', jobId, done, total, family, current: String(current) };
      this.publish(run.last);
    } else if (m.type === 'done') {
      const seconds = (performance.now() - run.startedAt) / 1000;
      this.finish(run, { type: 'done', jobId, n: m.n, seed: m.seed, rows: m.rows, seconds });
    } else if (m.type === 'failed') {
      this.finish(run, { type: 'failed', jobId, error: m.error || 'the evaluation failed without saying why' });
    }
  }

  /** Publishes the one final event of a run and ends its process (it has nothing left to say). */
  private finish(run: Run, e: Extract<EvalEvent, { type: 'done' | 'cancelled' | 'failed' }>): void {
    if (run.over) return;
    run.over = true;
    this.publish(e);
    if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
  }

  private publish(e: EvalEvent): void {
    try {
      this.opts.emit(e);
    } catch {
      // a broken listener must not break the run's bookkeeping
    }
  }
}
