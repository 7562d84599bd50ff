// The training-set holdout the sheet's models choose their settings on (never the test images): the last
// images of the training split, which their training runs never see.
import type { DigitSplit } from './batches';
import { PIXELS } from '../../../../shared/image';

/** Up to 5,000 images, at most a tenth of the split. */
export function holdoutSize(n: number): number {
  return Math.min(5000, Math.floor(n / 10));
}

/** The holdout (the last holdoutSize images) as its own split. */
export function holdoutSplit(split: DigitSplit): DigitSplit {
  const h = holdoutSize(split.n);
  const start = split.n - h;
  return { images: split.images.subarray(start * PIXELS), labels: split.labels.subarray(start), n: h };
}

/** How many leading images a run may train on: the request's subset, never reaching into the holdout. */
export function trainableCount(split: DigitSplit, subset?: number): number {
  return Math.min(subset ?? split.n, split.n - holdoutSize(split.n));
}
