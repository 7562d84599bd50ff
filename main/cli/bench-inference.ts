// `bench --inference`: what moving inference off the main thread costs and buys. The API round trip (a
// ping through dispatch, due every 10 ms, timed from when it was due) while heavy inpaint requests run
// back to back, with the models on the main thread (as before) and in the inference worker (as now); and
// one ordinary inpaint request's latency in-process, through one worker (two copies and a message hop
// more) and through the app's pool of workers (the request's methods split between them).
import { fileURLToPath } from 'node:url';
import type { InpaintRequest, MethodId } from '../../shared/contract';
import { PIXELS } from '../../shared/image';
import { ActiveModels } from '../core/active-models';
import { dispatch } from '../core/dispatch';
import { InProcessInference } from '../core/inference/in-process-inference';
import type { Inference } from '../core/inference/inference';
import { InferencePool } from '../core/inference/inference-pool';
import { InferenceWorker } from '../core/inference/inference-worker-client';
import { testBatch } from '../core/ml/evaluate';
import type { ModelStore } from '../core/store/model-store';
import { dataset, ensureModel, cliModels } from './context';

export interface InferenceFigures {
  heavyRequestMs: number;
  pingP95IdleMs: number;
  pingP95WhileHeavyMainThreadMs: number;
  pingP95WhileHeavyWorkerMs: number;
  pingCount: { mainThread: number; worker: number };
  singleRequestMethods: MethodId[];
  poolSize: number;
  singleRequestMedianMs: { inProcess: number; worker: number; pool: number };
  singleRequestP95Ms: { inProcess: number; worker: number; pool: number };
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
};

/**
 * Pings through dispatch until `until` settles, each one due 10 ms after the previous answer; a latency
 * counts from when the ping was due, so a blocked event loop shows as the time a click would wait.
 */
async function pingsDuring(until: Promise<unknown>): Promise<number[]> {
  const handlers = { ping: async () => ({ t: Date.now() }) };
  const latencies: number[] = [];
  let done = false;
  void until.finally(() => (done = true));
  while (!done) {
    const due = performance.now() + 10;
    await new Promise((r) => setTimeout(r, 10));
    await dispatch(handlers as never, 'ping', undefined);
    latencies.push(performance.now() - due);
  }
  return latencies;
}

/** `count` heavy requests one after another: gappy PCA at full dimension with the left half missing. */
async function heavyLoad(models: ActiveModels, image: number[], count: number): Promise<number> {
  const mask = Array.from({ length: PIXELS }, (_, i) => (i % 28 < 14 ? 1 : 0));
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    await models.inpaint({ image, mask, methods: ['pca-masked'], params: { d: 784 - (i % 50) } });
    // Requests arrive as separate messages: the event loop turns between them.
    await new Promise((r) => setImmediate(r));
  }
  return (performance.now() - t0) / count;
}

async function timeRequests(models: ActiveModels, req: InpaintRequest, runs = 60): Promise<number[]> {
  // Warm: the methods' JavaScript (the CRBM's and MDN's loops) reaches full speed after tens of calls, in
  // every worker of a pool as in one; a few warm-up calls measured cold workers more than the pool.
  for (let i = 0; i < 60; i++) await models.inpaint(req);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await models.inpaint(req);
    times.push(performance.now() - t0);
  }
  return times;
}

export async function benchInference(store: ModelStore, say: (line: string) => void): Promise<InferenceFigures> {
  const data = await dataset();
  const one = testBatch(data.test, 0, 1, 1);
  const image = Array.from(one.clean);
  // The PCA is fitted (and saved) first if the store has none, as every CLI command does.
  const fit = cliModels(store);
  await ensureModel(fit, store, 'pca');
  await fit.close();

  const open = async (inference: Inference) => {
    const m = new ActiveModels(store, inference);
    await m.loadAll();
    return m;
  };
  const local = await open(new InProcessInference());
  const workerPath = fileURLToPath(new URL('./inference-worker.js', import.meta.url));
  const remote = await open(new InferenceWorker({ workerPath }));
  const pool = new InferencePool({ workerPath });
  const pooled = await open(pool);
  try {
    const methods = local
      .methods()
      .filter((m) => m.available)
      .map((m) => m.id);
    const req: InpaintRequest = { image: Array.from(one.corrupted), mask: Array.from(one.masks), methods };
    req.params = { d: 50 };
    const inProcess = await timeRequests(local, req);
    const viaWorker = await timeRequests(remote, req);
    const viaPool = await timeRequests(pooled, req);

    const idle = await pingsDuring(new Promise((r) => setTimeout(r, 1000)));
    let heavyRequestMs = 0;
    const onMain = await pingsDuring(heavyLoad(local, image, 20).then((ms) => (heavyRequestMs = ms)));
    const onWorker = await pingsDuring(heavyLoad(remote, image, 20));
    const figures: InferenceFigures = {
      heavyRequestMs,
      pingP95IdleMs: quantile(idle, 0.95),
      pingP95WhileHeavyMainThreadMs: quantile(onMain, 0.95),
      pingP95WhileHeavyWorkerMs: quantile(onWorker, 0.95),
      pingCount: { mainThread: onMain.length, worker: onWorker.length },
      singleRequestMethods: methods,
      poolSize: pool.workers.length,
      singleRequestMedianMs: {
        inProcess: quantile(inProcess, 0.5),
        worker: quantile(viaWorker, 0.5),
        pool: quantile(viaPool, 0.5),
      },
      singleRequestP95Ms: {
        inProcess: quantile(inProcess, 0.95),
        worker: quantile(viaWorker, 0.95),
        pool: quantile(viaPool, 0.95),
      },
    };
    const f = (x: number) => x.toFixed(1);
    say(`heavy request (pca-masked, d≈784, half the image missing): ${f(heavyRequestMs)} ms each, 20 in a row`);
    say(
      `ping p95 while they run: main thread ${f(figures.pingP95WhileHeavyMainThreadMs)} ms ` +
        `(${onMain.length} pings), inference worker ${f(figures.pingP95WhileHeavyWorkerMs)} ms ` +
        `(${onWorker.length} pings); idle ${f(figures.pingP95IdleMs)} ms`,
    );
    say(
      `one request (${methods.join(', ')}; d=50) median/p95: in-process ` +
        `${f(figures.singleRequestMedianMs.inProcess)}/${f(figures.singleRequestP95Ms.inProcess)} ms, ` +
        `inference worker ${f(figures.singleRequestMedianMs.worker)}/${f(figures.singleRequestP95Ms.worker)} ms, ` +
        `pool of ${figures.poolSize} ${f(figures.singleRequestMedianMs.pool)}/${f(figures.singleRequestP95Ms.pool)} ms`,
    );
    return figures;
  } finally {
    await Promise.all([local.close(), remote.close(), pooled.close()]);
  }
}
