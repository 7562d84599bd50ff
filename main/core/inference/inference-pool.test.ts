// The inference pool with real worker threads (built by Vite, as the app builds them): a request split
// between two workers answers exactly what one worker answers; models go to every worker; a crash of one
// worker fails what it held with the usual words while the other keeps serving, and it comes back.
import { availableParallelism } from 'node:os';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { InpaintRequest, InpaintResponse, MethodId } from '../../../shared/contract';
import { MODEL_KINDS } from '../../../shared/contract';
import { PIXELS } from '../../../shared/image';
import { ActiveModels } from '../active-models';
import { buildInferenceWorker } from '../jobs/test-workers/build-worker';
import { testBatch } from '../ml/evaluate';
import { mnistSubset } from '../ml/test-fixtures';
import { initBackend } from '../ml/tf/backend';
import type { Inference } from './inference';
import { defaultPoolSize, InferencePool, type InferencePoolOptions } from './inference-pool';
import { InferenceWorker } from './inference-worker-client';
import { addShippedModels, fakeStore, makeTestModels, req } from './test-workers/fake-store';
import { EXIT, HANG, OUT_OF_MEMORY, THROW } from './test-workers/misbehaving-inference-worker-codes';

let realWorker = '';
let badWorker = '';

beforeAll(async () => {
  [realWorker, badWorker] = await Promise.all([
    buildInferenceWorker('pool'),
    buildInferenceWorker('pool-bad', 'main/core/inference/test-workers/misbehaving-inference-worker.ts'),
  ]);
  await initBackend('cpu');
  await makeTestModels();
  addShippedModels(MODEL_KINDS);
}, 120_000);

const opened: ActiveModels[] = [];
async function open<I extends Inference>(
  inference: I,
  store = fakeStore({ pca: 'pca-a', classifier: 'classifier-1' }),
) {
  const active = new ActiveModels(store, inference);
  opened.push(active);
  await active.loadAll();
  return { active, inference, store };
}
const pool = (path: string, o: Partial<InferencePoolOptions> = {}) => new InferencePool({ workerPath: path, ...o });
afterAll(async () => {
  await Promise.all(opened.map((a) => a.close()));
});

/** A response without the times it took (the one thing two runs never share). */
function untimed(res: InpaintResponse): InpaintResponse {
  return { ...res, results: res.results.map((r) => ({ ...r, ms: 0 })) };
}

