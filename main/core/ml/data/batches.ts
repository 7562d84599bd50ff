// Training batches made on the fly from a uint8 dataset: seeded order per epoch, fresh seeded
// masks per batch (a family or a mix, see masks/). The dataset stays uint8; only one float32 batch exists at a time.
import * as tf from '@tensorflow/tfjs';
import { gatherFloat, GRAY, PIXELS } from '../../../../shared/image';
import { masksFor, type MaskSource } from './masks/mixer';
import { mixSeed, mulberry32, permutation } from './random';
import type { BatchTensors } from '../ebm/ebm-step';

/** What the trainers need of a dataset split (H1's DigitSet fits this shape). */
export interface DigitSplit {
  images: Uint8Array;
  labels: Uint8Array;
  n: number;
}
export interface TrainData {
  name: string;
  train: DigitSplit;
  test: DigitSplit;
}

/** Seeded order of the first n images for an epoch: the same (seed, epoch) → the same order. */
export function epochOrder(n: number, seed: number, epoch: number): Uint32Array {
  return permutation(n, mulberry32(mixSeed(seed, 0x5eed0000 + epoch)));
}

/** The patch seed of a training step: derived from the run's seed and the global step. */
export function stepPatchSeed(seed: number, step: number): number {
  return mixSeed(mixSeed(seed, 0x9a7c4), step);
}

/** A batch in plain arrays: clean and corrupted images (n×784 in [0,1]) and masks (1 = missing). */
export interface HostBatch {
  n: number;
  clean: Float32Array;
  corrupted: Float32Array;
  masks: Uint8Array;
  labels: Uint8Array;
}

/** `masks`: the family or mix the missing regions come from (default: the protocol's center-gray squares). */
export function hostBatch(
  split: DigitSplit,
  indices: ArrayLike<number>,
  patchSeed: number,
  masks: MaskSource = 'center-gray',
): HostBatch {
  const n = indices.length;
  const clean = gatherFloat(split.images, indices);
  const missing = masksFor(masks, patchSeed, indices);
  const corrupted = new Float32Array(clean.length);
  for (let i = 0; i < clean.length; i++) corrupted[i] = missing[i] ? GRAY : clean[i];
  const labels = new Uint8Array(n);
  for (let b = 0; b < n; b++) labels[b] = split.labels[indices[b]];
  return { n, clean, corrupted, masks: missing, labels };
}

/** The same batch as tensors; the caller disposes them (disposeBatch). */
export function batchTensors(b: HostBatch): BatchTensors {
  return {
    clean: tf.tensor2d(b.clean, [b.n, PIXELS]),
    corrupted: tf.tensor2d(b.corrupted, [b.n, PIXELS]),
    mask: tf.tensor2d(Float32Array.from(b.masks), [b.n, PIXELS]),
  };
}

export function disposeBatch(b: BatchTensors): void {
  tf.dispose([b.clean, b.corrupted, b.mask]);
}
