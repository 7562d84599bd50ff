// The API implementation, transport-free: Electron IPC, the browser host and tests all call this.
// Payloads arriving here are already validated by main/dispatch.ts; services still guard their invariants.
import { randomInt } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type {
  EvalEvent,
  InpaintApi,
  MenuCommand,
  ModelKind,
  ModelList,
  ModelSummary,
  TrainEvent,
} from '../../shared/contract';
import { JobRunner } from './jobs/job-runner';
import { EvalRunner } from './jobs/eval-runner';
import { evalModelKinds } from './eval-models';
import { initBackend } from './ml/tf/backend';
import { loadDataset } from './ml/data/mnist';
import { ModelStore } from './store/model-store';
import { ActiveModels } from './active-models';
import { saveNewRun } from './new-run-rule';
import { InferencePool, type InferencePoolOptions } from './inference/inference-pool';
import { EnergyScaleCache, SCALE_DIGITS } from './energy-scale';
import { toFloatBatch } from '../../shared/image';
import { sampleDigit } from './sample-call';
import { defaultBuiltInDir } from './paths';

export interface ServicesOptions {
  dataDir: string;
  builtInDir?: string;
  datasetDir?: string;
  host: 'electron' | 'browser';
  version: string;
  /**
   * The built train-worker.js. The default, new URL('./train-worker.js', import.meta.url), is right in the
   * bundle (services is a chunk in out/main/, beside train-worker.js). From sources (Vitest) it would point
   * at main/train-worker.js, which does not exist: tests pass a built worker here (see
   * main/jobs/test-workers/build-worker.ts); the runner otherwise refuses to start with "the trainer is not built".
   */
  workerPath?: string;
  /**
   * The inference workers: their built inference-worker.js (default beside this chunk, like the trainer),
   * how many (default: min(2, cores), or INPAINT_INFERENCE_WORKERS) and their time limits. Tests pass a
   * freshly built one (jobs/test-workers/build-worker.ts).
   */
  inference?: Partial<InferencePoolOptions>;
  /** The built eval-worker.js (default beside this chunk, like the trainer). */
  evalWorkerPath?: string;
}

export type Services = InpaintApi & {
  close(): Promise<void>;
  /** Electron's menu pushes commands to the renderer through the same event path. */
  sendMenuCommand(c: MenuCommand): void;
};

type Listener<T> = (v: T) => void;
function listeners<T>() {
  const set = new Set<Listener<T>>();
  return {
    add(cb: Listener<T>): () => void {
      set.add(cb);
      return () => set.delete(cb);
    },
    emit(v: T): void {
      for (const cb of set) {
        try {
          cb(v);
        } catch {
          // one broken subscriber must not stop the others
        }
      }
    },
  };
}

export { defaultBuiltInDir };

