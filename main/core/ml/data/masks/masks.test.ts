import { describe, expect, it } from 'vitest';
import { PIXELS, SIDE } from '../../../../../shared/image';
import { MASK_FAMILY_IDS, MASK_MIXES, type MaskFamilyId } from '../../../../../shared/masks';
import { centerGrayMasks, centerGrayPatch } from '../protocol';
import { missingCount } from './draw';
import { familyFor, masksFor, type MaskSource } from './mixer';

const N = 2000;
const indices = Uint32Array.from({ length: N }, (_, i) => i);

/** Per-mask missing fractions of N masks. */
function fractions(source: MaskSource, seed: number): number[] {
  const masks = masksFor(source, seed, indices);
  return Array.from({ length: N }, (_, b) => missingCount(masks, b * PIXELS) / PIXELS);
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

// [min, max] of one mask's missing fraction, and the range the mean over 2,000 masks must fall in.
const EXPECTED: Record<MaskFamilyId, { min: number; max: number; mean: [number, number] }> = {
  'center-gray': { min: 64 / PIXELS, max: 196 / PIXELS, mean: [0.14, 0.17] },
  rectangles: { min: 4 / PIXELS, max: 0.75, mean: [0.15, 0.22] },
  strokes: { min: 0.005, max: 0.6, mean: [0.16, 0.24] },
  holes: { min: 0.005, max: 0.3, mean: [0.09, 0.14] },
  half: { min: (7 * SIDE) / PIXELS, max: (18 * SIDE) / PIXELS, mean: [0.42, 0.48] },
  union: { min: 0.01, max: 0.9, mean: [0.3, 0.4] },
};

describe('mask families', () => {
  const summary: string[] = [];
  for (const id of MASK_FAMILY_IDS) {
    it(`${id}: bounds, coverage and determinism`, () => {
      const f = fractions(id, 11);
      const m = mean(f);
      summary.push(
        `${id}: mean missing ${m.toFixed(3)} (min ${Math.min(...f).toFixed(3)}, max ${Math.max(...f).toFixed(3)})`,
      );
      console.log(summary.at(-1));
      expect(Math.min(...f)).toBeGreaterThanOrEqual(EXPECTED[id].min);
      expect(Math.max(...f)).toBeLessThanOrEqual(EXPECTED[id].max);
      expect(m).toBeGreaterThanOrEqual(EXPECTED[id].mean[0]);
      expect(m).toBeLessThanOrEqual(EXPECTED[id].mean[1]);
      // Entries are 0/1 only.
      const masks = masksFor(id, 11, indices.subarray(0, 50));
      expect(masks.every((v) => v === 0 || v === 1)).toBe(true);
      // Same (seed, index) → same mask, whatever the batch; another seed → other masks.
      const alone = masksFor(id, 11, [37]);
      expect(Array.from(alone)).toEqual(Array.from(masks.subarray(37 * PIXELS, 38 * PIXELS)));
      const other = masksFor(id, 12, indices.subarray(0, 50));
      expect(Array.from(other)).not.toEqual(Array.from(masks));
    });
  }

  it('center-gray is exactly the protocol of protocol.ts (and the `center` mix too)', () => {
    const idx = [0, 5, 99, 12345];
    expect(Array.from(masksFor('center-gray', 7, idx))).toEqual(Array.from(centerGrayMasks(7, idx)));
    expect(Array.from(masksFor('center', 7, idx))).toEqual(Array.from(centerGrayMasks(7, idx)));
    const p = centerGrayPatch(7, 5);
    expect(p.bottom - p.top).toBeGreaterThanOrEqual(8);
  });

  it('rectangles reach the border and include large ones; halves touch one edge', () => {
    const masks = masksFor('rectangles', 3, indices);
    let cut = 0;
    let large = 0;
    for (let b = 0; b < N; b++) {
      const o = b * PIXELS;
      const edge = [0, SIDE - 1].some((k) => {
        for (let j = 0; j < SIDE; j++) if (masks[o + k * SIDE + j] || masks[o + j * SIDE + k]) return true;
        return false;
      });
      if (edge) cut++;
      if (missingCount(masks, o) > 0.4 * PIXELS) large++;
    }
    expect(cut / N).toBeGreaterThan(0.2);
    expect(large / N).toBeGreaterThan(0.05);
  });

  it('mixes draw from their families in roughly equal shares', () => {
    for (const mix of MASK_MIXES) {
      const counts = new Map<string, number>();
      for (let i = 0; i < 3000; i++) {
        const id = familyFor(mix, 5, i).id;
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      const expected = mix === 'center' ? 1 : mix === 'free' ? 5 : 6;
      expect(counts.size).toBe(expected);
      if (mix === 'free') expect(counts.has('center-gray')).toBe(false);
      for (const c of counts.values()) expect(c / 3000).toBeGreaterThan(0.7 / expected);
      console.log(`${mix}: mean missing ${mean(fractions(mix, 5)).toFixed(3)}`);
    }
  });

  it('unknown sources are a clear error', () => {
    expect(() => masksFor('blobs' as MaskSource, 1, [0])).toThrow(/unknown mask source "blobs"/);
  });
});
