// The shipped mdn-default and crbm-default (float16 weights) load and work: known pixels exact, values in
// [0,1], and a patch MSE well below the gray floor on the first test digits.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { maskedSquaredError } from '../../../shared/metrics';
import { testBatch } from './evaluate';
import { loadModel } from './load-model';
import { mnistSubset, shippedFiles } from './test-fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const shipped = shippedFiles;

it.each(['mdn', 'crbm'] as const)('the shipped %s inpaints 40 test digits far better than gray', async (kind) => {
  const model = await loadModel(kind, shipped(kind));
  try {
    const b = testBatch(await mnistSubset('test', 40), 0, 40, 1);
    const out = model.inpainters[0].inpaint(b.corrupted, b.masks, b.n, undefined);
    for (let i = 0; i < out.length; i++) {
      if (!b.masks[i]) expect(out[i]).toBe(b.corrupted[i]);
      expect(out[i]).toBeGreaterThanOrEqual(0);
      expect(out[i]).toBeLessThanOrEqual(1);
    }
    const e = maskedSquaredError(out, b.clean, b.masks);
    const gray = maskedSquaredError(b.corrupted, b.clean, b.masks);
    expect(e.sse / e.count).toBeLessThan(0.8 * (gray.sse / gray.count));
  } finally {
    model.dispose();
  }
});

it("the shipped MDN answers with the completion closest to the loaded generator's answer", async () => {
  const generator = await loadModel('generator', shipped('generator'));
  const ctx = { inpainter: (m: string) => (m === 'generator' ? generator.inpainters[0] : undefined) };
  const mdn = await loadModel('mdn', shipped('mdn'), ctx);
  try {
    const b = testBatch(await mnistSubset('test', 1), 0, 1, 1);
    const mdnInpainter = mdn.inpainters[0];
    const answer = mdnInpainter.inpaint(b.corrupted, b.masks, 1, undefined);
    const details = mdnInpainter.details?.(b.corrupted, b.masks, undefined);
    expect(details?.rule).toBe('agree');
    const samples = details?.samples ?? [];
    const chosen = samples.findIndex((s) => s.chosen);
    expect(Array.from(answer)).toEqual(Array.from(samples[chosen].image));
    // No other completion is closer to the generator's answer over the missing pixels.
    const reference = generator.inpainters[0].inpaint(b.corrupted, b.masks, 1, undefined);
    const dist = (img: Float32Array) => maskedSquaredError(img, reference, b.masks).sse;
    for (const s of samples) expect(dist(s.image)).toBeGreaterThanOrEqual(dist(samples[chosen].image));
  } finally {
    mdn.dispose();
    generator.dispose();
  }
});
