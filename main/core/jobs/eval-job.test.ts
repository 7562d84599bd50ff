import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EvalRequest } from '../../../shared/contract';
import type { DigitSplit } from '../ml/data/batches';
import { mnistSubset, shippedFiles } from '../ml/test-fixtures';
import type { FromEvalWorker } from './eval-messages';
import { resultRow, runEvalJob } from './eval-job';

let test: DigitSplit;
beforeAll(async () => {
  await tf.setBackend('cpu');
  test = await mnistSubset('test', 30);
});

const models = () =>
  (['pca', 'classifier'] as const).map((kind) => ({ tag: { kind, id: `${kind}-default` }, files: shippedFiles(kind) }));

describe('runEvalJob', () => {
  it('evaluates the shipped PCA at every d on every family, with the classifier, and frees its tensors', async () => {
    const req: EvalRequest = {
      methods: ['pca-masked', 'pca'],
      families: ['center-gray', 'half'],
      n: 20,
      dList: [50, 10],
    };
    const sent: FromEvalWorker[] = [];
    const before = tf.memory().numTensors;
    await runEvalJob(req, models(), test, (m) => sent.push(m));
    expect(tf.memory().numTensors).toBe(before);
    const done = sent.at(-1);
    if (done?.type !== 'done') throw new Error(`expected done, got ${JSON.stringify(done)}`);
    expect(done).toMatchObject({ n: 20, seed: 1 });
    // Per family: clean, gray, then each method in the order chosen, each d ascending.
    expect(done.rows.map((r) => `${r.family} ${r.method} ${r.d ?? ''}`.trim())).toEqual(
      ['center-gray', 'half'].flatMap((f) => [
        `${f} clean`,
        `${f} gray`,
        `${f} pca-masked 10`,
        `${f} pca-masked 50`,
        `${f} pca 10`,
        `${f} pca 50`,
      ]),
    );
    for (const r of done.rows) {
      expect(r.accuracy).not.toBeNull();
      expect(r.accuracy).toBeGreaterThanOrEqual(0);
      expect(r.accuracy).toBeLessThanOrEqual(1);
    }
    const clean = done.rows.filter((r) => r.method === 'clean');
    expect(clean.every((r) => r.mse === 0)).toBe(true);
    const progress = sent.flatMap((m) => (m.type === 'progress' ? [m.progress.done] : []));
    expect(progress.at(-1)).toBe(2 * 5 * 20);
    expect(progress.every((d, i) => i === 0 || d > progress[i - 1])).toBe(true);
  });

  it('fails in words when a chosen method has no model', async () => {
    const sent: FromEvalWorker[] = [];
    const req: EvalRequest = { methods: ['regressor'], families: ['holes'], n: 5, dList: [] };
    await expect(runEvalJob(req, models(), test, (m) => sent.push(m))).rejects.toThrow(
      'no regressor model is loaded for Regressor (L2)',
    );
  });
});

describe('resultRow', () => {
  it('names the reference rows by role and turns a missing accuracy into null', () => {
    expect(resultRow({ method: 'clean (ceiling)', family: 'holes', mse: 0, psnr: Infinity, accuracy: 0.9 })).toEqual({
      method: 'clean',
      family: 'holes',
      mse: 0,
      accuracy: 0.9,
    });
    expect(resultRow({ method: 'gray patch (floor)', family: 'holes', mse: 0.2, psnr: 7, accuracy: NaN })).toEqual({
      method: 'gray',
      family: 'holes',
      mse: 0.2,
      accuracy: null,
    });
    expect(resultRow({ method: 'pca', family: 'half', d: 10, mse: 0.05, psnr: 13, accuracy: 0.5 })).toMatchObject({
      method: 'pca',
      d: 10,
    });
  });
});
