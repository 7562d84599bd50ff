// Shared by the store's tests: temp folders and a small but valid tfjs model (no tfjs needed).
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModelKind } from '../../../shared/contract';
import type { TrainedModel } from '../ml/model-files';
import type { KindValidator } from './check-files';
import { ModelStore } from './model-store';

export async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'inpaint-store-'));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/**
 * The store's tests use toy models (one Dense 4→3) that no method could run; they replace the
 * per-kind load check (kind-check.ts, tested in forged-bundles.test.ts) with the generic checks only.
 */
export const acceptToyModels: KindValidator = () => undefined;

/** model.json as tfjs writes a layers model, typed just enough for tests that take it apart. */
export interface ModelJson {
  format: string;
  modelTopology: { class_name: string; config: { layers: LayerJson[]; [key: string]: unknown } };
  weightsManifest: { paths: string[]; weights: WeightSpecJson[] }[];
}
export interface LayerJson {
  class_name: string;
  config: Record<string, unknown>;
}
export interface WeightSpecJson {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: Record<string, unknown>;
}

/** A Sequential model with one Dense 4→3 layer, as tfjs saves it. */
export function denseModelJson(units = 3): ModelJson {
  return {
    format: 'layers-model',
    modelTopology: {
      class_name: 'Sequential',
      config: {
        name: 'seq',
        layers: [
          {
            class_name: 'Dense',
            config: {
              name: 'dense',
              units,
              use_bias: true,
              batch_input_shape: [null, 4],
              kernel_initializer: { class_name: 'GlorotUniform', config: {} },
            },
          },
        ],
      },
    },
    weightsManifest: [
      {
        paths: ['weights.bin'],
        weights: [
          { name: 'dense/kernel', shape: [4, units], dtype: 'float32' },
          { name: 'dense/bias', shape: [units], dtype: 'float32' },
        ],
      },
    ],
  };
}

export function sampleModel(kind: ModelKind = 'regressor', seed = 1): TrainedModel {
  const weights = new Float32Array(15).map((_, i) => (i + 1) * seed * 0.25);
  return {
    kind,
    files: {
      'model.json': new TextEncoder().encode(JSON.stringify(denseModelJson())),
      'weights.bin': new Uint8Array(weights.buffer),
    },
    metadata: {
      seed,
      curve: [
        { step: 1, loss: 0.5 },
        { step: 2, loss: 0.25, energyReal: -1 },
      ],
    },
  };
}

/** Every path under dir, relative, sorted: to assert nothing was left behind. */
export async function tree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  return entries.map(String).sort();
}

/** A store of toy models in a fresh temp folder (a test's beforeEach); `closeToyStore` ends it. */
export async function openToyStore(): Promise<{ dataDir: string; store: ModelStore }> {
  const dataDir = await tempDir();
  return { dataDir, store: await ModelStore.open({ validate: acceptToyModels, dataDir }) };
}

export async function closeToyStore(store: ModelStore, dataDir: string): Promise<void> {
  await store.close();
  await removeDir(dataDir);
}
