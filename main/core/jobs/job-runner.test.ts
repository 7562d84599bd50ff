import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { TrainProgress, TrainRequest } from '../../../shared/contract';
import { harness, sleep } from './test-workers/harness';

const FAKE = fileURLToPath(new URL('./test-workers/fake-trainer.mjs', import.meta.url));
/** The fake trainer's scenario travels in the request's name. */
const scenario = (name: string, kind: TrainRequest['kind'] = 'classifier'): TrainRequest => ({ kind, name });
const progressOf = (events: { type: string }[]) => events.filter((e): e is TrainProgress => e.type === 'progress');

describe('JobRunner relaying progress', () => {
  it('rate-limits a flood of 500 updates to at most 20 a second, keeping the final step', async () => {
    const h = harness({ workerPath: FAKE });
    const t0 = performance.now();
    const id = h.runner.start(scenario('flood'));
    expect((await h.final(id)).type).toBe('done');
    const seconds = (performance.now() - t0) / 1000;
    const steps = progressOf(h.of(id)).map((e) => e.step);
    console.log(`flood: 500 updates in ${seconds.toFixed(2)} s → ${steps.length} events`);
    expect(steps[0]).toBe(1); // the first update always gets through (how many follow depends on the clock)
    // 20/s plus the first and the always-published final step.
    expect(steps.length).toBeLessThanOrEqual(Math.ceil(seconds * 20) + 2);
    expect(steps.at(-1)).toBe(500);
    expect(steps.every((s, i) => i === 0 || s > steps[i - 1])).toBe(true);
    // The exact 50 ms spacing is checked with a fake clock in progress-gate.test.ts (wall-clock gaps here
    // would measure this machine's scheduling, not the gate).
  });

  it('drops out-of-order, repeated and non-finite updates', async () => {
    const h = harness({ workerPath: FAKE });
    const id = h.runner.start(scenario('bad-progress'));
    expect((await h.final(id)).type).toBe('done');
    const progress = progressOf(h.of(id));
    expect(progress.map((e) => e.step)).toEqual([1, 3, 7, 10]);
    for (const e of progress) {
      for (const v of [e.loss, e.examplesPerSec, e.etaSeconds, e.energyReal ?? 0, e.energyFake ?? 0])
        expect(Number.isFinite(v)).toBe(true);
      expect(e).toMatchObject({ jobId: id, kind: 'classifier' });
    }
    expect(h.of(id).map((e) => e.type)).toEqual(['started', 'progress', 'progress', 'progress', 'progress', 'done']);
  });
});

describe('JobRunner finishing a run', () => {
  it('saves the trained model with its bytes intact and reports the saved id', async () => {
    const h = harness({ workerPath: FAKE });
    const id = h.runner.start({ kind: 'generator', name: 'ok' });
    const final = await h.final(id);
    expect(final).toEqual({ type: 'done', jobId: id, kind: 'generator', modelId: 'saved-1' });
    expect(h.saved).toHaveLength(1);
    const { model, name } = h.saved[0];
    expect(name).toBe('ok');
    expect(model.kind).toBe('generator');
    const w = model.files['weights.bin'];
    expect(w).toBeInstanceOf(Uint8Array);
    expect(Array.from(w)).toEqual(Array.from({ length: 512 }, (_, i) => (i < 256 ? i : 511 - i)));
    expect(h.runner.status()).toMatchObject({ jobId: id, state: 'done', last: final });
  });

  it('reports a failed save as a failed run', async () => {
    const h = harness({
      workerPath: FAKE,
      save: async () => {
        throw new Error('disk full');
      },
    });
    const id = h.runner.start(scenario('ok'));
    const final = await h.final(id);
    expect(final.type).toBe('failed');
    expect(final.type === 'failed' && final.error).toMatch(/^training finished but saving failed: disk full; /);
  });

  // Issue 13, defect 14: disk full used to discard the finished run's weights.
  it('keeps a finished run whose save failed and saves the very same model on retry', async () => {
    let full = true;
    const saved: { files: Record<string, Uint8Array>; name?: string }[] = [];
    const h = harness({
      workerPath: FAKE,
      save: async (model, name) => {
        if (full) throw new Error('ENOSPC: no space left on device');
        saved.push({ files: model.files, name });
        return { id: 'saved-after-retry' };
      },
    });
    const id = h.runner.start({ kind: 'generator', name: 'ok' });
    const final = await h.final(id);
    expect(final.type === 'failed' && final.error).toMatch(/no space left on device; the trained model is kept/);
    expect(final.type === 'failed' && final.unsaved).toBe(true);
    expect(h.runner.unsavedRun()).toEqual({ jobId: id, kind: 'generator' });
    await expect(h.runner.retrySave('job-unknown')).rejects.toThrow(/no unsaved model of run job-unknown/);
    await expect(h.runner.retrySave(id)).rejects.toThrow(/no space left/); // still full: still kept
    full = false;
    expect(await h.runner.retrySave(id)).toEqual({ id: 'saved-after-retry' });
    expect(saved).toHaveLength(1);
    expect(saved[0].name).toBe('ok');
    expect(Object.keys(saved[0].files).length).toBeGreaterThan(0);
    expect(h.runner.unsavedRun()).toBeNull();
    await expect(h.runner.retrySave(id)).rejects.toThrow(/no unsaved model/); // saved once, never twice
    expect(h.of(id).filter((e) => e.type === 'done' || e.type === 'failed')).toHaveLength(1); // one final event
  });

  it('refuses a model of another kind than the run asked for', async () => {
    const h = harness({ workerPath: FAKE });
    const id = h.runner.start(scenario('wrong-kind', 'classifier'));
    const final = await h.final(id);
    expect(final.type === 'failed' && final.error).toMatch(/returned a pca model for a classifier run/);
    expect(h.saved).toHaveLength(0);
  });

  it('survives malformed messages from the trainer; a failure without words still says something', async () => {
    const h = harness({ workerPath: FAKE });
    const id = h.runner.start(scenario('garbage'));
    const final = await h.final(id);
    // The last malformed message is a 'failed' whose error is not a string: it ends the run in plain words.
    expect(final).toEqual({
      type: 'failed',
      jobId: id,
      kind: 'classifier',
      error: 'the trainer failed without saying why',
    });
    expect(h.of(id).map((e) => e.type)).toEqual(['started', 'failed']);
    const again = h.runner.start(scenario('ok'));
    expect((await h.final(again)).type).toBe('done');
  });

  it("passes the trainer's own failure message through", async () => {
    const h = harness({ workerPath: FAKE });
    const id = h.runner.start(scenario('fail-message'));
    const final = await h.final(id);
    expect(final.type === 'failed' && final.error).toBe('training stopped: the loss became NaN at step 3');
  });
});

