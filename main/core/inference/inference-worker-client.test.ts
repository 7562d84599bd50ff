// The inference worker thread for real (built by Vite, as the app builds it), driven through ActiveModels:
// answers as the in-process path does, a request over its time is really stopped, a crash is reported and
// the worker comes back with its models, the event loop stays free, a model switch never drops a method.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PIXELS } from '../../../shared/image';
import { ActiveModels } from '../active-models';
import { buildInferenceWorker } from '../jobs/test-workers/build-worker';
import { initBackend } from '../ml/tf/backend';
import { InProcessInference } from './in-process-inference';
import { InferenceWorker, type InferenceWorkerOptions } from './inference-worker-client';
import { fakeStore, makeTestModels, req } from './test-workers/fake-store';
import {
  EXIT,
  HANG,
  OUT_OF_MEMORY,
  SLOW,
  TENSOR_COUNT,
  THROW,
} from './test-workers/misbehaving-inference-worker-codes';

let realWorker = '';
let badWorker = '';

beforeAll(async () => {
  [realWorker, badWorker] = await Promise.all([
    buildInferenceWorker('client'),
    buildInferenceWorker('client-bad', 'main/core/inference/test-workers/misbehaving-inference-worker.ts'),
  ]);
  await initBackend('cpu');
  await makeTestModels();
}, 120_000);

const opened: ActiveModels[] = [];
async function open(path: string, store = fakeStore({ pca: 'pca-a', classifier: 'classifier-1' }), o = {}) {
  const inference = new InferenceWorker({ workerPath: path, ...(o as Partial<InferenceWorkerOptions>) });
  const active = new ActiveModels(store, inference);
  opened.push(active);
  await active.loadAll();
  return { active, inference, store };
}
afterAll(async () => {
  await Promise.all(opened.map((a) => a.close()));
});

