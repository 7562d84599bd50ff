// A side of the image: everything from the top, bottom, left or right edge to 7–18 px in (a quarter to
// two thirds of the digit; 14 = exactly half).
import { SIDE } from '../../../../../shared/image';
import { randInt } from '../random';
import { fillRect } from './draw';
import { seededFamily, type DrawMask } from './mask-family';

export const drawSide: DrawMask = (rand, mask, offset) => {
  const side = randInt(rand, 0, 3);
  const depth = randInt(rand, 7, 18);
  if (side === 0) fillRect(mask, offset, 0, 0, depth, SIDE);
  else if (side === 1) fillRect(mask, offset, SIDE - depth, 0, depth, SIDE);
  else if (side === 2) fillRect(mask, offset, 0, 0, SIDE, depth);
  else fillRect(mask, offset, 0, SIDE - depth, SIDE, depth);
};

export const halfFamily = seededFamily('half', 0x4a1f, drawSide);
