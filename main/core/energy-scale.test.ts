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

  it('computes once per energy model and again for a new one; none without a model or a network', async () => {
    let asked = 0;
    const cache = new EnergyScaleCache(() => {
      asked++;
      return { images: images(11), n: 11 };
    });
    const energies = async (x: Float32Array, n: number) => energy(x, n);
    expect((await cache.get('gen-a', energies))?.median).toBeCloseTo(50, 3);
    await cache.get('gen-a', energies);
    expect(asked).toBe(1);
    await cache.get('gen-b', energies);
    expect(asked).toBe(2);
    expect(await cache.get(undefined, energies)).toBeNull();
    expect(await cache.get('gen-c', async () => null)).toBeNull();
  });
});