describe('JobRunner surviving a crashed trainer', () => {
  // Each crash must give exactly one 'failed' event with a clear message, and the same runner must run again.
  const crashes: [string, RegExp, string[]?][] = [
    ['throw', /exited with code 1.*boom: the fake trainer has a bug/],
    ['exit', /exited with code 1/],
    ['sigkill', /was killed \(SIGKILL/],
    ['oom', /ran out of memory/, ['--max-old-space-size=24']],
  ];
  for (const [name, message, execArgv] of crashes) {
    it(`reports a trainer that crashes by ${name} once, clearly, and then runs again`, async () => {
      const h = harness({ workerPath: FAKE, execArgv });
      const id = h.runner.start(scenario(name));
      const final = await h.final(id);
      expect(final.type).toBe('failed');
      const error = final.type === 'failed' ? final.error : '';
      expect(error).toMatch(message);
      expect(error).toMatch(/Your models are safe; you can start a new run/);
      await sleep(100); // late messages or exits must not add a second final event
      expect(h.of(id).filter((e) => e.type === 'failed')).toHaveLength(1);
      expect(h.runner.status()).toMatchObject({ jobId: id, state: 'failed' });

      const again = h.runner.start(scenario('ok'));
      expect(again).not.toBe(id);
      expect((await h.final(again)).type).toBe('done');
      expect(process.connected === undefined || process.connected).toBe(true); // this process lives on
    });
  }

  it('says so when the trainer is not built', () => {
    const h = harness({ workerPath: '/nonexistent/train-worker.js' });
    expect(() => h.runner.start(scenario('ok'))).toThrow(
      /the trainer is not built \(\/nonexistent\/train-worker.js is missing\)/,
    );
    expect(h.runner.status()).toBeNull();
  });
});

describe('JobRunner cancelling and refusing', () => {
  it('cancels a run that stops when asked', async () => {
    const h = harness({ workerPath: FAKE });
    const id = h.runner.start(scenario('slow'));
    await sleep(200);
    expect(h.runner.cancel(id)).toBe(true);
    expect(h.runner.cancel(id)).toBe(false); // once is enough
    expect(await h.final(id)).toEqual({ type: 'cancelled', jobId: id, kind: 'classifier' });
    expect(h.saved).toHaveLength(0);
  });

  it('kills a trainer that ignores cancel after the grace time, and calls it cancelled', async () => {
    const h = harness({ workerPath: FAKE, cancelGraceMs: 300 });
    const id = h.runner.start(scenario('deaf'));
    await sleep(200);
    const t0 = performance.now();
    h.runner.cancel(id);
    expect((await h.final(id)).type).toBe('cancelled');
    // Not before the grace time (timers never fire early); how long after depends on the machine's load.
    expect(performance.now() - t0).toBeGreaterThanOrEqual(290);
    const again = h.runner.start(scenario('ok'));
    expect((await h.final(again)).type).toBe('done');
  });

  it('refuses a second start while a run is in progress, with a clear error', async () => {
    const h = harness({ workerPath: FAKE });
    const id = h.runner.start(scenario('slow'));
    expect(() => h.runner.start(scenario('ok'))).toThrow('a training run is already in progress: cancel it first');
    expect(h.runner.status()).toMatchObject({ jobId: id, state: 'running' });
    h.runner.cancel(id);
    await h.final(id);
  });

  it('ignores cancel for an unknown or finished job', async () => {
    const h = harness({ workerPath: FAKE });
    expect(h.runner.cancel('job-nope')).toBe(false);
    const id = h.runner.start(scenario('ok'));
    await h.final(id);
    expect(h.runner.cancel(id)).toBe(false);
  });

  it('ends a running trainer when disposed (app quitting)', async () => {
    const h = harness({ workerPath: FAKE });
    const id = h.runner.start(scenario('deaf'));
    await sleep(150);
    await h.runner.dispose();
    expect((await h.final(id)).type).toBe('cancelled');
    await sleep(100);
    expect(h.of(id).filter((e) => e.type === 'failed')).toHaveLength(0);
  });

  it('lets a save under way finish before dispose resolves (the store closes after it)', async () => {
    let release: (() => void) | null = null;
    const h = harness({
      workerPath: FAKE,
      save: () => new Promise((resolve) => (release = () => resolve({ id: 'late-save' }))),
    });
    const id = h.runner.start(scenario('ok'));
    while (!release) await sleep(20); // the trainer is done and its model is being saved
    let disposed = false;
    const disposing = h.runner.dispose().then(() => (disposed = true));
    await sleep(100);
    expect(disposed).toBe(false);
    (release as () => void)();
    await disposing;
    expect((await h.final(id)).type).toBe('done');
  });
});
