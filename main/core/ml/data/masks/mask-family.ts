// A mask family: a seeded way of choosing which pixels are missing. (seed, image index) → always the same mask,
// whatever batch the image is in (as protocol.ts does for the center-gray squares).
import type { MaskFamilyId } from '../../../../../shared/masks';
import { mixSeed, mulberry32 } from '../random';

/** Draws one mask from a random stream into mask[offset .. offset+784). */
export type DrawMask = (rand: () => number, mask: Uint8Array, offset: number) => void;

export interface MaskFamily {
  id: MaskFamilyId;
  /** Write the mask of image `index` under `seed` (OR-ed into what is there; callers pass zeros). */
  write(seed: number, index: number, mask: Uint8Array, offset: number): void;
}

/** A family whose stream is its own: different families under one seed do not share draws. */
export function seededFamily(id: MaskFamilyId, tag: number, draw: DrawMask): MaskFamily {
  return {
    id,
    write: (seed, index, mask, offset) => draw(mulberry32(mixSeed(mixSeed(seed, tag), index)), mask, offset),
  };
}
