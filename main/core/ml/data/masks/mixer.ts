// Masks for a batch under a family or a training mix. In a mix each image's family is drawn from
// (seed, index), so an image keeps its mask whatever batch it lands in.
import { PIXELS } from '../../../../../shared/image';
import { isMaskFamilyId, type MaskFamilyId, type MaskMix } from '../../../../../shared/masks';
import { mixSeed, mulberry32 } from '../random';
import { centerGrayFamily } from './center-gray';
import { halfFamily } from './half';
import { holesFamily } from './holes';
import type { MaskFamily } from './mask-family';
import { rectanglesFamily } from './rectangles';
import { strokesFamily } from './strokes';
import { unionFamily } from './union';

export const MASK_FAMILIES: Record<MaskFamilyId, MaskFamily> = {
  'center-gray': centerGrayFamily,
  rectangles: rectanglesFamily,
  strokes: strokesFamily,
  holes: holesFamily,
  half: halfFamily,
  union: unionFamily,
};

const FREE: readonly MaskFamily[] = [rectanglesFamily, strokesFamily, holesFamily, halfFamily, unionFamily];
const MIXES: Record<MaskMix, readonly MaskFamily[]> = {
  center: [centerGrayFamily],
  free: FREE,
  mix: [centerGrayFamily, ...FREE],
};

/** A family id or a mix: what a batch's masks are drawn from. */
export type MaskSource = MaskFamilyId | MaskMix;

/** The family image `index` gets under `source` and `seed`. */
export function familyFor(source: MaskSource, seed: number, index: number): MaskFamily {
  if (isMaskFamilyId(source)) return MASK_FAMILIES[source];
  const choices = MIXES[source];
  if (!choices) throw new Error(`unknown mask source "${String(source)}"`);
  if (choices.length === 1) return choices[0];
  return choices[Math.floor(mulberry32(mixSeed(mixSeed(seed, 0x3a5c), index))() * choices.length)];
}

/** Masks (n×784, 1 = missing) for the images whose dataset indices are `indices`. */
export function masksFor(source: MaskSource, seed: number, indices: ArrayLike<number>): Uint8Array {
  const masks = new Uint8Array(indices.length * PIXELS);
  for (let b = 0; b < indices.length; b++)
    familyFor(source, seed, indices[b]).write(seed, indices[b], masks, b * PIXELS);
  return masks;
}
