import { beforeAll, describe, expect, it } from 'vitest';
import { GRAY } from '../../../shared/image';
import type { DigitSplit } from './data/batches';
import { runEvaluation, type EvalProgress } from './eval-run';
import { evaluateInpainter, referenceRows } from './evaluate';
import { composite, type Inpainter } from './inpainter';
import { mnistSubset } from './test-fixtures';

let test: DigitSplit;
beforeAll(async () => {
  test = await mnistSubset('test', 40);
});

/** Fills the gap with a constant: MSE differs per value, so rows can be told apart. */
const fill = (id: 'pca' | 'regressor', value: number): Inpainter => ({
  id,
  inpaint: (images, masks) => composite(images, masks, new Float32Array(images.length).fill(value)),
});

describe('runEvaluation', () => {
  it('gives every family its reference rows and one row per unit, equal to the single-unit evaluation', async () => {
    const seen: EvalProgress[] = [];
    const rows = await runEvaluation({
      split: test,
      options: { n: 30, seed: 1, batch: 7 },
      families: ['center-gray', 'holes'],
      units: [
        { inpainter: fill('pca', GRAY), params: { d: 5 } },
        { inpainter: fill('regressor', 0), label: ' (zero)' },
      ],
      onProgress: (p) => seen.push(p),
    });
    expect(rows.map((r) => `${r.family}:${r.method}`)).toEqual([
      'center-gray:clean (ceiling)',
      'center-gray:gray patch (floor)',
      'center-gray:pca',
      'center-gray:regressor (zero)',
      'holes:clean (ceiling)',
      'holes:gray patch (floor)',
      'holes:pca',
      'holes:regressor (zero)',
    ]);
    const holes = { n: 30, seed: 1, batch: 7, masks: 'holes' as const };
    expect(rows[6]).toEqual({ ...evaluateInpainter(fill('pca', GRAY), test, holes, { d: 5 }), family: 'holes' });
    expect(rows[5]).toEqual({ ...referenceRows(test, holes).gray, family: 'holes' });
    // Filling with gray is the floor: same MSE.
    expect(rows[2].mse).toBeCloseTo(rows[1].mse, 10);
    expect(rows[3].mse).toBeGreaterThan(0);
    // Progress counts image evaluations, never goes back, and ends at the total.
    const total = 2 * 3 * 30;
    expect(seen.every((p) => p.total === total)).toBe(true);
    expect(seen.map((p) => p.done)).toEqual([0, 30, 60, 90, 120, 150, 180]);
    expect(seen.map((p) => p.current)).toEqual([
      'references',
      'pca',
      'regressor (zero)',
      'references',
      'pca',
      'regressor (zero)',
      'done',
    ]);
  });

  it('stops between units once its signal is aborted', async () => {
    const controller = new AbortController();
    let calls = 0;
    const counting: Inpainter = {
      id: 'regressor',
      inpaint(images, masks, n, params) {
        calls++;
        controller.abort(new Error('cancelled by the test'));
        return fill('regressor', 0).inpaint(images, masks, n, params);
      },
    };
    const run = runEvaluation({
      split: test,
      options: { n: 10, seed: 1 },
      families: ['center-gray'],
      units: [{ inpainter: counting }, { inpainter: counting }, { inpainter: counting }],
      signal: controller.signal,
    });
    await expect(run).rejects.toThrow('cancelled by the test');
    expect(calls).toBe(1);
  });
});
