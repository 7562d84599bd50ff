// Small pure facts about 28×28 images that the result panels show.
import { maskedSquaredError } from '../../shared/metrics';

/** The k most probable digits, best first. */
export function topDigits(probs: readonly number[], k = 3): { digit: number; p: number }[] {
  return probs
    .map((p, digit) => ({ digit, p }))
    .sort((a, b) => b.p - a.p || a.digit - b.digit)
    .slice(0, k);
}

/** Mean squared error over the missing pixels (mask 1); null when nothing is missing. */
export function missingMse(
  result: ArrayLike<number>,
  original: ArrayLike<number>,
  mask: ArrayLike<number>,
): number | null {
  // The same measure `cli eval` reports, so the panel and the table agree.
  const { sse, count } = maskedSquaredError(result, original, mask);
  return count ? sse / count : null;
}

/** Cells with at least this much ink (tests compare stroke widths by it). */
export function countInked(image: ArrayLike<number>, threshold = 0.5): number {
  let n = 0;
  for (let i = 0; i < image.length; i++) if (image[i] >= threshold) n++;
  return n;
}

/** A short stable fingerprint of an image quantized to 8 bits (FNV-1a), for data-pixels attributes. */
export function pixelHash(image: ArrayLike<number>): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < image.length; i++) {
    h ^= Math.round(Math.min(1, Math.max(0, image[i])) * 255);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** Grayscale image → RGBA bytes (white ink on black, as MNIST). */
export function toRgba(image: ArrayLike<number>): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(image.length * 4);
  for (let i = 0; i < image.length; i++) {
    const v = Math.round(Math.min(1, Math.max(0, image[i])) * 255);
    out[i * 4] = v;
    out[i * 4 + 1] = v;
    out[i * 4 + 2] = v;
    out[i * 4 + 3] = 255;
  }
  return out;
}
