import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { mnistSubset } from '../test-fixtures';
import { buildGenerator } from './ebm-model';
import { PREVIEW_INDICES, previewer, withPreview } from './train-preview';
import type { TrainPreview } from '../../../../shared/contract';

describe('training preview', () => {
  it('inpaints the same 8 test digits, 0–255, known pixels kept, no tensors left behind', async () => {
    const test = await mnistSubset('test', 100);
    const g = buildGenerator([32], 3);
    const before = tf.memory().numTensors;
    const preview = previewer(g, 'generator', test);
    const a = preview();
    preview();
    expect(tf.memory().numTensors).toBe(before);
    expect(a.indices).toEqual(PREVIEW_INDICES);
    expect(a.images).toHaveLength(8 * 784);
    expect(a.images.every((v) => Number.isInteger(v) && v >= 0 && v <= 255)).toBe(true);
    const missing = a.masks.filter((m) => m === 1).length;
    expect(missing).toBeGreaterThan(8 * 50); // a center patch on each digit
    // Known pixels are the test digit's own.
    const k = a.masks.findIndex((m, i) => m === 0 && test.images[PREVIEW_INDICES[0] * 784 + i] > 200);
    expect(a.images[k]).toBe(test.images[PREVIEW_INDICES[0] * 784 + k]);
    g.dispose();
  });

  it('attaches a preview at most once per interval, and always at the last step', () => {
    let t = 0;
    const seen: boolean[] = [];
    const wrapped = withPreview<{ step: number; totalSteps: number; preview?: TrainPreview }>(
      (u) => seen.push(u.preview !== undefined),
      () => ({ indices: [], images: [], masks: [] }),
      () => t,
      300,
    );
    for (const [step, at] of [
      [1, 0],
      [2, 100],
      [3, 350],
      [4, 400],
      [5, 420],
    ]) {
      t = at;
      wrapped?.({ step, totalSteps: 5 });
    }
    expect(seen).toEqual([true, false, true, false, true]);
  });
});
