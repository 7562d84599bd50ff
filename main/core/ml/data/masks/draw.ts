// Drawing primitives for masks: 784 entries at an offset, 1 = missing. Everything clips to the image.
import { SIDE } from '../../../../../shared/image';

/** Mark rows [top, top+h) × columns [left, left+w), clipped to the image. */
export function fillRect(mask: Uint8Array, offset: number, top: number, left: number, h: number, w: number): void {
  const r0 = Math.max(0, top);
  const r1 = Math.min(SIDE, top + h);
  const c0 = Math.max(0, left);
  const c1 = Math.min(SIDE, left + w);
  for (let r = r0; r < r1; r++) if (c1 > c0) mask.fill(1, offset + r * SIDE + c0, offset + r * SIDE + c1);
}

/** Mark every pixel whose center lies within `radius` of (y, x). */
export function fillDisc(mask: Uint8Array, offset: number, y: number, x: number, radius: number): void {
  const r2 = radius * radius;
  const r0 = Math.max(0, Math.floor(y - radius));
  const r1 = Math.min(SIDE - 1, Math.ceil(y + radius));
  const c0 = Math.max(0, Math.floor(x - radius));
  const c1 = Math.min(SIDE - 1, Math.ceil(x + radius));
  for (let r = r0; r <= r1; r++)
    for (let c = c0; c <= c1; c++) if ((r - y) ** 2 + (c - x) ** 2 <= r2) mask[offset + r * SIDE + c] = 1;
}

/** Number of missing pixels in one mask. */
export function missingCount(mask: Uint8Array, offset = 0): number {
  let n = 0;
  for (let i = 0; i < SIDE * SIDE; i++) n += mask[offset + i];
  return n;
}
