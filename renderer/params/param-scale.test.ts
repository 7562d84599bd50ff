import { describe, expect, it } from 'vitest';
import { methodInfo } from '../../shared/methods';
import { checkParam, nearestStop, sliderStops } from './param-scale';

const d = methodInfo('pca').params.d;

describe('sliderStops', () => {
  it('spans the range, every stop a different whole number, small values getting most of the track', () => {
    const stops = sliderStops(d);
    expect(stops[0]).toBe(1);
    expect(stops[stops.length - 1]).toBe(784);
    for (let i = 1; i < stops.length; i++) expect(stops[i]).toBeGreaterThan(stops[i - 1]);
    expect(stops.every(Number.isInteger)).toBe(true);
    // d ≤ 100 gets more than half of the track (a linear slider gave it 13 %).
    expect(stops.filter((v) => v <= 100).length / stops.length).toBeGreaterThan(0.5);
  });

  it('finds the stop nearest a typed value', () => {
    const stops = sliderStops(d);
    expect(stops[nearestStop(stops, 1)]).toBe(1);
    expect(stops[nearestStop(stops, 784)]).toBe(784);
    expect(Math.abs(stops[nearestStop(stops, 400)] - 400)).toBeLessThan(15);
  });
});

describe('checkParam', () => {
  it('takes whole numbers in range', () => {
    expect(checkParam(d, ' 15 ')).toEqual({ ok: true, value: 15 });
    expect(checkParam(d, '784')).toEqual({ ok: true, value: 784 });
  });

  it('refuses 0, negatives, too large, fractions, empty and text, in words', () => {
    for (const bad of ['0', '-3', '5000', '12.5', '', 'abc']) {
      const r = checkParam(d, bad);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) {
        expect(r.message).toContain('a whole number from 1 to 784');
        expect(r.message).not.toMatch(/expected|schema|invalid/i);
      }
    }
  });
});
