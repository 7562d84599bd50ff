import { describe, expect, it } from 'vitest';
import { PIXELS } from '../../shared/image';
import type { Dataset } from './ml/data/mnist';
import { centerGrayMasks } from './ml/data/protocol';
import { sampleDigit } from './sample-call';

/** Three train and two test "digits": image k of a split is filled with the value base + k. */
function fakeDataset(): Dataset {
  const split = (n: number, base: number) => ({
    images: Uint8Array.from({ length: n * PIXELS }, (_, i) => base + Math.floor(i / PIXELS)),
    labels: Uint8Array.from({ length: n }, (_, k) => (base + k) % 10),
    n,
  });
  return { name: 'fake', source: '/fake', train: split(3, 10), test: split(2, 200) };
}

describe('sampleDigit', () => {
  const data = fakeDataset();
  const never = () => {
    throw new Error('randomBelow must not be called when index and patchSeed are given');
  };

  it('returns the requested digit of the requested split with the protocol patch of (seed, index)', () => {
    const s = sampleDigit(data, { split: 'test', index: 1, patchSeed: 77 }, never);
    expect(s).toMatchObject({ split: 'test', index: 1, label: 1, patchSeed: 77 });
    expect(new Set(s.original)).toEqual(new Set([Math.fround(201 / 255)]));
    expect(s.mask).toEqual(Array.from(centerGrayMasks(77, [1])));
    s.mask.forEach((m, i) => expect(s.corrupted[i]).toBe(m ? 0.5 : s.original[i]));
    const train = sampleDigit(data, { split: 'train', index: 1, patchSeed: 77 }, never);
    expect(train.original[0]).toBe(Math.fround(11 / 255));
  });

  it('draws index and seed from randomBelow when they are left out', () => {
    const asked: number[] = [];
    const s = sampleDigit(data, { split: 'train' }, (max) => (asked.push(max), max - 1));
    expect(asked).toEqual([3, 2 ** 31]);
    expect(s.index).toBe(2);
    expect(s.patchSeed).toBe(2 ** 31 - 1);
  });

  it('rejects an index outside the split with the valid range', () => {
    for (const index of [-1, 2, 0.5, NaN]) {
      expect(() => sampleDigit(data, { split: 'test', index, patchSeed: 1 }, never)).toThrow('index must be in 0..1');
    }
  });
});
