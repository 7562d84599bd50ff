// Evaluation on the test set under a mask family (default the center-gray protocol): MSE/PSNR over the missing
// pixels and the classifier's accuracy on the inpainted images, with clean (ceiling) and corrupted (floor) accuracies.
import type { MethodParams } from '../../../shared/contract';
import { hostBatch, type DigitSplit, type HostBatch } from './data/batches';
import type { MaskSource } from './data/masks/mixer';
import { createNetInpainter } from './ebm/ebm-inpainter';
import { GENERATOR_PREFIX } from './ebm/ebm-train';
import type { Inpainter } from './inpainter';
import { argmaxRows, maskedSquaredError, psnr } from '../../../shared/metrics';
import type { ModelFiles } from './model-files';
import { layersModelFromFiles } from './tf/tf-io';

export interface EvalRow {
  method: string;
  /** The mask family the row was measured on (absent: center-gray). */
  family?: string;
  d?: number;
  mse: number;
  psnr: number;
  /** Classifier accuracy on the inpainted images; NaN when no classifier was given. */
  accuracy: number;
  /** Mean of min(p, 1 − p) over the missing pixels: 0 = every pixel black or white, 0.5 = all gray. */
  sharp?: number;
  /** The MDN answer rule the row measured (rows of the MDN's rule variants). */
  rule?: string;
}
export type Classify = (images: Float32Array, n: number) => Float32Array;
export interface EvalOptions {
  /** Number of test images (the first n). */
  n: number;
  /** Mask seed: image i gets the mask of (seed, i) in its family (centerGrayPatch(seed, i) for center-gray). */
  seed: number;
  classify?: Classify;
  /** Images per batch (memory stays bounded). */
  batch?: number;
  /** Mask family of every image (default: the protocol's center-gray squares). */
  masks?: MaskSource;
  /** First image of the split to use (a holdout at the end of the training set). */
  start?: number;
}

/** Test images [start, start+n) with their protocol patches. */
export function testBatch(
  split: DigitSplit,
  start: number,
  n: number,
  seed: number,
  masks: MaskSource = 'center-gray',
): HostBatch {
  return hostBatch(
    split,
    Uint32Array.from({ length: n }, (_, i) => start + i),
    seed,
    masks,
  );
}

function forEachBatch(split: DigitSplit, o: EvalOptions, f: (b: HostBatch) => void): void {
  const start = o.start ?? 0;
  const n = Math.min(o.n, split.n - start);
  const size = o.batch ?? 500;
  for (let s = 0; s < n; s += size) f(testBatch(split, start + s, Math.min(size, n - s), o.seed, o.masks));
}

function correct(classify: Classify, images: Float32Array, labels: Uint8Array): number {
  const predicted = argmaxRows(classify(images, labels.length), labels.length);
  let right = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) right++;
  return right;
}

export function evaluateInpainter(
  inpainter: Inpainter,
  split: DigitSplit,
  o: EvalOptions,
  params?: MethodParams,
): EvalRow {
  let sse = 0;
  let count = 0;
  let right = 0;
  let seen = 0;
  let soft = 0;
  forEachBatch(split, o, (b) => {
    const out = inpainter.inpaint(b.corrupted, b.masks, b.n, params);
    const e = maskedSquaredError(out, b.clean, b.masks);
    sse += e.sse;
    count += e.count;
    for (let i = 0; i < out.length; i++) if (b.masks[i]) soft += Math.min(out[i], 1 - out[i]);
    if (o.classify) right += correct(o.classify, out, b.labels);
    seen += b.n;
  });
  const mse = count ? sse / count : 0;
  return {
    method: inpainter.id,
    ...(params?.d !== undefined ? { d: params.d } : {}),
    mse,
    psnr: psnr(mse),
    accuracy: o.classify && seen ? right / seen : NaN,
    sharp: count ? soft / count : 0,
  };
}

/** Accuracy on the clean images (the ceiling) and on the gray-patched ones (the floor), with the floor's MSE. */
export function referenceRows(split: DigitSplit, o: EvalOptions): { clean: EvalRow; gray: EvalRow } {
  let rightClean = 0;
  let rightGray = 0;
  let sse = 0;
  let count = 0;
  let seen = 0;
  let soft = 0;
  forEachBatch(split, o, (b) => {
    const e = maskedSquaredError(b.corrupted, b.clean, b.masks);
    sse += e.sse;
    count += e.count;
    for (let i = 0; i < b.clean.length; i++) if (b.masks[i]) soft += Math.min(b.clean[i], 1 - b.clean[i]);
    if (o.classify) {
      rightClean += correct(o.classify, b.clean, b.labels);
      rightGray += correct(o.classify, b.corrupted, b.labels);
    }
    seen += b.n;
  });
  const acc = (r: number) => (o.classify && seen ? r / seen : NaN);
  const grayMse = count ? sse / count : 0;
  return {
    clean: {
      method: 'clean (ceiling)',
      mse: 0,
      psnr: Infinity,
      accuracy: acc(rightClean),
      sharp: count ? soft / count : 0,
    },
    gray: { method: 'gray patch (floor)', mse: grayMse, psnr: psnr(grayMse), accuracy: acc(rightGray), sharp: 0.5 },
  };
}

/** Patch MSE of a saved generator/regressor on the first n test images (for training metadata). */
export async function heldOutMse(files: ModelFiles, split: DigitSplit, n: number, seed = 20240601): Promise<number> {
  const g = await layersModelFromFiles(files, GENERATOR_PREFIX);
  try {
    return evaluateInpainter(createNetInpainter(g, 'generator'), split, { n, seed }).mse;
  } finally {
    g.dispose();
  }
}
