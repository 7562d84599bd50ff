// Shared facts about the images every method works on.
export const SIDE = 28;
export const PIXELS = SIDE * SIDE; // 784
/** The gray value the center-gray protocol writes into missing pixels. */
export const GRAY = 0.5;

/** uint8 images [start, start+n) of a dataset → float32 in [0,1]; one batch at a time, never the whole set. */
export function toFloatBatch(images: Uint8Array, start: number, n: number): Float32Array {
  const out = new Float32Array(n * PIXELS);
  const src = images.subarray(start * PIXELS, (start + n) * PIXELS);
  for (let i = 0; i < out.length; i++) out[i] = src[i] / 255;
  return out;
}

/** Float image(s) in [0,1] → uint8 (rounded, clamped), as written to disk. */
export function toUint8(images: Float32Array): Uint8Array {
  const out = new Uint8Array(images.length);
  for (let i = 0; i < images.length; i++) out[i] = Math.round(Math.min(1, Math.max(0, images[i])) * 255);
  return out;
}

/** Gather images by index from a uint8 dataset into one float32 batch. */
export function gatherFloat(images: Uint8Array, indices: ArrayLike<number>): Float32Array {
  const out = new Float32Array(indices.length * PIXELS);
  for (let b = 0; b < indices.length; b++) {
    const src = indices[b] * PIXELS;
    for (let p = 0; p < PIXELS; p++) out[b * PIXELS + p] = images[src + p] / 255;
  }
  return out;
}
