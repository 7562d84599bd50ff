// What the training strip shows: the same 8 test digits with their center-gray patch, inpainted by the
// generator being trained. One batched predict of 8 images, a few times a second: cheap beside a step.
import type * as tf from '@tensorflow/tfjs';
import type { MethodId, TrainPreview } from '../../../../shared/contract';
import { hostBatch, type DigitSplit } from '../data/batches';
import { createNetInpainter } from './ebm-inpainter';

/** Always these test digits, so the strip shows the model changing, not new digits. */
export const PREVIEW_INDICES = [0, 1, 2, 3, 4, 7, 8, 18];
/** The patch seed the preview's center-gray masks come from (fixed, like the digits). */
export const PREVIEW_PATCH_SEED = 1;
/** Shortest gap between two previews. */
export const PREVIEW_INTERVAL_MS = 300;

/** A function that inpaints the preview digits with `generator` as it is right now. */
export function previewer(generator: tf.LayersModel, id: MethodId, test: DigitSplit): () => TrainPreview {
  const indices = PREVIEW_INDICES.filter((i) => i < test.n);
  const batch = hostBatch(test, indices, PREVIEW_PATCH_SEED);
  const inpainter = createNetInpainter(generator, id);
  const masks = Array.from(batch.masks);
  return () => {
    const out = inpainter.inpaint(batch.corrupted, batch.masks, indices.length);
    return { indices, images: Array.from(out, (v) => Math.round(Math.min(1, Math.max(0, v)) * 255)), masks };
  };
}

/** Wraps a progress callback: every PREVIEW_INTERVAL_MS (and at the last step) an update carries a preview. */
export function withPreview<U extends { step: number; totalSteps: number; preview?: TrainPreview }>(
  onProgress: ((u: U) => void) | undefined,
  preview: () => TrainPreview,
  now: () => number = () => performance.now(),
  intervalMs = PREVIEW_INTERVAL_MS,
): ((u: U) => void) | undefined {
  if (!onProgress) return undefined;
  let last = -Infinity;
  return (u) => {
    const t = now();
    if (t - last >= intervalMs || u.step >= u.totalSteps) {
      last = t;
      onProgress({ ...u, preview: preview() });
    } else onProgress(u);
  };
}