export async function createServices(opts: ServicesOptions): Promise<Services> {
  const backend = await initBackend();
  const dataset = await loadDataset(opts.datasetDir);
  const store = await ModelStore.open({ dataDir: opts.dataDir, builtInDir: opts.builtInDir ?? defaultBuiltInDir() });
  const scaleDigits = Math.min(SCALE_DIGITS, dataset.test.n);
  const energyScales = new EnergyScaleCache(() => ({
    images: toFloatBatch(dataset.test.images, 0, scaleDigits),
    n: scaleDigits,
  }));

  const trainEvents = listeners<TrainEvent>();
  const modelsChanged = listeners<void>();
  // A pool of inference workers: one stroke's methods run side by side on the machine's cores.
  const inference = new InferencePool({
    ...opts.inference,
    workerPath: opts.inference?.workerPath ?? fileURLToPath(new URL('./inference-worker.js', import.meta.url)),
    // The worker stopped or is back: the methods' availability changed, the UI asks again.
    onStateChange: () => modelsChanged.emit(),
  });
  const active = new ActiveModels(store, inference);
  await active.loadAll();
  const menu = listeners<MenuCommand>();
  const changed = async (kind?: ModelKind): Promise<void> => {
    if (kind) await active.reload(kind);
    else await active.loadAll();
    modelsChanged.emit();
  };

  const jobs = new JobRunner({
    workerPath: opts.workerPath ?? fileURLToPath(new URL('./train-worker.js', import.meta.url)),
    datasetDir: opts.datasetDir,
    save: async (model, name) => {
      const saved = await saveNewRun(store, model, name); // active when a built-in or nothing was (new-run-rule.ts)
      await changed(model.kind);
      return saved;
    },
    emit: (e) => trainEvents.emit(e),
  });

  const evalEvents = listeners<EvalEvent>();
  const evals = new EvalRunner({
    workerPath: opts.evalWorkerPath ?? fileURLToPath(new URL('./eval-worker.js', import.meta.url)),
    datasetDir: opts.datasetDir,
    emit: (e) => evalEvents.emit(e),
  });

  const list = (): ModelList => store.list();
  const kindOf = (id: string): ModelKind => {
    const m = store.list().models.find((x) => x.id === id);
    if (!m) throw new Error(`no model with id "${id}"`);
    return m.kind;
  };

  return {
    async appInfo() {
      return {
        version: opts.version,
        host: opts.host,
        backend,
        dataset: { name: dataset.name, trainCount: dataset.train.n, testCount: dataset.test.n },
      };
    },
    async ping() {
      return { t: Date.now() };
    },
    async sample(req) {
      return sampleDigit(dataset, req, (max) => randomInt(max));
    },
    async listMethods() {
      return active.methods();
    },
    async inpaint(req) {
      const res = await active.inpaint(req);
      const generatorId = active.loadedId('generator');
      const scale = await energyScales.get(generatorId, (images, n) => active.inference.energies(images, n));
      if (scale) res.energyScale = scale;
      return res;
    },
    async startTraining(req) {
      return { jobId: jobs.start(req) };
    },
    async cancelTraining({ jobId }) {
      return { ok: jobs.cancel(jobId) };
    },
    async trainingStatus() {
      return jobs.status();
    },
    async retrySave({ jobId }) {
      const { id } = await jobs.retrySave(jobId); // issue 13, defect 14
      return store.list().models.find((m) => m.id === id) as ModelSummary;
    },
    async listModels() {
      return list();
    },
    async modelDetails({ id }) {
      return store.details(id);
    },
    async renameModel({ id, name }) {
      const s = await store.rename(id, name);
      modelsChanged.emit();
      return s;
    },
    async deleteModel({ id }) {
      const kind = kindOf(id);
      await store.delete(id);
      await changed(kind);
      return { ok: true };
    },
    async setActiveModel({ kind, id }) {
      if (kindOf(id) !== kind) throw new Error(`model "${id}" is not a ${kind} model`);
      await store.setActive(kind, id);
      await changed(kind);
      return list();
    },
    async exportModel({ id, forTraining }) {
      const { fileName, bytes } = await store.exportBundle(id, { forTraining });
      return { saved: false, fileName, bundleBase64: Buffer.from(bytes).toString('base64') };
    },
    async importModel({ bundleBase64 }) {
      if (!bundleBase64) throw new Error('nothing to import: choose a model file');
      const summary = await store.importBundle(new Uint8Array(Buffer.from(bundleBase64, 'base64')));
      await changed(summary.kind);
      return summary;
    },
    async startEval(req) {
      // The models in use now (the store's active ones that loaded), read here where the store's writer is.
      const kinds = evalModelKinds(
        req.methods,
        (kind) => active.loadedId(kind) !== undefined,
        (kind) => active.problem(kind),
      );
      const models = await Promise.all(
        kinds.map(async (kind) => {
          const id = active.loadedId(kind) as string;
          return { tag: { kind, id }, files: await store.readFiles(id) };
        }),
      );
      return { jobId: evals.start(req, models) };
    },
    async cancelEval({ jobId }) {
      return { ok: evals.cancel(jobId) };
    },
    async evalStatus() {
      return evals.status();
    },
    onTrainingEvent: (cb) => trainEvents.add(cb),
    onEvalEvent: (cb) => evalEvents.add(cb),
    onModelsChanged: (cb) => modelsChanged.add(() => cb()),
    onMenuCommand: (cb) => menu.add(cb),
    sendMenuCommand: (c) => menu.emit(c),
    async close() {
      evals.dispose();
      await jobs.dispose();
      await active.close();
      await store.close();
    },
  };
}
