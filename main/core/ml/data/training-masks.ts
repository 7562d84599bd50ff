// The masks the sheet's models (MDN, CRBM) train on, behind one function so the free-form mask mix can
// replace the center-gray protocol here alone when it lands (main/core/ml/data/masks/, the any-mask work).
import { hostBatch, type DigitSplit, type HostBatch } from './batches';

/** Name of the mask family the sheet's models are trained on (recorded in their metadata). */
export const TRAINING_MASKS = 'center-gray';

/** A training batch of the images `indices` under the training mask mix, seeded by `seed`. */
export function trainingBatch(split: DigitSplit, indices: ArrayLike<number>, seed: number): HostBatch {
  return hostBatch(split, indices, seed);
}
