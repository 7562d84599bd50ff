// What every CLI command needs: the backend, the store, and the models it names.
import type { MethodId, ModelKind } from '../../shared/contract';
import { initBackend } from '../core/ml/tf/backend';
import type { Inpainter } from '../core/ml/inpainter';
import { loadModel, type LoadContext, type LoadedModel } from '../core/ml/load-model';
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

/**
 * Loads the model of a kind. A missing PCA is fitted once on the training set and saved, so later
 * runs reuse it; other kinds must be trained first.
 */
export async function ensureModel(
  store: ModelStore,
  kind: ModelKind,
  nameOrId?: string,
  ctx?: LoadContext,
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
  try {
    return await loadModel(kind, await store.readFiles(id), ctx);
  } catch (err) {
    throw new CliError(`the ${kind} model "${id}" cannot be loaded: ${(err as Error).message}`);
  }
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
