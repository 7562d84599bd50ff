import { describe, expect, it } from 'vitest';
import { CALLS, type CallName } from '../../shared/contract';
import { MAX_BUNDLE_BASE64, parsePayload, SCHEMAS } from './api-schemas';

const image = () => Array.from({ length: 784 }, (_, i) => (i % 7) / 7);
const mask = (): number[] => Array.from({ length: 784 }, (_, i) => (i > 300 && i < 400 ? 1 : 0));
const inpaint = (over: Record<string, unknown> = {}) => ({ image: image(), mask: mask(), methods: ['pca'], ...over });

function rejects(call: CallName, payload: unknown, fragment: string): void {
  const r = parsePayload(call, payload);
  expect(r.ok).toBe(false);
  if (!r.ok) {
    expect(r.error).toMatch(/^Could not [^:]+: /); // what could not be done, then why
    // no schema vocabulary (paths like "methods.0"; a value such as 0.5 is fine)
    expect(r.error).not.toMatch(/invalid request|expected|received|[A-Za-z]\.\d/);
    expect(r.error.toLowerCase()).toContain(fragment.toLowerCase());
    expect(r.error.length).toBeLessThanOrEqual(300);
  }
}

describe('api schemas', () => {
  it('has one schema for every call of the contract', () => {
    expect(Object.keys(SCHEMAS).sort()).toEqual(Object.keys(CALLS).sort());
  });

  it('accepts a well-formed payload for each call and keeps its values', () => {
    expect(parsePayload('appInfo', {})).toEqual({ ok: true, value: {} });
    expect(parsePayload('ping', undefined)).toEqual({ ok: true, value: undefined });
    expect(parsePayload('sample', { split: 'test', index: 3, patchSeed: 9 })).toEqual({
      ok: true,
      value: { split: 'test', index: 3, patchSeed: 9 },
    });
    const r = parsePayload('inpaint', inpaint({ params: { d: 40 } }));
    expect(r.ok && (r.value as { params: unknown }).params).toEqual({ d: 40 });
    expect(parsePayload('renameModel', { id: 'pca-20250101-000000-ab12', name: 'My PCA' }).ok).toBe(true);
    expect(parsePayload('importModel', { bundleBase64: 'AAEC' }).ok).toBe(true);
    expect(parsePayload('importModel', {}).ok).toBe(true);
    expect(parsePayload('startTraining', { kind: 'generator', epochs: 2, seed: 1, subset: 500 }).ok).toBe(true);
    expect(parsePayload('startTraining', { kind: 'regressor', masks: 'free' }).ok).toBe(true);
  });

  it('bounds the training thread count', () => {
    expect(parsePayload('startTraining', { kind: 'generator', workers: 2 }).ok).toBe(true);
    rejects('startTraining', { kind: 'generator', workers: 0 }, 'workers');
    rejects('startTraining', { kind: 'generator', workers: 65 }, 'workers');
    rejects('startTraining', { kind: 'generator', workers: 1.5 }, 'workers');
  });

  it('rejects unknown keys on every object (strict)', () => {
    rejects('appInfo', { extra: 1 }, 'unknown setting');
    rejects('sample', { split: 'test', path: '/etc/passwd' }, 'unknown setting');
    rejects('exportModel', { id: 'a', path: '/tmp/x' }, 'unknown setting');
  });

  it('rejects an image or mask that is not exactly 784 numbers in [0,1]', () => {
    rejects('inpaint', inpaint({ image: image().slice(1) }), 'exactly 784');
    rejects('inpaint', inpaint({ mask: [...mask(), 0] }), 'exactly 784');
    rejects('inpaint', inpaint({ image: new Array(20_000_000) }), 'exactly 784');
    rejects('inpaint', inpaint({ image: 'abc' }), 'exactly 784');
    const nan = image();
    nan[5] = Number.NaN;
    rejects('inpaint', inpaint({ image: nan }), 'image (pixel 5) must be a number');
    const inf = image();
    inf[7] = Number.POSITIVE_INFINITY;
    rejects('inpaint', inpaint({ image: inf }), 'image (pixel 7)');
    const big = mask();
    big[0] = 2;
    rejects('inpaint', inpaint({ mask: big }), 'mask value 2 at index 0 (image 0, row 0, col 0)');
  });

  it("takes the live path's typed arrays of exactly 784 values, and nothing else typed", () => {
    const typed = inpaint({
      image: Float32Array.from(image()),
      mask: Uint8Array.from(mask()),
      original: Float32Array.from(image()),
    });
    const r = parsePayload('inpaint', typed);
    expect(r.ok).toBe(true);
    if (r.ok) expect((r.value as { image: unknown }).image).toBeInstanceOf(Float32Array); // passed on, not copied
    rejects('inpaint', inpaint({ image: new Float32Array(783) }), 'Float32Array of exactly 784');
    rejects('inpaint', inpaint({ image: new Float32Array(785) }), 'exactly 784');
    rejects('inpaint', inpaint({ mask: new Uint8Array(100_000) }), 'Uint8Array of exactly 784');
    rejects('inpaint', inpaint({ image: new Uint8Array(784) }), 'Float32Array of exactly 784');
    rejects('inpaint', inpaint({ mask: new Float32Array(784) }), 'Uint8Array of exactly 784');
    rejects('inpaint', inpaint({ image: new Float64Array(784) }), 'exactly 784');
    const nan = Float32Array.from(image());
    nan[9] = Number.NaN;
    rejects('inpaint', inpaint({ image: nan }), 'image value NaN at index 9');
    const two = Uint8Array.from(mask());
    two[1] = 2;
    rejects('inpaint', inpaint({ mask: two }), 'mask value 2 at index 1');
  });

  it('applies the shared pixel rules: masks are 0 or 1, images in [0,1], the first bad place named', () => {
    const half = mask();
    half[300] = 0.5; // used to pass and count as missing
    rejects('inpaint', inpaint({ mask: half }), 'mask value 0.5 at index 300 (image 0, row 10, col 20)');
    const over = image();
    over[30] = 1.5;
    rejects('inpaint', inpaint({ image: over }), 'image value 1.5 at index 30 (image 0, row 1, col 2)');
  });

  it('rejects unknown methods, an empty method list and a PCA dimension outside 1..784', () => {
    rejects('inpaint', inpaint({ methods: ['magic'] }), 'method list (entry 1) must be one of');
    rejects('inpaint', inpaint({ methods: [] }), 'methods must list');
    rejects('inpaint', inpaint({ methods: ['pca-masked', 'pca', 'pca-masked'] }), 'must not name a method twice');
    rejects('inpaint', inpaint({ methods: Array(8).fill('pca-masked') }), 'method');
    rejects('inpaint', inpaint({ params: { d: 0 } }), 'd must be at least 1');
    rejects('inpaint', inpaint({ params: { d: 785 } }), 'd must be at most 784');
    rejects('inpaint', inpaint({ params: { d: 2.5 } }), 'd must be a whole number');
  });

  it("checks per-method parameters against that method's own range, and the original like the image", () => {
    expect(parsePayload('inpaint', inpaint({ methodParams: { pca: { d: 15 }, 'pca-masked': { d: 400 } } })).ok).toBe(
      true,
    );
    rejects('inpaint', inpaint({ methodParams: { pca: { d: 0 } } }), 'd must be at least 1');
    rejects('inpaint', inpaint({ methodParams: { generator: { d: 3 } } }), 'unknown setting "d"');
    rejects('inpaint', inpaint({ methodParams: { magic: {} } }), 'unknown setting "magic"');
    rejects('inpaint', inpaint({ original: image().slice(3) }), 'exactly 784');
  });

  it('says what is wrong in words: a null learning rate, a missing field', () => {
    rejects(
      'startTraining',
      { kind: 'pca', learningRate: null },
      'Could not start training: the learning rate must be a number.',
    );
    rejects('renameModel', { id: 'a' }, 'the name is missing');
  });

  it('rejects ids that are not plain basenames', () => {
    for (const id of ['../x', '..', '.hidden', 'a/b', 'a\\b', '', 'x'.repeat(129), 'a..b', 'C:evil', 'a b']) {
      rejects('deleteModel', { id }, 'id');
    }
    rejects('modelDetails', { id: 42 }, 'id');
  });

  it('rejects empty, control-character and overlong names', () => {
    rejects('renameModel', { id: 'a', name: '   ' }, 'empty');
    rejects('renameModel', { id: 'a', name: 'a\u0000b' }, 'control');
    rejects('renameModel', { id: 'a', name: 'n'.repeat(101) }, 'longer than 100');
  });

  it('rejects out-of-range training settings and unknown kinds', () => {
    rejects('startTraining', { kind: 'rocket' }, 'kind');
    rejects('startTraining', { kind: 'pca', epochs: 0 }, 'epochs');
    rejects('startTraining', { kind: 'pca', batchSize: 1e9 }, 'batch size');
    rejects('startTraining', { kind: 'pca', learningRate: 0 }, 'learning rate');
    rejects('startTraining', { kind: 'pca', seed: -1 }, 'seed');
    rejects('startTraining', { kind: 'generator', masks: 'blobs' }, 'masks');
    rejects('sample', { split: 'validation' }, 'split');
    rejects('sample', { split: 'test', index: -1 }, 'index');
  });

  it('rejects a model upload that is not base64 or is too large', () => {
    rejects('importModel', { bundleBase64: 'not base64!' }, 'base64');
    rejects('importModel', { bundleBase64: 'A'.repeat(MAX_BUNDLE_BASE64 + 4) }, 'too large');
  });

  it('rejects null and non-object payloads for calls that take an object', () => {
    rejects('sample', null, 'Could not load the digit');
    rejects('renameModel', 'id', 'Could not rename the model');
    rejects('listModels', null, 'Could not list the models');
  });
});