describe('the inference worker', () => {
  it('answers exactly what the same models answer in-process', async () => {
    const { active } = await open(realWorker);
    const local = new ActiveModels(fakeStore({ pca: 'pca-a', classifier: 'classifier-1' }), new InProcessInference());
    await local.loadAll();
    const r = req(20, ['pca', 'pca-masked', 'generator']);
    const [viaWorker, inProcess] = await Promise.all([active.inpaint(r), local.inpaint(r)]);
    expect(viaWorker.results.map((x) => x.image)).toEqual(inProcess.results.map((x) => x.image));
    // The worker runs on wasm, this test thread on cpu: the classifier agrees to float precision.
    expect(viaWorker.input.probs).toHaveLength(10);
    viaWorker.input.probs?.forEach((p, k) => expect(p).toBeCloseTo(inProcess.input.probs?.[k] ?? NaN, 6));
    expect(viaWorker.results[2].error).toBe('generator is not available');
    expect(
      active
        .methods()
        .filter((m) => m.available)
        .map((m) => m.id),
    ).toEqual(['pca', 'pca-masked']);
    await local.close();
  });

  it('really stops a request over its time limit, says so, and comes back with its models', async () => {
    let changes = 0;
    const { active, inference } = await open(badWorker, undefined, {
      inpaintTimeoutMs: 4000,
      onStateChange: () => changes++,
    });
    await expect(active.inpaint(req(HANG))).rejects.toThrow(
      /^inpaint took longer than 4 s and was stopped; the inference worker restarts with its models$/,
    );
    // While it restarts, the methods say why they cannot be used.
    const during = active.methods().find((m) => m.id === 'pca');
    expect(during).toMatchObject({ available: false, reason: expect.stringMatching(/inference worker is restarting/) });
    const after = await active.inpaint(req(5, ['pca', 'pca-masked']));
    expect(after.results.every((r) => r.image?.length === PIXELS)).toBe(true);
    expect(after.input.probs).toHaveLength(10); // the classifier was loaded again too
    expect(inference.starts).toBe(2);
    expect(active.methods().find((m) => m.id === 'pca')?.available).toBe(true);
    expect(changes).toBe(2); // stopped, then back: the UI is told both times
  });

  it.each([
    ['a throw', THROW, /the inference worker stopped \(it threw: a test method blew up\)/],
    ['process.exit', EXIT, /the inference worker stopped \(it exited with code 3\)/],
    ['running out of memory', OUT_OF_MEMORY, /the inference worker stopped \(it ran out of memory\)/],
  ])('reports a crash by %s to the caller, and the next request is answered', async (_, d, message) => {
    const { active, inference } = await open(badWorker, undefined, {
      resourceLimits: { maxOldGenerationSizeMb: 96 },
    });
    await expect(active.inpaint(req(d))).rejects.toThrow(message);
    const after = await active.inpaint(req(5));
    expect(after.results[0].image).toHaveLength(PIXELS);
    expect(inference.starts).toBe(2);
  });

  it('finishes a model switch that a crash interrupted, on the restarted worker', async () => {
    const { active, inference } = await open(badWorker);
    const crash = active.inpaint(req(EXIT));
    const reload = active.reload('classifier'); // its files are read after the crash request is sent
    await expect(crash).rejects.toThrow(/exited with code 3/);
    await reload;
    expect(active.problem('classifier')).toBeUndefined();
    expect(active.loadedId('classifier')).toBe('classifier-1');
    const after = await active.inpaint(req(5));
    expect(after.input.probs).toHaveLength(10);
    expect(inference.starts).toBe(2);
  });

  it('reports a model whose loading crashes the worker, and keeps serving the other models', async () => {
    const { active, store, inference } = await open(badWorker);
    store.active.classifier = 'crasher';
    await active.reload('classifier');
    expect(active.problem('classifier')).toMatch(
      /^the classifier model "crasher" cannot be loaded: .*exited with code 4/,
    );
    const after = await active.inpaint(req(5));
    expect(after.results[0].image).toHaveLength(PIXELS);
    expect(after.input.probs).toBeNull(); // the crasher is not loaded, and nothing else claims its place
    expect(active.methods().find((m) => m.id === 'pca')?.available).toBe(true);
    expect(inference.starts).toBe(3); // the restart with the crasher died too; the next one left it out
  });

  it('leaves the main thread free while a heavy inference runs', async () => {
    const { active } = await open(badWorker);
    const order: string[] = [];
    const heavy = active.inpaint(req(SLOW)).then(() => order.push('heavy inference'));
    // A timer stands for any other API call: it only fires when the event loop is free.
    await new Promise((resolve) => setTimeout(resolve, 10));
    order.push('main thread answered');
    await heavy;
    expect(order).toEqual(['main thread answered', 'heavy inference']);
  });

  it('frees the tensors of every model it replaces', async () => {
    const { active } = await open(badWorker);
    const count = async () => Math.round((await active.inpaint(req(TENSOR_COUNT))).results[0].image![300] * 1e6);
    const before = await count();
    expect(before).toBeGreaterThan(0); // the classifier's weights
    for (let i = 0; i < 5; i++) await Promise.all([active.reload('classifier'), active.reload('pca')]);
    expect(await count()).toBe(before);
  });

  it('never drops a method while the active model changes under concurrent calls', async () => {
    const { active, store } = await open(realWorker);
    const answers: string[] = [];
    let switching = true;
    const caller = async () => {
      while (switching) {
        const res = await active.inpaint(req(10));
        answers.push(res.results[0].error ?? (res.results[0].image?.[350] ?? -1).toFixed(2));
      }
    };
    const callers = [caller(), caller(), caller()];
    for (let i = 0; i < 20; i++) {
      store.active.pca = i % 2 ? 'pca-a' : 'pca-b';
      await active.reload('pca');
      expect(active.methods().find((m) => m.id === 'pca')?.available).toBe(true);
    }
    switching = false;
    await Promise.all(callers);
    expect(answers.length).toBeGreaterThan(0);
    // Every answer came from one of the two models: the mean of A (0.25) or of B (0.75) in the hole.
    expect(new Set(answers)).toEqual(new Set(answers.filter((a) => a === '0.25' || a === '0.75')));
  });
});
