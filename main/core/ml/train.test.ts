import { describe, expect, it } from 'vitest';
import type { ProgressUpdate } from './model-files';
import { isCancelled, runTrainingLoop } from './train';

const busy = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};

describe('runTrainingLoop', () => {
  it('visits every image once per epoch in a seeded order and drops the partial last batch', async () => {
    const seen: number[][] = [];
    const r = await runTrainingLoop({
      n: 10,
      batchSize: 3,
      epochs: 2,
      seed: 1,
      step: (idx) => (seen.push([...idx]), { loss: 1 }),
    });
    expect(r.steps).toBe(6);
    const epoch1 = seen.slice(0, 3).flat();
    expect(new Set(epoch1).size).toBe(9);
    expect(seen.slice(3).flat()).not.toEqual(epoch1);
    const again: number[][] = [];
    await runTrainingLoop({
      n: 10,
      batchSize: 3,
      epochs: 2,
      seed: 1,
      step: (idx) => (again.push([...idx]), { loss: 1 }),
    });
    expect(again).toEqual(seen);
  });

  it('rate-limits progress to at most 20 events per second and always reports the last step', async () => {
    const events: ProgressUpdate[] = [];
    const t0 = performance.now();
    await runTrainingLoop({
      n: 400,
      batchSize: 1,
      epochs: 1,
      seed: 2,
      step: () => (busy(1), { loss: 0.5 }),
      onProgress: (p) => events.push(p),
    });
    const seconds = (performance.now() - t0) / 1000;
    expect(events.length).toBeLessThanOrEqual(Math.ceil(seconds * 20) + 1);
    expect(events.at(-1)!.step).toBe(400);
    expect(events.at(-1)!.etaSeconds).toBe(0);
  });

  it('stops before the next batch once the signal aborts', async () => {
    const controller = new AbortController();
    let steps = 0;
    const err = await runTrainingLoop({
      n: 100,
      batchSize: 10,
      epochs: 3,
      seed: 3,
      signal: controller.signal,
      step: () => {
        if (++steps === 4) controller.abort();
        return { loss: 1 };
      },
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isCancelled(err)).toBe(true);
    expect(steps).toBe(4);
  });

  it('stops on a non-finite loss with a message naming the step', async () => {
    let steps = 0;
    const err = await runTrainingLoop({
      n: 50,
      batchSize: 5,
      epochs: 1,
      seed: 4,
      step: () => ({ loss: ++steps === 3 ? NaN : 1 }),
    }).then(
      () => null,
      (e: Error) => e,
    );
    expect(err?.message).toBe(
      'training stopped: the loss became NaN at step 3 (epoch 1); nothing was saved — try a lower learning rate',
    );
  });

  it('downsamples the curve to at most the asked number of points', async () => {
    const r = await runTrainingLoop({
      n: 1000,
      batchSize: 1,
      epochs: 1,
      seed: 5,
      maxCurvePoints: 50,
      step: (_, s) => ({ loss: s }),
    });
    expect(r.curve.length).toBeLessThanOrEqual(50);
    expect(r.curve[0]).toEqual({ step: 20, loss: 9.5 });
    expect(r.curve.at(-1)!.step).toBe(1000);
  });

  it('rejects nonsense sizes', async () => {
    await expect(
      runTrainingLoop({ n: 10, batchSize: 0, epochs: 1, seed: 1, step: () => ({ loss: 1 }) }),
    ).rejects.toThrow(/batch size/);
    await expect(
      runTrainingLoop({ n: 10, batchSize: 2, epochs: 0, seed: 1, step: () => ({ loss: 1 }) }),
    ).rejects.toThrow(/epochs/);
  });
});