describe('the evaluation request', () => {
  const evalReq = (over: Record<string, unknown> = {}) => ({
    methods: ['pca', 'regressor'],
    families: ['center-gray', 'holes'],
    n: 200,
    dList: [10, 400],
    ...over,
  });

  it('accepts methods × families, N within 1..10000 and a d list of at most 12 values in 1..784', () => {
    expect(parsePayload('startEval', evalReq())).toEqual({ ok: true, value: evalReq() });
    expect(parsePayload('startEval', evalReq({ n: 1, dList: [] })).ok).toBe(true);
    expect(parsePayload('startEval', evalReq({ n: 10_000, dList: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 784] })).ok).toBe(
      true,
    );
    expect(parsePayload('cancelEval', { jobId: 'eval-0a1b2c3d4e5f' }).ok).toBe(true);
  });

  it('refuses what is out of bounds, in words', () => {
    rejects(
      'startEval',
      evalReq({ n: 0 }),
      'Could not start the evaluation: the number of test images must be at least 1.',
    );
    rejects('startEval', evalReq({ n: 10_001 }), 'the number of test images must be at most 10000');
    rejects('startEval', evalReq({ n: 12.5 }), 'the number of test images must be a whole number');
    rejects('startEval', evalReq({ methods: [] }), 'choose 1 to');
    rejects('startEval', evalReq({ methods: ['pca', 'pca'] }), 'a method is chosen twice');
    rejects('startEval', evalReq({ methods: ['nope'] }), 'the method list (entry 1) must be one of');
    rejects('startEval', evalReq({ families: [] }), 'choose 1 to 6 mask families');
    rejects('startEval', evalReq({ families: ['squares'] }), 'the mask families (entry 1) must be one of');
    rejects('startEval', evalReq({ dList: [10, 0] }), 'the list of d values (entry 2) must be at least 1');
    rejects('startEval', evalReq({ dList: [785] }), 'must be at most 784');
    rejects('startEval', evalReq({ dList: [10, 10] }), 'a value of d is given twice');
    rejects('startEval', evalReq({ dList: Array.from({ length: 13 }, (_, i) => i + 1) }), 'at most 12 values of d');
    rejects('startEval', evalReq({ n: undefined }), 'the number of test images is missing');
    rejects('cancelEval', { jobId: '../x' }, 'Could not cancel the evaluation');
  });
});

describe('the upload cap', () => {
  it('admits the largest bundle the store accepts, so every export can be imported back', async () => {
    const { MAX_BUNDLE_BYTES } = await import('./store/bundle');
    const largest = Buffer.alloc(MAX_BUNDLE_BYTES).toString('base64').length;
    expect(largest).toBeLessThanOrEqual(MAX_BUNDLE_BASE64);
    const { MAX_MESSAGE_BYTES } = await import('../host/server');
    expect(MAX_MESSAGE_BYTES).toBeGreaterThan(MAX_BUNDLE_BASE64);
  });
});
