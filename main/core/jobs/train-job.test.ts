import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrainRequest } from '../../../shared/contract';
import type { FromWorker, ToWorker } from './messages';
import { smallMnistDir } from './test-workers/small-dataset';
import { runTrainingJob } from './train-job';

type Start = Extract<ToWorker, { type: 'start' }>;

async function run(start: Start, signal = new AbortController().signal): Promise<FromWorker[]> {
  const sent: FromWorker[] = [];
  await runTrainingJob(start, (m) => sent.push(m), signal);
  return sent;
}
const tiny: TrainRequest = { kind: 'classifier', subset: 256, epochs: 1, batchSize: 32, seed: 3 };

describe('runTrainingJob (the work of the training process)', () => {
  let digits = '';
  beforeAll(async () => {
    digits = await smallMnistDir(256, 64);
  });
  afterAll(() => rm(digits, { recursive: true, force: true }));

  it('runs a tiny classifier to done: started, monotonic finite progress, then the model', async () => {
    const sent = await run({
      type: 'start',
      req: tiny,
      datasetDir: digits,
      commandLine: 'inpaint-studio train --kind classifier',
    });
    expect(sent[0]).toMatchObject({
      type: 'started',
      backend: { name: expect.stringMatching(/^(tensorflow|wasm|cpu)$/) },
    });
    const progress = sent.flatMap((m) => (m.type === 'progress' ? [m.update] : []));
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toMatchObject({ step: 8, totalSteps: 8, epoch: 1, epochs: 1 }); // 256 / 32
    expect(progress.every((u, i) => i === 0 || u.step > progress[i - 1].step)).toBe(true);
    expect(progress.every((u) => [u.loss, u.examplesPerSec, u.etaSeconds].every(Number.isFinite))).toBe(true);
    const last = sent.at(-1)!;
    expect(last.type).toBe('done');
    if (last.type !== 'done') return;
    expect(last.model.kind).toBe('classifier');
    expect(Object.values(last.model.files).every((b) => b instanceof Uint8Array && b.length > 0)).toBe(true);
    expect(last.model.metadata).toMatchObject({
      commandLine: 'inpaint-studio train --kind classifier',
      seed: 3,
      steps: 8,
    });
    expect(sent.filter((m) => m.type === 'done' || m.type === 'failed' || m.type === 'cancelled')).toHaveLength(1);
  });

  it('answers a signal aborted before the start with cancelled and no model', async () => {
    const controller = new AbortController();
    controller.abort();
    const sent = await run({ type: 'start', req: tiny, datasetDir: digits }, controller.signal);
    expect(sent.map((m) => m.type)).toEqual(['started', 'cancelled']);
  });

  it('turns a missing dataset folder into a failed message that names it', async () => {
    const sent = await run({ type: 'start', req: tiny, datasetDir: '/nonexistent/digits' });
    expect(sent.at(-1)).toEqual({
      type: 'failed',
      error: expect.stringMatching(/cannot open dataset folder \/nonexistent\/digits/),
    });
  });

  it('turns a bad request into a failed message, not a throw', async () => {
    const sent = await run({ type: 'start', req: { ...tiny, batchSize: 0 }, datasetDir: digits });
    expect(sent.at(-1)).toEqual({ type: 'failed', error: 'batch size must be a positive integer, got 0' });
  });
});
