// RELIABILITY 9 and 13: export → import is bit-identical and predicts the same; forged or broken
// bundles are rejected before anything is written and before tfjs sees them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { distinctName, ModelStore } from './model-store';
import type { TrainedModel } from '../ml/model-files';
import { BUNDLE_FORMAT, MAX_BUNDLE_BYTES } from './bundle';
import { sha256 } from './meta';
import { closeToyStore, denseModelJson, openToyStore, sampleModel, tree } from './test-fixtures';

let dataDir: string;
let store: ModelStore;
beforeEach(async () => ({ dataDir, store } = await openToyStore()));
afterEach(() => closeToyStore(store, dataDir));

const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
function fileEntry(name: string, bytes: Uint8Array) {
  return { name, bytes: bytes.byteLength, sha256: sha256(bytes), base64: b64(bytes) };
}
function bundleOf(files: Record<string, Uint8Array>, extra: Record<string, unknown> = {}) {
  return {
    format: BUNDLE_FORMAT,
    schema: 2,
    name: 'imported',
    kind: 'regressor',
    metadata: {},
    files: Object.entries(files).map(([n, b]) => fileEntry(n, b)),
    ...extra,
  };
}
const weights = sampleModel().files['weights.bin'];

async function predict(files: Record<string, Uint8Array>): Promise<Float32Array> {
  const json = JSON.parse(new TextDecoder().decode(files['model.json']));
  const bin = files['weights.bin'];
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest[0].weights,
      weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) as ArrayBuffer,
    }),
  );
  const out = tf.tidy(
    () =>
      (
        model.predict(
          tf.tensor2d([
            [1, 2, 3, 4],
            [0.5, -1, 0, 2],
          ]),
        ) as tf.Tensor
      ).dataSync() as Float32Array,
  );
  model.dispose();
  return out;
}

