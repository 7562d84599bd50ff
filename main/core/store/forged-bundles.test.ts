/* eslint-disable @typescript-eslint/no-explicit-any -- model.json is edited freely in these fixtures */
// Issue 13, defect 1: twelve kinds of forged bundle that the store used to accept. Each is built from
// a shipped model, imported through a store opened as the services and the CLI open it (no options
// beyond the folders), and must be refused with a reason; a forged folder already on disk is listed
// unloadable with its reason. The checks run before tfjs sees a byte (RELIABILITY 9).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ModelKind } from '../../../shared/contract';
import type { ModelFiles } from '../ml/model-files';
import { encodeBundle } from './bundle';
import { CURRENT_SCHEMA, fileEntryFor, serializeMeta, type ModelMeta } from './meta';
import { ModelStore } from './model-store';
import { removeDir, tempDir } from './test-fixtures';

const BUILT_INS = join(__dirname, '..', '..', '..', 'assets', 'models');

async function builtIn(id: string): Promise<ModelFiles> {
  const files: ModelFiles = {};
  for (const name of await readdir(join(BUILT_INS, id))) {
    if (name !== 'meta.json') files[name] = new Uint8Array(await readFile(join(BUILT_INS, id, name)));
  }
  return files;
}

const json = (bytes: Uint8Array): any => JSON.parse(new TextDecoder().decode(bytes));
const bytesOf = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));

/** A copy of one tfjs model.json with `edit` applied. */
function editJson(files: ModelFiles, name: string, edit: (j: any) => void): ModelFiles {
  const j = json(files[name]);
  edit(j);
  return { ...files, [name]: bytesOf(j) };
}

function metaFor(id: string, kind: ModelKind, files: ModelFiles): ModelMeta {
  return {
    schema: CURRENT_SCHEMA,
    id,
    name: `forged ${id}`,
    kind,
    createdAt: new Date().toISOString(),
    files: Object.entries(files).map(([f, b]) => fileEntryFor(f, b)),
    metadata: {},
  };
}

interface Forgery {
  what: string;
  kind: ModelKind;
  files: () => Promise<ModelFiles>;
  reason: RegExp;
}

const FORGERIES: Forgery[] = [
  {
    what: 'a generator made of one junk file',
    kind: 'generator',
    files: async () => ({ 'junk.bin': new Uint8Array([1, 2, 3]) }),
    reason: /generator model needs generator\.json/,
  },
  {
    what: 'a generator without its energy net',
    kind: 'generator',
    files: async () => {
      const { 'energy.json': _j, 'energy.weights.bin': _w, ...rest } = await builtIn('generator-default');
      return rest;
    },
    reason: /generator model needs energy\.json/,
  },
  {
    what: 'a PCA with a bad header',
    kind: 'pca',
    files: async () => {
      const f = await builtIn('pca-default');
      const header = json(f['pca.json']);
      header.components = 10;
      return { ...f, 'pca.json': bytesOf(header) };
    },
    reason: /unsupported layout/,
  },
  {
    what: 'a PCA holding NaN values',
    kind: 'pca',
    files: async () => {
      const f = await builtIn('pca-default');
      const bin = f['pca.bin'].slice();
      new DataView(bin.buffer).setFloat32(400, NaN, true);
      return { ...f, 'pca.bin': bin };
    },
    reason: /non-finite value in mean/,
  },
  {
    what: 'a PCA with a short pca.bin',
    kind: 'pca',
    files: async () => {
      const f = await builtIn('pca-default');
      return { ...f, 'pca.bin': f['pca.bin'].slice(0, 1000) };
    },
    reason: /pca\.bin has 1000 bytes/,
  },
  {
    what: 'a regressor whose weight names do not match its layers',
    kind: 'regressor',
    files: async () =>
      editJson(await builtIn('regressor-default'), 'generator.json', (j) => {
        j.weightsManifest[0].weights[0].name = 'someone_else/kernel';
      }),
    reason: /weight "someone_else\/kernel" belongs to no layer/,
  },
  {
    what: 'a regressor with a transposed weight shape',
    kind: 'regressor',
    files: async () =>
      editJson(await builtIn('regressor-default'), 'generator.json', (j) => {
        j.weightsManifest[0].weights[0].shape.reverse();
      }),
    // The shipped nets (MLP or conv) differ in layer names and shapes: the reason names the weight and both shapes.
    reason: /weight "[^"]+\/kernel" has shape \[([\d,]+)\]; its layer needs \[(?!\1\])[\d,]+\]/,
  },
  {
    what: 'a regressor with an unknown activation',
    kind: 'regressor',
    files: async () =>
      editJson(await builtIn('regressor-default'), 'generator.json', (j) => {
        j.modelTopology.config.layers[0].config.activation = 'explode';
      }),
    reason: /activation "explode"/,
  },
  {
    what: 'a regressor with an unknown constraint',
    kind: 'regressor',
    files: async () =>
      editJson(await builtIn('regressor-default'), 'generator.json', (j) => {
        j.modelTopology.config.layers[0].config.kernel_constraint = { class_name: 'Bogus', config: {} };
      }),
    reason: /constraint "Bogus"/,
  },
  {
    what: 'a generator whose weights hold NaN',
    kind: 'generator',
    files: async () => {
      const f = await builtIn('generator-default');
      const bin = f['energy.weights.bin'].slice();
      new DataView(bin.buffer).setUint16(10, 0x7e00, true); // a float16 NaN
      return { ...f, 'energy.weights.bin': bin };
    },
    reason: /energy\.json: .*non-finite value in weight "[^"]+\/kernel"/,
  },
  {
    what: 'a "classifier" holding regressor files',
    kind: 'classifier',
    files: async () => builtIn('regressor-default'),
    reason: /classifier model needs classifier\.json/,
  },
  {
    what: 'a "classifier" whose net has 784 outputs, not 10 digit scores',
    kind: 'classifier',
    files: async () => {
      const f = await builtIn('regressor-default');
      return editJson(
        { 'classifier.json': f['generator.json'], 'classifier.weights.bin': f['generator.weights.bin'] },
        'classifier.json',
        (j) => {
          j.weightsManifest[0].paths = ['classifier.weights.bin'];
        },
      );
    },
    reason: /classifier\.json takes \[1568\] and gives \[784\]; a classifier takes \[784\] and gives \[10\]/,
  },
];

