// What every CLI command needs: the backend, the store, and the models it names. Models load through the
// app's own ActiveModels (same loading code, same messages), in-process: the CLI's batch evaluation calls
// the inpainters directly, and a command line has no event loop of its own to keep free.
import type { MethodId, ModelKind } from '../../shared/contract';
import { ActiveModels } from '../core/active-models';
import { InProcessInference } from '../core/inference/in-process-inference';
import { initBackend } from '../core/ml/tf/backend';
import type { Inpainter } from '../core/ml/inpainter';
import type { LoadedModel } from '../core/ml/load-model';
import { loadDataset, type Dataset } from '../core/ml/data/mnist';
import { trainModel } from '../core/ml/train-model';
import { defaultBuiltInDir, defaultDataDir } from '../core/paths';
import { ModelStore } from '../core/store/model-store';
import { CliError } from './errors';
import { progressBar } from './progress';

export async function openStore(): Promise<ModelStore> {
  return ModelStore.open({ dataDir: defaultDataDir(), builtInDir: defaultBuiltInDir() });
}

let datasetPromise: Promise<Dataset> | undefined;
export function dataset(dir = process.env.INPAINT_DATASET_DIR): Promise<Dataset> {
  datasetPromise ??= loadDataset(dir);
  return datasetPromise;
}

/** The model id for a kind: `--model` (id or name) when given (an unknown one is an error), else the store's
 * active one (if any). */
export function resolveModelId(store: ModelStore, kind: ModelKind, nameOrId: string): string;
export function resolveModelId(store: ModelStore, kind: ModelKind, nameOrId?: string): string | undefined;
export function resolveModelId(store: ModelStore, kind: ModelKind, nameOrId?: string): string | undefined {
  const { models } = store.list();
  if (nameOrId) {
    const m = models.find((x) => x.kind === kind && (x.id === nameOrId || x.name === nameOrId));
    if (!m) throw new CliError(`no ${kind} model named "${nameOrId}" (see: npm run cli -- models)`);
    return m.id;
  }
  return store.activeId(kind);
}

export type CliModels = ActiveModels<InProcessInference>;

/** The models a command loads; `close()` disposes them all. */
export function cliModels(store: ModelStore): CliModels {
  return new ActiveModels(store, new InProcessInference());
}

/**
 * Loads the model of a kind into `models`: `--model` (id or name) when given, else the store's active one.
 * A missing PCA is fitted once on the training set and saved, so later runs reuse it; other kinds must be
 * trained first.
 */
export async function ensureModel(
  models: CliModels,
  store: ModelStore,
  kind: ModelKind,
  nameOrId?: string,
): Promise<LoadedModel> {
  let id = resolveModelId(store, kind, nameOrId);
  if (!id && kind === 'pca') {
    const bar = progressBar('fitting PCA on the training set (once; saved for later runs)');
    const model = await trainModel({ kind: 'pca' }, await dataset(), {
      onProgress: (p) => bar.update(p.totalSteps ? p.step / p.totalSteps : 0),
    });
    bar.stop();
    id = (await store.save(model, 'PCA (fitted by the CLI)')).id;
    await store.setActive('pca', id);
  }
  if (!id) throw new CliError(`no ${kind} model in the store: train one with  npm run cli -- train --kind ${kind}`);
  await models.reload(kind, id);
  const loaded = models.inference.models.loaded(kind);
  if (!loaded) throw new CliError(models.problem(kind) ?? `the ${kind} model "${id}" cannot be loaded`);
  return loaded;
}

export function findInpainter(model: LoadedModel, method: MethodId): Inpainter {
  const m = model.inpainters.find((x) => x.id === method);
  if (!m) throw new CliError(`the ${model.kind} model does not provide method "${method}"`);
  return m;
}

export async function backendLine(): Promise<string> {
  const b = await initBackend();
  return `backend: ${b.name} (${b.reason})`;
}
