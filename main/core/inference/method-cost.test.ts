import { describe, expect, it } from 'vitest';
import { methodCost, splitByCost } from './method-cost';

describe('methodCost', () => {
  it('grows the CRBM with its Gibbs steps, per-method params first', () => {
    const at50 = methodCost('crbm', {});
    expect(methodCost('crbm', { params: { steps: 50 } })).toBe(at50);
    expect(methodCost('crbm', { params: { steps: 500 } })).toBeGreaterThan(9 * at50);
    expect(methodCost('crbm', { params: { steps: 500 }, methodParams: { crbm: { steps: 50 } } })).toBe(at50);
    expect(at50).toBeGreaterThan(methodCost('generator', {}));
  });

  it('adds the refinement steps to every method alike', () => {
    const refine = { energy: 'generator' as const, steps: 10 };
    expect(methodCost('pca', { refine }) - methodCost('pca', {})).toBeCloseTo(
      methodCost('generator', { refine }) - methodCost('generator', {}),
      9,
    );
  });

  it('costs 1 for a method it does not know', () => {
    expect(methodCost('not-a-method' as never, {})).toBe(1);
  });
});

describe('splitByCost', () => {
  it('gives every method to exactly one worker, each share in request order', () => {
    const { shares } = splitByCost([0.2, 0.7, 1.9, 1.8, 2.2, 4.1], 2);
    expect(shares.flat().sort()).toEqual([0, 1, 2, 3, 4, 5]);
    for (const s of shares) expect(s).toEqual([...s].sort((a, b) => a - b));
  });

  it('balances the work of the six methods', () => {
    const methods = ['pca', 'pca-masked', 'generator', 'regressor', 'mdn', 'crbm'] as const;
    const costs = methods.map((m) => methodCost(m, {}));
    const { shares, judge } = splitByCost(costs, 2);
    const sums = shares.map((s) => s.reduce((a, i) => a + costs[i], 0));
    const total = sums[0] + sums[1];
    expect(Math.max(...sums)).toBeLessThan(0.55 * total);
    expect(sums[judge]).toBe(Math.min(...sums)); // the lighter side also judges the input
  });

  it('leaves a worker idle when there is one method, and lets it judge the input meanwhile', () => {
    expect(splitByCost([4.1], 2)).toEqual({ shares: [[0], []], judge: 1 });
  });

  it('keeps everything on one worker when there is one', () => {
    expect(splitByCost([1, 2, 3], 1)).toEqual({ shares: [[0, 1, 2]], judge: 0 });
    expect(splitByCost([], 2)).toEqual({ shares: [[], []], judge: 0 });
  });
});