let dataDir: string;
let store: ModelStore;
beforeEach(async () => {
  dataDir = await tempDir();
  store = await ModelStore.open({ dataDir, builtInDir: BUILT_INS }); // as services.ts and the CLI open it
});
afterEach(async () => {
  await store.close();
  await removeDir(dataDir);
});

describe('imports are load-checked for their kind (issue 13, defect 1)', () => {
  it('keeps the twelve forgeries to twelve', () => {
    expect(FORGERIES).toHaveLength(12);
  });

  for (const f of FORGERIES) {
    it(`refuses ${f.what} with a reason, before tfjs sees it`, async () => {
      const files = await f.files();
      const { bytes } = encodeBundle(metaFor('x', f.kind, files), files);
      const before = tf.memory().numTensors;
      await expect(store.importBundle(bytes)).rejects.toThrow(f.reason);
      expect(tf.memory().numTensors).toBe(before);
      expect(store.list().models.filter((m) => !m.builtIn)).toEqual([]);
    });
  }

  it('lists a forged model already on disk as unloadable with its reason, and will not make it active', async () => {
    await store.close();
    const forged = FORGERIES[6]; // transposed weight shape
    const files = await forged.files();
    const id = 'regressor-20260101-000000-abcd';
    const dir = join(dataDir, 'models', id);
    await mkdir(dir, { recursive: true });
    for (const [name, b] of Object.entries(files)) await writeFile(join(dir, name), b);
    await writeFile(join(dir, 'meta.json'), serializeMeta(metaFor(id, 'regressor', files)));
    store = await ModelStore.open({ dataDir, builtInDir: BUILT_INS });
    const listed = store.list().models.find((m) => m.id === id);
    expect(listed?.loadable).toBe(false);
    expect(listed?.problem).toMatch(forged.reason);
    await expect(store.setActive('regressor', id)).rejects.toThrow(/cannot be loaded/);
    expect(store.list().active.regressor).toBe('regressor-default');
  });

  it("accepts a trained net's optimizer state, but not half of it or one that disagrees with its .bin", async () => {
    const f = await builtIn('regressor-default');
    const state = {
      steps: 2,
      weights: [
        { name: 'iter', shape: [], dtype: 'int32' },
        { name: 'm', shape: [3], dtype: 'float32' },
      ],
    };
    const bin = new Uint8Array(16);
    const withState = { ...f, 'optimizer.json': bytesOf(state), 'optimizer.weights.bin': bin };
    // forTraining: the bundle carries the optimizer files (a plain export leaves them out).
    const bundle = (files: ModelFiles) =>
      encodeBundle(metaFor('x', 'regressor', files), files, { forTraining: true }).bytes;
    await expect(store.importBundle(bundle(withState))).resolves.toMatchObject({ loadable: true });
    await expect(store.importBundle(bundle({ ...f, 'optimizer.json': bytesOf(state) }))).rejects.toThrow(
      /optimizer\.json comes without its partner/,
    );
    const short = { ...withState, 'optimizer.weights.bin': new Uint8Array(12) };
    await expect(store.importBundle(bundle(short))).rejects.toThrow(/holds 12 bytes; optimizer\.json needs 16/);
    const nan = new Uint8Array(16);
    new DataView(nan.buffer).setFloat32(8, NaN, true);
    await expect(store.importBundle(bundle({ ...withState, 'optimizer.weights.bin': nan }))).rejects.toThrow(
      /non-finite/,
    );
  });

  it('still accepts every shipped model, exported and imported again', async () => {
    const shipped = (await readdir(BUILT_INS, { withFileTypes: true })).filter((d) => d.isDirectory());
    expect(shipped.length).toBeGreaterThanOrEqual(6);
    expect(store.list().models.filter((m) => m.builtIn && !m.loadable)).toEqual([]); // every kind has its check
    for (const id of shipped.map((d) => d.name)) {
      const { bytes } = await store.exportBundle(id);
      await expect(store.importBundle(bytes)).resolves.toMatchObject({ loadable: true });
    }
  });
});
