import { describe, expect, it } from 'vitest';
import { EnergyScaleCache, energyScaleOf, type EnergyFn } from './energy-scale';
import { PIXELS } from '../../shared/image';

// E of image k = its first pixel × 100: the scale's quantiles are then known exactly.
const energy: EnergyFn = (x, n) => Float32Array.from({ length: n }, (_, k) => x[k * PIXELS] * 100);
function images(n: number): Float32Array {
  const out = new Float32Array(n * PIXELS);
  for (let k = 0; k < n; k++) out[k * PIXELS] = k / (n - 1);
  return out;
}

describe('energy scale', () => {
  it('gives the 5th percentile, median and 95th percentile of E over the digits', () => {
    const s = energyScaleOf(energy, images(101), 101);
    expect(s.low).toBeCloseTo(5, 3);
    expect(s.median).toBeCloseTo(50, 3);
    expect(s.high).toBeCloseTo(95, 3);
    expect(s.n).toBe(101);
  });

  it('computes once per energy network and again for a new one; none without a network', () => {
    let asked = 0;
    const cache = new EnergyScaleCache(() => {
      asked++;
      return { images: images(11), n: 11 };
    });
    const netA = {};
    expect(cache.get(netA, energy)?.median).toBeCloseTo(50, 3);
    cache.get(netA, energy);
    expect(asked).toBe(1);
    cache.get({}, energy);
    expect(asked).toBe(2);
    expect(cache.get(undefined, undefined)).toBeNull();
  });
});
