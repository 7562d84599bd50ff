import { beforeAll, describe, expect, it } from 'vitest';
import type { DigitSplit } from './data/batches';
import { evaluateInpainter, referenceRows, testBatch } from './evaluate';
import { GRAY, PIXELS } from '../../../shared/image';
import { composite, type Inpainter } from './inpainter';
import { mnistSubset } from './test-fixtures';

let test: DigitSplit;
beforeAll(async () => {
  test = await mnistSubset('test', 300);
});

/** Knows the answer: returns the clean test image (found by its first known pixels). */
function oracle(split: DigitSplit): Inpainter {
  return {
    id: 'regressor',
    inpaint(images, masks, n) {
      const out = new Float32Array(images.length);
      for (let b = 0; b < n; b++) {
        const i = Array.from({ length: split.n }, (_, k) => k).find((k) => {
          for (let p = 0; p < PIXELS; p++)
            if (!masks[b * PIXELS + p] && Math.abs(split.images[k * PIXELS + p] / 255 - images[b * PIXELS + p]) > 1e-6)
              return false;
          return true;
        })!;
        for (let p = 0; p < PIXELS; p++) out[b * PIXELS + p] = split.images[i * PIXELS + p] / 255;
      }
      return composite(images, masks, out);
    },
  };
}
const grayFill: Inpainter = {
  id: 'pca',
  inpaint: (images, masks) => composite(images, masks, new Float32Array(images.length).fill(GRAY)),
};
/** A classifier that reads the label off a lookup of the clean images' pixel sums (perfect on clean). */
function lookupClassifier(split: DigitSplit) {
  const byKey = new Map<number, number>();
  for (let i = 0; i < split.n; i++) {
    let s = 0;
    for (let p = 0; p < PIXELS; p++) s += split.images[i * PIXELS + p];
    byKey.set(s, split.labels[i]);
  }
  return (images: Float32Array, n: number) => {
    const probs = new Float32Array(n * 10);
    for (let b = 0; b < n; b++) {
      let s = 0;
      for (let p = 0; p < PIXELS; p++) s += Math.round(images[b * PIXELS + p] * 255);
      probs[b * 10 + (byKey.get(s) ?? 0)] = 1;
    }
    return probs;
  };
}

describe('evaluate', () => {
  it('gives the same patches for the same seed and other patches for another', () => {
    expect(testBatch(test, 5, 4, 1).masks).toEqual(testBatch(test, 5, 4, 1).masks);
    expect(testBatch(test, 5, 4, 1).masks).not.toEqual(testBatch(test, 5, 4, 2).masks);
  });

  it('scores a perfect inpainter with zero error and the clean accuracy', () => {
    const classify = lookupClassifier(test);
    const o = { n: 50, seed: 3, classify, batch: 16 };
    const row = evaluateInpainter(oracle(test), test, o);
    const ref = referenceRows(test, o);
    expect(row.mse).toBe(0);
    expect(row.psnr).toBe(Infinity);
    expect(row.accuracy).toBe(ref.clean.accuracy);
    expect(ref.clean.accuracy).toBeGreaterThan(0.95); // pixel sums of two digits can collide
    expect(ref.gray.accuracy).toBeLessThan(0.5);
  });

  it('scores gray filling exactly as the gray floor, batched or not', () => {
    const o = { n: 120, seed: 4, batch: 7 };
    const row = evaluateInpainter(grayFill, test, o, { d: 10 });
    const ref = referenceRows(test, { ...o, batch: 500 });
    expect(row.mse).toBeCloseTo(ref.gray.mse, 10);
    expect(row).toMatchObject({ method: 'pca', d: 10 });
    expect(Number.isNaN(row.accuracy)).toBe(true); // no classifier given
    expect(ref.gray.mse).toBeGreaterThan(0.05);
  });
});
