// The masks the sheet's models (MDN, CRBM) train on: the any-mask work's mix (all six families in equal
// shares) unless the request names another, behind this one function.
import { DEFAULT_MASK_MIX, type MaskMix } from '../../../../shared/masks';
import { hostBatch, type DigitSplit, type HostBatch } from './batches';

/** The mix a request trains on. */
export function trainingMasks(req: { masks?: MaskMix }): MaskMix {
  return req.masks ?? DEFAULT_MASK_MIX;
}

/** A training batch of the images `indices` under the mask mix, seeded by `seed`. */
export function trainingBatch(split: DigitSplit, indices: ArrayLike<number>, seed: number, masks: MaskMix): HostBatch {
  return hostBatch(split, indices, seed, masks);
}
