// The real eval process, built from its entry: it evaluates the models it is handed, and a cancel ends it.
import { beforeAll, describe, expect, it } from 'vitest';
import type { EvalEvent } from '../../../shared/contract';
import { shippedFiles } from '../ml/test-fixtures';
import { EvalRunner } from './eval-runner';
import { buildEvalWorker } from './test-workers/build-worker';

let workerPath: string;
beforeAll(async () => {
  workerPath = await buildEvalWorker('eval-worker');
}, 120_000);

function runner() {
  const events: EvalEvent[] = [];
  const waiters = new Set<() => void>();
  const r = new EvalRunner({
    workerPath,
    log: () => {},
    env: { INPAINT_BACKEND: 'cpu' },
    emit: (e) => {
      events.push(e);
      for (const w of waiters) w();
    },
  });
  const when = (pred: (e: EvalEvent) => boolean) =>
    new Promise<EvalEvent>((resolve) => {
      const check = () => {
        const e = events.find(pred);
        if (e) resolve(e);
      };
      waiters.add(check);
      check();
    });
  return { r, events, when };
}

const pca = () => [{ tag: { kind: 'pca' as const, id: 'pca-default' }, files: shippedFiles('pca') }];

describe('eval-worker', () => {
  it('runs a tiny eval of the shipped PCA and answers its rows', async () => {
    const { r, when } = runner();
    const id = r.start({ methods: ['pca'], families: ['holes'], n: 10, dList: [10, 20] }, pca());
    const end = await when((e) => e.type !== 'progress');
    if (end.type !== 'done') throw new Error(JSON.stringify(end));
    expect(end.jobId).toBe(id);
    expect(end.rows.map((r) => `${r.method}${r.d ?? ''}`)).toEqual(['clean', 'gray', 'pca10', 'pca20']);
    // No classifier was handed over: accuracy is absent, not a made-up number.
    expect(end.rows.every((r) => r.accuracy === null)).toBe(true);
    expect(end.rows[2].mse).toBeLessThan(end.rows[1].mse);
  });

  it('a cancel during a large run ends the process', async () => {
    const { r, events, when } = runner();
    const id = r.start(
      { methods: ['pca-masked'], families: ['center-gray', 'half'], n: 10_000, dList: [400, 784] },
      pca(),
    );
    await when((e) => e.type === 'progress');
    expect(r.cancel(id)).toBe(true);
    expect(events.at(-1)).toEqual({ type: 'cancelled', jobId: id });
    expect(r.status()).toBeNull();
    expect(events.filter((e) => e.type !== 'progress')).toHaveLength(1);
  });
});
