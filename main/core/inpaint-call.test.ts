import { describe, expect, it } from 'vitest';
import type { MethodId } from '../../shared/contract';
import * as tf from '@tensorflow/tfjs';
import { runInpaint } from './inpaint-call';
import { LoadedModels, type ModelTag } from './inference/loaded-models';
import { CLASSIFIER_PREFIX } from './ml/classifier/classifier';
import { GENERATOR_PREFIX } from './ml/ebm/ebm-train';
import { initBackend } from './ml/tf/backend';
import { layersModelToFiles } from './ml/tf/tf-io';
import { PIXELS } from '../../shared/image';
import type { Inpainter } from './ml/inpainter';
import type { Judge } from './ml/model-files';

const tag = (kind: ModelTag['kind']): ModelTag => ({ kind, id: `${kind}-1`, name: `Test ${kind}` });

/** Just the two things runInpaint asks of LoadedModels. */
function models(inpainters: Inpainter[], judge: Judge = {}): LoadedModels {
  return {
    inpainter: (id: MethodId) => {
      const inpainter = inpainters.find((m) => m.id === id);
      return inpainter && { inpainter, from: tag(id.startsWith('pca') ? 'pca' : 'generator') };
    },
    judge: () => ({
      energy: judge.energy && { score: judge.energy, from: tag('generator') },
      classify: judge.classify && { score: judge.classify, from: tag('classifier') },
    }),
  } as unknown as LoadedModels;
}
/** Fills missing pixels with `value`, remembering what it was given. */
function filler(id: MethodId, value: number, seen: Float32Array[] = []): Inpainter {
  return {
    id,
    inpaint(images, masks) {
      seen.push(images.slice());
      return images.map((v, i) => (masks[i] ? value : v));
    },
  };
}
const image = Array.from({ length: PIXELS }, (_, i) => (i % 7) / 7);
/** An energy judge over a batch: each image's pixel sum; `calls` counts the calls. */
function sumEnergy(calls: number[] = []): NonNullable<Judge['energy']> {
  return (x, n) => {
    calls.push(n);
    return Float32Array.from({ length: n }, (_, k) =>
      x.subarray(k * PIXELS, (k + 1) * PIXELS).reduce((a, b) => a + b, 0),
    );
  };
}
const mask = Array.from({ length: PIXELS }, (_, i) => (i >= 300 && i < 400 ? 1 : 0));

