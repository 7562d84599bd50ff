// The exercise's center-gray squares, unchanged (protocol.ts): the same (seed, index) → the same square.
import { centerGrayPatch, writePatchMask } from '../protocol';
import type { MaskFamily } from './mask-family';

export const centerGrayFamily: MaskFamily = {
  id: 'center-gray',
  write: (seed, index, mask, offset) => writePatchMask(centerGrayPatch(seed, index), mask, offset),
};