describe('the inference pool', () => {
  it('answers exactly what one worker answers, every method and judgement, in the order asked', async () => {
    const shipped = fakeStore(Object.fromEntries(MODEL_KINDS.map((k) => [k, `${k}-default`])));
    const [{ active: two, inference }, { active: one }] = await Promise.all([
      open(pool(realWorker, { size: 2 }), shipped),
      open(new InferenceWorker({ workerPath: realWorker }), shipped),
    ]);
    expect(inference.workers).toHaveLength(2);
    const b = testBatch(await mnistSubset('test', 1), 0, 1, 1);
    const methods: MethodId[] = ['crbm', 'pca', 'generator', 'mdn', 'pca-masked', 'regressor'];
    const base: InpaintRequest = {
      image: Array.from(b.corrupted),
      mask: Array.from(b.masks),
      original: Array.from(b.clean),
      methods,
      methodParams: { pca: { d: 10 }, 'pca-masked': { d: 400 } },
    };
    const asked: InpaintRequest[] = [
      base,
      { ...base, details: true },
      { ...base, refine: { energy: 'generator', steps: 3 } },
      { ...base, methods: ['mdn'] },
      { ...base, methods: [], original: undefined },
    ];
    const answers: InpaintResponse[] = [];
    for (const r of asked) {
      const [split, whole] = await Promise.all([two.inpaint(r), one.inpaint(r)]);
      expect(untimed(split)).toEqual(untimed(whole));
      expect(split.results.map((x) => x.method)).toEqual(r.methods);
      answers.push(split);
    }
    // What was compared is real: every method answered and was judged; details and refinement came back.
    const [plain, detailed, refined] = answers;
    expect(plain.results.every((x) => x.image?.length === PIXELS && x.energy !== null && x.probs)).toBe(true);
    expect(plain.original?.probs).toHaveLength(10);
    expect(detailed.results[3].samples?.length).toBeGreaterThan(1);
    expect(detailed.results[0].chain?.images.length).toBeGreaterThan(1);
    expect(refined.results.every((x) => x.descent?.images.length === 4)).toBe(true);
    const images = Float32Array.from(b.clean);
    expect(await inference.energies(images, 1)).toEqual(await one.inference.energies(images, 1));
  });

  it('splits a request between its workers, and one of them judges the input and the original', async () => {
    const { active, inference } = await open(pool(realWorker, { size: 2 }));
    const spies = inference.workers.map((w) => vi.spyOn(w, 'inpaint'));
    await active.inpaint({ ...req(10, ['pca', 'pca-masked']), original: req(0).image });
    const calls = spies.map((s) => s.mock.calls[0]);
    expect(calls.map(([r]) => r.methods)).toEqual([['pca-masked'], ['pca']]); // the dearer one first
    expect(calls.map(([, share]) => share?.judgeInputs)).toEqual([false, true]);
    const [mine, judging] = await Promise.all(spies.map((s) => s.mock.results[0].value as Promise<InpaintResponse>));
    expect(mine.input).toEqual({ energy: null, probs: null }); // the worker really left it to the other
    expect(mine).not.toHaveProperty('original');
    expect(judging.input.probs).toHaveLength(10);
    expect(judging.original?.probs).toHaveLength(10);
  });

  it('loads and unloads models in every worker', async () => {
    const { active, inference, store } = await open(pool(realWorker, { size: 2 }));
    const each = () => Promise.all(inference.workers.map((w) => w.inpaint(req(10))));
    expect((await each()).map((r) => r.results[0].image?.[350])).toEqual([0.25, 0.25]);
    store.active.pca = 'pca-b';
    await active.reload('pca');
    expect((await each()).map((r) => r.results[0].image?.[350])).toEqual([0.75, 0.75]);
    store.active.pca = undefined;
    await active.reload('pca');
    expect((await each()).map((r) => r.results[0].error)).toEqual(['pca is not available', 'pca is not available']);
  });

  it.each([
    ['a throw', THROW, {}, /^the inference worker stopped \(it threw: a test method blew up\)/],
    ['process.exit', EXIT, {}, /^the inference worker stopped \(it exited with code 3\)/],
    [
      'running out of memory',
      OUT_OF_MEMORY,
      { resourceLimits: { maxOldGenerationSizeMb: 96 } },
      /^the inference worker stopped \(it ran out of memory\)/,
    ],
    [
      'a hang past the time limit',
      HANG,
      { inpaintTimeoutMs: 4000 },
      /^inpaint took longer than 4 s and was stopped; the inference worker restarts with its models$/,
    ],
  ])('fails on %s in one worker as one worker does; the other serves until it is back', async (_, d, o, message) => {
    let changes = 0;
    const { active, inference } = await open(pool(badWorker, { size: 2, ...o, onStateChange: () => changes++ }));
    const [first, second] = inference.workers;
    // `pca` alone: one worker runs it (and crashes), the other only judges the input.
    await expect(active.inpaint(req(d))).rejects.toThrow(message);
    expect(inference.unavailable()).toMatch(/^the inference worker is restarting/);
    expect(active.methods().find((m) => m.id === 'pca')).toMatchObject({ available: false });
    const crashed = first.unavailable() ? first : second;
    const healthy = crashed === first ? second : first;
    const spy = vi.spyOn(crashed, 'inpaint');
    const meanwhile = await active.inpaint(req(5, ['pca', 'pca-masked']));
    expect(meanwhile.results.every((r) => r.image?.length === PIXELS)).toBe(true);
    expect(meanwhile.input.probs).toHaveLength(10);
    expect(spy).not.toHaveBeenCalled(); // the restarting worker got no share
    await crashed.start();
    const after = await active.inpaint(req(5, ['pca', 'pca-masked']));
    expect(spy).toHaveBeenCalledTimes(1); // back in the split, with its models
    expect(after.results.map((r) => r.image)).toEqual(meanwhile.results.map((r) => r.image));
    expect(after.input).toEqual(meanwhile.input);
    expect([crashed.starts, healthy.starts]).toEqual([2, 1]);
    expect(inference.unavailable()).toBeUndefined();
    expect(changes).toBe(2); // stopped, then back
  });

  it('reports a model whose loading crashes every worker, and keeps serving the other models', async () => {
    const { active, store, inference } = await open(pool(badWorker, { size: 2 }));
    store.active.classifier = 'crasher';
    await active.reload('classifier');
    expect(active.problem('classifier')).toMatch(
      /^the classifier model "crasher" cannot be loaded: .*exited with code 4/,
    );
    const after = await active.inpaint(req(5, ['pca', 'pca-masked']));
    expect(after.results.every((r) => r.image?.length === PIXELS)).toBe(true);
    expect(after.input.probs).toBeNull();
    expect(inference.workers.map((w) => w.starts)).toEqual([3, 3]);
  });

  it('refuses a pool of no workers', () => {
    expect(() => pool(realWorker, { size: 0 })).toThrow('an inference pool needs 1 or more workers, got 0');
  });

  it('has two workers where there are two cores, unless INPAINT_INFERENCE_WORKERS says otherwise', () => {
    expect(defaultPoolSize({})).toBe(Math.min(2, availableParallelism()));
    expect(defaultPoolSize({ INPAINT_INFERENCE_WORKERS: '1' })).toBe(1);
    expect(defaultPoolSize({ INPAINT_INFERENCE_WORKERS: '3' })).toBe(3);
    for (const bad of ['0', '2.5', 'two', '9'])
      expect(() => defaultPoolSize({ INPAINT_INFERENCE_WORKERS: bad })).toThrow(
        `INPAINT_INFERENCE_WORKERS must be an integer in 1..8, got "${bad}"`,
      );
  });
});