describe('runInpaint', () => {
  it('gives every method the image with missing pixels gray, whatever was drawn there', () => {
    const seen: Float32Array[] = [];
    runInpaint(models([filler('pca', 0.9, seen)]), { image, mask, methods: ['pca'] });
    expect(seen).toHaveLength(1);
    seen[0].forEach((v, i) => expect(v).toBe(mask[i] ? 0.5 : Math.fround(image[i])));
  });

  it('treats any non-zero mask value as missing', () => {
    const seen: Float32Array[] = [];
    runInpaint(models([filler('pca', 0.9, seen)]), { image, mask: mask.map((m) => m * 255), methods: ['pca'] });
    expect(seen[0][350]).toBe(0.5);
  });

  it('judges the input and every result with the loaded energy and classifier', () => {
    const energyCalls: number[] = [];
    const classifyCalls: number[] = [];
    const judge: Judge = {
      energy: sumEnergy(energyCalls),
      classify: (x, n) => {
        classifyCalls.push(n);
        return Float32Array.from({ length: 10 * n }, (_, k) => (k % 10 === 3 ? 1 : 0));
      },
    };
    const res = runInpaint(models([filler('pca', 1), filler('generator', 0)], judge), {
      image,
      mask,
      methods: ['pca', 'generator'],
    });
    // One batched call per judge for all three images (input, pca, generator).
    expect(energyCalls).toEqual([3]);
    expect(classifyCalls).toEqual([3]);
    expect(res.results[0].energy).toBeCloseTo(res.results[1].energy! + 100, 3); // 100 missing pixels, 1 vs 0
    expect(res.input.energy).toBeCloseTo(res.results[1].energy! + 50, 3); // gray 0.5 in the patch
    expect(res.results[0].probs).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
    expect(res.results[1].probs).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
    expect(res.input.probs).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
  });

  it('leaves the input and the original unjudged for a share that does not judge them (a pool worker)', () => {
    const energyCalls: number[] = [];
    const m = models([filler('pca', 1)], { energy: sumEnergy(energyCalls) });
    const req = { image, mask, original: image, methods: ['pca' as const] };
    const share = runInpaint(m, req, { judgeInputs: false });
    expect(energyCalls).toEqual([1]); // the result alone
    expect(share.input).toEqual({ energy: null, probs: null });
    expect(share).not.toHaveProperty('original');
    expect(share.results[0].energy).toBeCloseTo(runInpaint(m, req).results[0].energy ?? NaN, 5);
    expect(energyCalls).toEqual([1, 3]); // the whole request: input, original and the result in one call
  });

  it('answers the pixels as typed arrays (no number-array conversion on the way)', () => {
    const res = runInpaint(models([filler('pca', 1)]), { image, mask, methods: ['pca'] });
    expect(res.results[0].image).toBeInstanceOf(Float32Array);
    expect(res.results[0].image?.[350]).toBe(1);
  });

  it('answers no judgement when no judge is loaded', () => {
    const res = runInpaint(models([filler('pca', 1)]), { image, mask, methods: ['pca'] });
    expect(res.input).toEqual({ energy: null, probs: null });
    expect(res.results[0]).toMatchObject({ energy: null, probs: null });
  });

  it('reports a missing or failing method in its own result and still runs the others', () => {
    const broken: Inpainter = {
      id: 'regressor',
      inpaint() {
        throw new Error('weights are corrupt');
      },
    };
    const res = runInpaint(models([filler('pca', 1), broken]), {
      image,
      mask,
      methods: ['generator', 'regressor', 'pca'],
    });
    expect(res.results[0]).toEqual({
      method: 'generator',
      image: null,
      energy: null,
      probs: null,
      ms: 0,
      error: 'generator is not available',
    });
    expect(res.results[1]).toMatchObject({ method: 'regressor', image: null, error: 'weights are corrupt' });
    expect(res.results[2].image).toHaveLength(PIXELS);
    expect(res.results[2].error).toBeUndefined();
  });

  it('rejects an image or mask of the wrong size', () => {
    const m = models([filler('pca', 1)]);
    expect(() => runInpaint(m, { image: image.slice(1), mask, methods: ['pca'] })).toThrow(
      `image and mask must have ${PIXELS} values`,
    );
    expect(() => runInpaint(m, { image, mask: [...mask, 0], methods: ['pca'] })).toThrow(
      `image and mask must have ${PIXELS} values`,
    );
  });

  it('answers a method whose output is not finite with an error naming its model, never null pixels', () => {
    const nan: Inpainter = { id: 'pca', inpaint: (images) => images.map(() => Number.NaN) };
    const res = runInpaint(models([nan, filler('generator', 0)]), { image, mask, methods: ['pca', 'generator'] });
    expect(res.results[0]).toMatchObject({ method: 'pca', image: null });
    expect(res.results[0].error).toMatch(/^the pca model "Test pca" \(pca-1\) produced a non-finite pixel from pca/);
    expect(res.results[1].image).toHaveLength(PIXELS);
  });

  it('refuses a request whose judge scores are not finite, naming the judge model', () => {
    const energy = (_x: Float32Array, n: number) => new Float32Array(n).fill(Number.POSITIVE_INFINITY);
    expect(() => runInpaint(models([filler('pca', 1)], { energy }), { image, mask, methods: ['pca'] })).toThrow(
      /the generator model "Test generator" \(generator-1\) produced a non-finite energy/,
    );
  });
});

