import { describe, expect, it } from 'vitest';
import { smooth } from './smooth';

describe('smooth', () => {
  it('keeps a constant curve, starts at the first value, and damps noise', () => {
    for (const p of smooth(
      [3, 3, 3].map((y, x) => ({ x, y })),
      0.2,
    ))
      expect(p.y).toBeCloseTo(3, 12);
    const noisy = Array.from({ length: 200 }, (_, x) => ({ x, y: x % 2 ? 1 : 0 }));
    const s = smooth(noisy, 0.1);
    expect(s[0].y).toBe(0);
    expect(Math.abs(s[199].y - 0.5)).toBeLessThan(0.06);
    expect(s.map((p) => p.x)).toEqual(noisy.map((p) => p.x));
  });
});
