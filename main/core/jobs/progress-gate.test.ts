import { describe, expect, it } from 'vitest';
import type { ProgressUpdate } from '../ml/model-files';
import { ProgressGate } from './progress-gate';

const update = (step: number, totalSteps = 500, extra: Partial<ProgressUpdate> = {}): ProgressUpdate => ({
  epoch: 1,
  epochs: 1,
  step,
  totalSteps,
  loss: 0.5,
  examplesPerSec: 10,
  etaSeconds: 3,
  ...extra,
});

describe('ProgressGate', () => {
  it('admits one update per 50 ms of a 1 ms stream, and always the final step', () => {
    let now = 0;
    const gate = new ProgressGate(50, () => now);
    const admitted: [number, number][] = [];
    for (let s = 1; s <= 500; s++, now++) if (gate.admit(update(s))) admitted.push([now, s]);
    expect(admitted.map(([t]) => t)).toEqual([0, 50, 100, 150, 200, 250, 300, 350, 400, 450, 499]);
    expect(admitted.at(-1)).toEqual([499, 500]);
  });

  it('drops repeated and earlier steps', () => {
    let now = 0;
    const gate = new ProgressGate(50, () => (now += 100));
    expect([5, 5, 4, 6, 1, 7].map((s) => gate.admit(update(s)))).toEqual([true, false, false, true, false, true]);
  });

  it('drops any update with a non-finite or missing number, and admits the next good one', () => {
    let now = 0;
    const gate = new ProgressGate(50, () => (now += 100));
    const bad: ProgressUpdate[] = [
      update(1, 10, { loss: NaN }),
      update(1, 10, { etaSeconds: Infinity }),
      update(1, 10, { examplesPerSec: -Infinity }),
      update(1, 10, { energyReal: NaN, energyFake: 1 }),
      update(1, 10, { energyFake: Infinity }),
      update(NaN, 10),
      update(1, NaN),
      { ...update(1, 10), epoch: undefined } as unknown as ProgressUpdate,
      null as unknown as ProgressUpdate,
    ];
    expect(bad.map((u) => gate.admit(u))).toEqual(bad.map(() => false));
    expect(gate.admit(update(1, 10, { energyReal: -1, energyFake: 2 }))).toBe(true);
  });
});
