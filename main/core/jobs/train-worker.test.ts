// The real training process end to end: the built train-worker.js forked by the JobRunner.
import { execFileSync, fork } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { getPriority } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrainRequest } from '../../../shared/contract';
import { DEFAULT_NICENESS } from './fork-worker';
import type { FromWorker, ToWorker } from './messages';
import { NICENESS_ENV } from './own-priority';
import { buildTrainWorker } from './test-workers/build-worker';
import { harness, type Harness } from './test-workers/harness';
import { smallMnistDir } from './test-workers/small-dataset';

let workerPath = '';
let digits = '';
beforeAll(async () => {
  const t0 = performance.now();
  workerPath = await buildTrainWorker('e2e');
  console.log(`built ${workerPath} in ${Math.round(performance.now() - t0)} ms`);
  digits = await smallMnistDir(512, 64);
});
afterAll(() => rm(digits, { recursive: true, force: true }));

/** Our child processes running the trainer (the runner does not expose pids; the OS does). */
function trainerPids(): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(process.pid), '-f', 'train-worker.js'], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

/** Resolves once run `id` has reported progress (the trainer is past its start-up). */
function untilProgress(h: Harness, id: string): Promise<void> {
  return new Promise<void>((resolve) => {
    const t = setInterval(() => {
      if (h.of(id).some((e) => e.type === 'progress')) {
        clearInterval(t);
        resolve();
      }
    }, 20);
  });
}

/** The niceness of every thread of a process (Linux: /proc/PID/task/TID/stat, field 19). */
function threadNiceness(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`).map((tid) => {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  });
}

const quick: TrainRequest = { kind: 'classifier', subset: 256, epochs: 1, batchSize: 32, seed: 5 };

describe('the built train-worker in a child process', () => {
  it('runs a short classifier to done and the model arrives intact', async () => {
    const h = harness({ workerPath, datasetDir: digits });
    const id = h.runner.start(quick, 'npm run cli -- train --kind classifier');
    const final = await h.final(id);
    expect(final, h.stderr.join('')).toMatchObject({ type: 'done', modelId: 'saved-1' });
    const types = h.of(id).map((e) => e.type);
    expect(types[0]).toBe('started');
    expect(types).toContain('progress');
    const { model } = h.saved[0];
    expect(model.kind).toBe('classifier');
    expect(Object.keys(model.files).length).toBeGreaterThanOrEqual(2);
    expect(Object.values(model.files).every((b) => b instanceof Uint8Array && b.length > 0)).toBe(true);
    expect(model.metadata).toMatchObject({ commandLine: 'npm run cli -- train --kind classifier', steps: 8 });
    // The trainer leaves on its own (however long a busy machine takes); one that stays fails by the timeout.
    while (trainerPids().length) await new Promise((r) => setTimeout(r, 20));
  });

  it('reports a trainer killed mid-run, then completes a new run', async () => {
    const h = harness({ workerPath, datasetDir: digits });
    const id = h.runner.start({ ...quick, subset: 512, epochs: 20 });
    await untilProgress(h, id);
    const pids = trainerPids();
    expect(pids).toHaveLength(1);
    // The trainer runs niced, so the app's process comes first on a busy machine.
    expect(getPriority(pids[0])).toBe(DEFAULT_NICENESS);
    process.kill(pids[0], 'SIGKILL');
    const final = await h.final(id);
    expect(final.type).toBe('failed');
    expect(final.type === 'failed' && final.error).toMatch(/stopped unexpectedly: it was killed \(SIGKILL/);
    expect(h.saved).toHaveLength(0);

    const again = h.runner.start(quick);
    expect((await h.final(again)).type).toBe('done');
    expect(h.saved).toHaveLength(1);
  });

  it.skipIf(process.platform !== 'linux')(
    'lowers every thread of the trainer, its training threads and those started before it was asked',
    async () => {
      // Forked without the parent's setPriority: whatever is lowered here, the trainer lowered itself.
      const child = fork(workerPath, [], {
        serialization: 'advanced',
        env: { ...process.env, [NICENESS_ENV]: '7' },
        stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
      });
      try {
        const progress = new Promise<void>((resolve) =>
          child.on('message', (m: FromWorker) => m.type === 'progress' && resolve()),
        );
        const start: ToWorker = {
          type: 'start',
          req: { ...quick, kind: 'regressor', subset: 512, epochs: 20, workers: 2 },
          datasetDir: digits,
        };
        child.send(start);
        await progress;
        const nice = threadNiceness(child.pid!);
        expect(nice.length).toBeGreaterThan(2); // V8's helpers, the main thread, the second training thread
        expect(nice.every((n) => n === 7)).toBe(true);
      } finally {
        child.kill('SIGKILL');
      }
    },
  );

  it('trains with two threads in the child: done, with the thread count in the metadata', async () => {
    const h = harness({ workerPath, datasetDir: digits });
    const req: TrainRequest = { kind: 'regressor', subset: 256, epochs: 1, batchSize: 32, seed: 5, workers: 2 };
    const final = await h.final(h.runner.start(req));
    expect(final, h.stderr.join('')).toMatchObject({ type: 'done' });
    expect(h.saved[0].model.metadata).toMatchObject({ steps: 8, config: { workers: 2 } });
  });

  it('cancels a two-thread run: the trainer stops by itself when asked', async () => {
    // As below: a grace time longer than the test's timeout, so 'cancelled' means it stopped by itself.
    const h = harness({ workerPath, datasetDir: digits, cancelGraceMs: 10 * 60_000 });
    const id = h.runner.start({ ...quick, subset: 512, epochs: 20, workers: 2 });
    await untilProgress(h, id);
    h.runner.cancel(id);
    expect((await h.final(id)).type).toBe('cancelled');
    expect(h.saved).toHaveLength(0);
  });

  it('cancels a real run: the trainer stops by itself when asked', async () => {
    // A grace time longer than the test's timeout: the runner cannot kill the trainer within the test,
    // so 'cancelled' means the trainer stopped by itself, however slow the machine.
    const h = harness({ workerPath, datasetDir: digits, cancelGraceMs: 10 * 60_000 });
    const id = h.runner.start({ ...quick, subset: 512, epochs: 20 });
    await untilProgress(h, id);
    const t0 = performance.now();
    h.runner.cancel(id);
    expect((await h.final(id)).type).toBe('cancelled');
    const ms = performance.now() - t0;
    console.log(`real trainer cancelled in ${Math.round(ms)} ms`);
    expect(h.saved).toHaveLength(0);
  });
});
