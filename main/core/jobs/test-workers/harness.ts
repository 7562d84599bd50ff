// Test helpers for the job runner: collect its events and wait for a run's one final event.
import type { TrainEvent } from '../../../../shared/contract';
import type { TrainedModel } from '../../ml/model-files';
import { JobRunner, type JobRunnerOptions } from '../job-runner';

export type FinalEvent = Extract<TrainEvent, { type: 'done' | 'cancelled' | 'failed' }>;
const isFinal = (e: TrainEvent): e is FinalEvent => e.type === 'done' || e.type === 'cancelled' || e.type === 'failed';

export interface Harness {
  runner: JobRunner;
  events: TrainEvent[];
  saved: { model: TrainedModel; name?: string }[];
  stderr: string[];
  /** Resolves with the final event of `jobId`. No deadline of its own: one that never comes fails by the
   * test's timeout, while a slow one on a busy machine is just slow. */
  final(jobId: string): Promise<FinalEvent>;
  /** The events of one job. */
  of(jobId: string): TrainEvent[];
}

export function harness(
  opts: Omit<JobRunnerOptions, 'save' | 'emit'> & Partial<Pick<JobRunnerOptions, 'save'>>,
): Harness {
  const events: TrainEvent[] = [];
  const saved: Harness['saved'] = [];
  const stderr: string[] = [];
  const waiters = new Set<() => void>();
  const runner = new JobRunner({
    log: (t) => stderr.push(t),
    ...opts,
    save:
      opts.save ??
      (async (model, name) => {
        saved.push({ model, name });
        return { id: `saved-${saved.length}` };
      }),
    emit: (e) => {
      events.push(e);
      for (const w of waiters) w();
    },
  });
  const of = (jobId: string) => events.filter((e) => e.jobId === jobId);
  const final = (jobId: string) =>
    new Promise<FinalEvent>((resolve) => {
      const check = () => {
        const e = of(jobId).find(isFinal);
        if (!e) return;
        waiters.delete(check);
        resolve(e);
      };
      waiters.add(check);
      check();
    });
  return { runner, events, saved, stderr, final, of };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
