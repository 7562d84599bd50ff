// The pixel rules every door applies (issue 13, defect 5): an image value is a finite number in
// [0,1]; a mask value is exactly 0 (known) or 1 (missing). The API schema and the CLI both ask here,
// so a value one door refuses is refused by all, and the message names the first bad value's place.
import { PIXELS, SIDE } from './image';

export type PixelRole = 'image' | 'mask';

export function pixelOk(role: PixelRole, v: number): boolean {
  return role === 'mask' ? v === 0 || v === 1 : Number.isFinite(v) && v >= 0 && v <= 1;
}

/** Index of the first value breaking the rule, or -1. */
export function firstBadPixel(role: PixelRole, values: ArrayLike<number>): number {
  for (let i = 0; i < values.length; i++) if (!pixelOk(role, values[i])) return i;
  return -1;
}

/** "image 3, row 4, col 11" for a flat index into a batch of 28×28 images. */
export function pixelPlace(index: number): string {
  const image = Math.floor(index / PIXELS);
  const p = index % PIXELS;
  return `image ${image}, row ${Math.floor(p / SIDE)}, col ${p % SIDE}`;
}

/** One line saying what is wrong with the first bad value, or undefined when all are fine. */
export function pixelProblem(role: PixelRole, values: ArrayLike<number>, what: string = role): string | undefined {
  const i = firstBadPixel(role, values);
  if (i < 0) return undefined;
  const rule = role === 'mask' ? 'a mask value must be 0 (known) or 1 (missing)' : 'pixels must be numbers in [0,1]';
  return `${what} value ${String(values[i])} at index ${i} (${pixelPlace(i)}): ${rule}`;
}
