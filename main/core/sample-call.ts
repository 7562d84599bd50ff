// A dataset digit with a center-gray patch, for the UI's "load a test digit".
import type { Sample, SampleRequest } from '../../shared/contract';
import { toFloatBatch } from '../../shared/image';
import type { Dataset } from './ml/data/mnist';
import { applyMask, centerGrayMasks } from './ml/data/protocol';

/** `randomBelow(max)` picks random indices and seeds when the request leaves them out. */
export function sampleDigit(data: Dataset, req: SampleRequest, randomBelow: (max: number) => number): Sample {
  const set = req.split === 'train' ? data.train : data.test;
  const index = req.index ?? randomBelow(set.n);
  if (!Number.isInteger(index) || index < 0 || index >= set.n) throw new Error(`index must be in 0..${set.n - 1}`);
  const patchSeed = req.patchSeed ?? randomBelow(2 ** 31);
  const original = toFloatBatch(set.images, index, 1);
  const mask = centerGrayMasks(patchSeed, [index]);
  const corrupted = applyMask(original.slice(), mask);
  return {
    split: req.split,
    index,
    label: set.labels[index],
    patchSeed,
    original: Array.from(original),
    mask: Array.from(mask),
    corrupted: Array.from(corrupted),
  };
}