describe('export and import', () => {
  it('round-trips bit-identical files and identical predictions under a new id', async () => {
    const original = await store.save(sampleModel('regressor', 7), 'orig');
    const { fileName, bytes } = await store.exportBundle(original.id);
    expect(fileName).toBe('orig.inpaint-model.json');
    const imported = await store.importBundle(bytes);
    expect(imported.id).not.toBe(original.id);
    // A model named "orig" exists: the import gets a name the list can tell apart, and says so.
    expect(imported).toMatchObject({ name: 'orig (2)', renamedFrom: 'orig', kind: 'regressor', loadable: true });
    expect((await store.importBundle(bytes)).name).toBe('orig (3)');
    const a = await store.readFiles(original.id);
    const b = await store.readFiles(imported.id);
    for (const name of Object.keys(a)) expect(Buffer.compare(a[name], b[name])).toBe(0);
    expect((await store.details(imported.id)).metadata).toEqual((await store.details(original.id)).metadata);
    expect(Array.from(await predict(b))).toEqual(Array.from(await predict(a)));
  });

  it('leaves the optimizer state out unless the export is for further training', async () => {
    const m = sampleModel('regressor', 3);
    const withState: TrainedModel = {
      ...m,
      files: {
        ...m.files,
        'optimizer.json': new TextEncoder().encode('{}'),
        'optimizer.weights.bin': new Uint8Array(64),
      },
    };
    const saved = await store.save(withState, 'with state');
    const names = (bytes: Uint8Array) =>
      (JSON.parse(new TextDecoder().decode(bytes)) as { files: { name: string }[] }).files.map((f) => f.name).sort();
    const plain = await store.exportBundle(saved.id);
    const full = await store.exportBundle(saved.id, { forTraining: true });
    expect(names(plain.bytes)).toEqual(Object.keys(m.files).sort());
    expect(names(full.bytes)).toEqual(Object.keys(withState.files).sort());
    expect(plain.bytes.byteLength).toBeLessThan(full.bytes.byteLength);
    const back = await store.importBundle(plain.bytes);
    expect(back.loadable).toBe(true);
  });

  it('numbers a taken name, without case or a previous number getting in the way', () => {
    expect(distinctName('A', [])).toBe('A');
    expect(distinctName('A', ['a'])).toBe('A (2)');
    expect(distinctName('A (2)', ['A', 'A (2)'])).toBe('A (3)');
  });

  describe('rejects', () => {
    const cases: [string, () => Uint8Array, RegExp][] = [
      ['non-JSON bytes', () => new Uint8Array([0xff, 0, 1]), /not JSON/],
      ['a wrong format', () => enc({ ...bundleOf({ 'weights.bin': weights }), format: 'zip' }), /format is not/],
      [
        'a bundle from a newer schema',
        () => enc(bundleOf({ 'weights.bin': weights }, { schema: 3 })),
        /newer Inpaint Studio/,
      ],
      ['an unknown kind', () => enc(bundleOf({ 'weights.bin': weights }, { kind: 'virus' })), /kind/],
      [
        'a huge declared size',
        () => enc({ ...bundleOf({}), files: [{ ...fileEntry('weights.bin', weights), bytes: 1e12 }] }),
        /files.0.bytes/,
      ],
      [
        'declared sizes past the cap in total',
        () =>
          enc({
            ...bundleOf({}),
            files: [0, 1, 2].map((i) => ({ ...fileEntry(`w${i}.bin`, weights), bytes: 30 * 1024 * 1024 })),
          }),
        /declare \d+ bytes/,
      ],
      [
        'a size that disagrees with the data',
        () => enc({ ...bundleOf({}), files: [{ ...fileEntry('weights.bin', weights), bytes: 61 }] }),
        /not 61 bytes of base64/,
      ],
      ['a parent-path file name', () => enc(bundleOf({ '../x': weights })), /invalid model file name/],
      ['a nested file name', () => enc(bundleOf({ 'a/b': weights })), /invalid model file name/],
      ['a file named meta.json', () => enc(bundleOf({ 'meta.json': weights })), /invalid model file name/],
      [
        'a bad checksum',
        () =>
          enc({
            ...bundleOf({}),
            files: [{ ...fileEntry('weights.bin', weights), sha256: sha256(new Uint8Array(1)) }],
          }),
        /fails its checksum/,
      ],
      ['bytes past the bundle cap', () => new Uint8Array(MAX_BUNDLE_BYTES + 1), /at most \d+ are allowed/],
      [
        'a model.json with an unknown layer class',
        () => {
          const json = denseModelJson();
          json.modelTopology.config.layers[0].class_name = 'MyEvilLayer';
          return enc(bundleOf({ 'model.json': enc(json), 'weights.bin': weights }));
        },
        /layer class "MyEvilLayer"/,
      ],
      [
        'a model.json with one Dense layer of 10^7 units',
        () => enc(bundleOf({ 'model.json': enc(denseModelJson(1e7)), 'weights.bin': weights })),
        /10000000 units/,
      ],
      [
        'a model.json whose manifest names a missing file',
        () => {
          const json = denseModelJson();
          json.weightsManifest[0].paths = ['elsewhere.bin'];
          return enc(bundleOf({ 'model.json': enc(json), 'weights.bin': weights }));
        },
        /elsewhere.bin is not in the model/,
      ],
      [
        'a model.json whose weights are too short',
        () => enc(bundleOf({ 'model.json': enc(denseModelJson()), 'weights.bin': weights.subarray(0, 56) })),
        /56 bytes but the manifest needs 60/,
      ],
    ];
    for (const [what, make, message] of cases) {
      it(`${what}, leaving nothing on disk and tf.memory unchanged`, async () => {
        const before = await tree(dataDir);
        const tensors = tf.memory().numTensors;
        await expect(store.importBundle(make())).rejects.toThrow(message);
        expect(await tree(dataDir)).toEqual(before);
        expect(tf.memory().numTensors).toBe(tensors);
        expect(store.list().models).toEqual([]);
      });
    }
  });
});
