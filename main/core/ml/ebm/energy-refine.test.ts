import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { hostBatch } from '../data/batches';
import { mnistSubset } from '../test-fixtures';
import { initBackend } from '../tf/backend';
import { buildEnergy, buildGenerator } from './ebm-model';
import { createNetInpainter, energiesWith } from './ebm-inpainter';
import { createRefinedInpainter, NO_REFINE, parseRefine } from './energy-refine';

let batch: ReturnType<typeof hostBatch>;
beforeAll(async () => {
  await initBackend('wasm');
  batch = hostBatch(await mnistSubset('test', 8), [0, 1, 2, 3, 4, 5, 6, 7], 3, 'mix');
});

const mean = (xs: Float32Array) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('energy refinement', () => {
  it('parses its options and rejects unknown keys with a clear message', () => {
    expect(parseRefine('samples=4,steps=5')).toEqual({ ...NO_REFINE, samples: 4, steps: 5 });
    expect(() => parseRefine('temperature=2')).toThrow(/unknown key "temperature"/);
    expect(() => parseRefine('steps=x')).toThrow(/needs a number/);
  });

  it('is G itself without options; ranking and descent lower E and keep known pixels', () => {
    const g = buildGenerator([64], 1);
    const e = buildEnergy([32], 2);
    const before = tf.memory().numTensors;
    const plain = createNetInpainter(g, 'generator').inpaint(batch.corrupted, batch.masks, 8);
    const same = createRefinedInpainter(g, e, NO_REFINE).inpaint(batch.corrupted, batch.masks, 8);
    expect(Array.from(same)).toEqual(Array.from(plain));
    const ranked = createRefinedInpainter(g, e, { ...NO_REFINE, samples: 4 }).inpaint(batch.corrupted, batch.masks, 8);
    const descended = createRefinedInpainter(g, e, { ...NO_REFINE, steps: 5, stepSize: 0.05 }).inpaint(
      batch.corrupted,
      batch.masks,
      8,
    );
    for (const out of [ranked, descended])
      for (let i = 0; i < out.length; i++) {
        if (!batch.masks[i]) expect(out[i]).toBe(batch.corrupted[i]);
        else expect(out[i] >= 0 && out[i] <= 1).toBe(true);
      }
    const e0 = energiesWith(e, plain, 8);
    const eRanked = energiesWith(e, ranked, 8);
    for (let i = 0; i < 8; i++) expect(eRanked[i]).toBeLessThanOrEqual(e0[i] + 1e-5);
    expect(mean(energiesWith(e, descended, 8))).toBeLessThan(mean(e0));
    expect(tf.memory().numTensors).toBe(before);
    g.dispose();
    e.dispose();
  });
});
