// The center-gray perturbation of PROTOCOL.md, seeded: (seed, image index) → always the same patch.
import { GRAY, PIXELS, SIDE } from '../../../../shared/image';
import { mixSeed, mulberry32, randInt } from './random';

export interface Patch {
  top: number; // first row (after clipping)
  left: number; // first column (after clipping)
  bottom: number; // one past the last row
  right: number; // one past the last column
}

/** The patch for image `index` under `seed`: h, w ∈ [8,14]; centre 14 + [-4,4]; clipped to the image. */
export function centerGrayPatch(seed: number, index: number): Patch {
  const rand = mulberry32(mixSeed(seed, index));
  const h = randInt(rand, 8, 14);
  const w = randInt(rand, 8, 14);
  const cy = 14 + randInt(rand, -4, 4);
  const cx = 14 + randInt(rand, -4, 4);
  const top = cy - Math.floor(h / 2);
  const left = cx - Math.floor(w / 2);
  return {
    top: Math.max(0, top),
    left: Math.max(0, left),
    bottom: Math.min(SIDE, top + h),
    right: Math.min(SIDE, left + w),
  };
}

/** Write the patch of image `index` into `mask` (784 entries at `offset`), 1 = missing. */
export function writePatchMask(patch: Patch, mask: Uint8Array, offset = 0): void {
  for (let r = patch.top; r < patch.bottom; r++) {
    mask.fill(1, offset + r * SIDE + patch.left, offset + r * SIDE + patch.right);
  }
}

/** Set missing pixels to gray in place: the corrupted image the methods receive. */
export function applyMask(images: Float32Array, masks: Uint8Array): Float32Array {
  for (let i = 0; i < images.length; i++) if (masks[i]) images[i] = GRAY;
  return images;
}

/**
 * Masks for a batch of n images whose dataset indices are `indices` (so the patch of an image
 * depends only on (seed, index), not on its batch).
 */
export function centerGrayMasks(seed: number, indices: ArrayLike<number>): Uint8Array {
  const masks = new Uint8Array(indices.length * PIXELS);
  for (let b = 0; b < indices.length; b++) writePatchMask(centerGrayPatch(seed, indices[b]), masks, b * PIXELS);
  return masks;
}
