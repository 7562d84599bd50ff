import { describe, expect, it } from 'vitest';
import type { MethodId } from '../../shared/contract';
import type { ActiveModels } from './active-models';
import { runInpaint } from './inpaint-call';
import { PIXELS } from '../../shared/image';
import type { Inpainter } from './ml/inpainter';
import type { Judge } from './ml/model-files';

/** Just the two things runInpaint asks of ActiveModels. */
function models(inpainters: Inpainter[], judge: Judge = {}): ActiveModels {
  return {
    inpainter: (id: MethodId) => inpainters.find((m) => m.id === id),
    judge: () => judge,
  } as unknown as ActiveModels;
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
    const judge: Judge = {
      energy: (x, n) => Float32Array.from({ length: n }, () => x.reduce((a, b) => a + b, 0)),
      classify: (x, n) => Float32Array.from({ length: 10 * n }, (_, k) => (k === 3 ? 1 : 0)),
    };
    const res = runInpaint(models([filler('pca', 1), filler('generator', 0)], judge), {
      image,
      mask,
      methods: ['pca', 'generator'],
    });
    expect(res.results[0].energy).toBeCloseTo(res.results[1].energy! + 100, 3); // 100 missing pixels, 1 vs 0
    expect(res.input.energy).toBeCloseTo(res.results[1].energy! + 50, 3); // gray 0.5 in the patch
    expect(res.results[0].probs).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
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
});

describe('runInpaint details and refinement', () => {
  const judge: Judge = { energy: (x, n) => Float32Array.from({ length: n }, (_, i) => i + 1) };
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
    expect(samples.map((s) => [s.weight, s.posterior, s.chosen, s.energy])).toEqual([
      [0.75, 0.9, true, 1],
      [0.25, 0.1, false, 1],
    ]);
    expect(res.results[0].rule).toBe('alpha');
  });

  it("reports a refinement without an energy model as that method's error", () => {
    const m = { ...models([filler('pca', 0.3)]), energyOf: () => undefined } as unknown as ActiveModels;
    const res = runInpaint(m, { image, mask, methods: ['pca'], refine: { energy: 'crbm', steps: 3 } });
    expect(res.results[0].error).toMatch(/needs an active crbm model/);
  });
});