describe('runInpaint with real models whose weights are NaN', () => {
  /** A dense net of the given shape whose every weight is NaN, as the store's files. */
  async function nanNet(inputs: number, units: number, prefix: string) {
    const net = tf.sequential({ layers: [tf.layers.dense({ units, inputShape: [inputs] })] });
    tf.tidy(() => net.setWeights(net.getWeights().map((w) => tf.fill(w.shape, Number.NaN))));
    const files = await layersModelToFiles(net, prefix);
    net.dispose();
    return files;
  }

  it('names the regressor and the classifier instead of answering null', async () => {
    await initBackend('cpu');
    const before = tf.memory().numTensors;
    const loaded = new LoadedModels();
    await loaded.swapIn(
      { kind: 'regressor', id: 'reg-nan', name: 'NaN regressor' },
      await nanNet(2 * PIXELS, PIXELS, GENERATOR_PREFIX),
    );
    const res = runInpaint(loaded, { image, mask, methods: ['regressor'] });
    expect(res.results[0]).toMatchObject({ method: 'regressor', image: null, energy: null });
    expect(res.results[0].error).toMatch(
      /^the regressor model "NaN regressor" \(reg-nan\) produced a non-finite pixel from regressor \(NaN at 300\)/,
    );
    await loaded.swapIn({ kind: 'classifier', id: 'cls-nan' }, await nanNet(PIXELS, 10, CLASSIFIER_PREFIX));
    expect(() => runInpaint(loaded, { image, mask, methods: ['regressor'] })).toThrow(
      /^the classifier model "cls-nan" produced a non-finite class probability \(NaN at 0\)/,
    );
    loaded.disposeAll();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('runInpaint details and refinement', () => {
  const judge: Judge = { energy: sumEnergy() };
  const withDetails: Inpainter = {
    ...filler('mdn', 0.2),
    details: (img, m, _p, original) => ({
      rule: 'alpha',
      samples: [0.2, 0.8].map((v, i) => ({
        image: img.map((x, p) => (m[p] ? v : x)),
        weight: i ? 0.25 : 0.75,
        ...(original ? { posterior: i ? 0.1 : 0.9 } : {}),
        chosen: i === 0,
      })),
    }),
  };

  it('returns judged samples only when asked, with the original passed through', () => {
    const plain = runInpaint(models([withDetails], judge), { image, mask, methods: ['mdn'] });
    expect(plain.results[0].samples).toBeUndefined();
    const res = runInpaint(models([withDetails], judge), {
      image,
      mask,
      methods: ['mdn'],
      details: true,
      original: image,
    });
    const samples = res.results[0].samples ?? [];
    // Each sample judged on its own pixels (100 missing pixels at 0.2 and at 0.8), in the same batched call.
    const known = image.reduce((a, v, i) => a + (mask[i] ? 0 : Math.fround(v)), 0);
    expect(samples.map((s) => [s.weight, s.posterior, s.chosen])).toEqual([
      [0.75, 0.9, true],
      [0.25, 0.1, false],
    ]);
    expect(samples[0].energy).toBeCloseTo(known + 20, 2);
    expect(samples[1].energy).toBeCloseTo(known + 80, 2);
    expect(res.results[0].rule).toBe('alpha');
  });

  it("reports a refinement without an energy model as that method's error", () => {
    const m = { ...models([filler('pca', 0.3)]), energyOf: () => undefined } as unknown as LoadedModels;
    const res = runInpaint(m, { image, mask, methods: ['pca'], refine: { energy: 'crbm', steps: 3 } });
    expect(res.results[0].error).toMatch(/needs an active crbm model/);
  });
});

describe('runInpaint, per-method parameters and the original', () => {
  it('gives each method its own parameters over the shared ones', () => {
    const got: Record<string, unknown> = {};
    const spy = (id: MethodId): Inpainter => ({
      id,
      inpaint(images, _m, _n, params) {
        got[id] = params;
        return images;
      },
    });
    runInpaint(models([spy('pca'), spy('pca-masked')]), {
      image,
      mask,
      methods: ['pca', 'pca-masked'],
      params: { d: 50 },
      methodParams: { 'pca-masked': { d: 400 } },
    });
    expect(got).toEqual({ pca: { d: 50 }, 'pca-masked': { d: 400 } });
  });

  it('judges the original when given', () => {
    const judge: Judge = { energy: sumEnergy() };
    const original = image.map(() => 1);
    const res = runInpaint(models([filler('pca', 1)], judge), { image, mask, methods: ['pca'], original });
    expect(res.original?.energy).toBeCloseTo(PIXELS, 3);
    const without = runInpaint(models([filler('pca', 1)], judge), { image, mask, methods: ['pca'] });
    expect(without.original).toBeUndefined();
  });
});
