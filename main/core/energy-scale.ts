// The scale to read an energy against: E of real test digits under the active energy network, computed
// once per network (a few hundred digits, one batched call) and answered with every inpainting.
import type { EnergyScale } from '../../shared/contract';
import { PIXELS } from '../../shared/image';

export type EnergyFn = (images: Float32Array, n: number) => Float32Array;

/** How many test digits (the first ones of the test set) the scale is measured on. */
export const SCALE_DIGITS = 500;

function quantile(sorted: Float32Array, q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** 5th percentile, median and 95th percentile of E over `n` images (n×784 floats in [0,1]). */
export function energyScaleOf(energy: EnergyFn, images: Float32Array, n: number): EnergyScale {
  if (n < 1 || images.length < n * PIXELS) throw new Error('energy scale needs at least one image');
  const e = Float32Array.from(energy(images.subarray(0, n * PIXELS), n)).sort();
  return { low: quantile(e, 0.05), median: quantile(e, 0.5), high: quantile(e, 0.95), n };
}

/** Remembers the scale of the last energy network it was asked about (keyed by that model's id). */
export class EnergyScaleCache {
  private key: string | null = null;
  private value: Promise<EnergyScale | null> | null = null;

  constructor(private readonly digits: () => { images: Float32Array; n: number }) {}

  /** `energies` answers null when no energy network is loaded; the scale is measured once per model id. */
  get(
    key: string | undefined,
    energies: (images: Float32Array, n: number) => Promise<Float32Array | null>,
  ): Promise<EnergyScale | null> {
    if (!key) return Promise.resolve(null);
    if (this.key !== key || !this.value) {
      const { images, n } = this.digits();
      this.key = key;
      this.value = energies(images, n).then((e) => (e ? energyScaleOf(() => e, images, n) : null));
      // A failed measurement is not remembered: the next request asks again.
      this.value.catch(() => {
        if (this.key === key) this.value = null;
      });
    }
    return this.value;
  }
}
