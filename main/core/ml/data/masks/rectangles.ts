// One rectangle anywhere, of any size: sides 4–24 px, placed so at least half of each side is inside
// the image (so some are cut by the border), from small blocks to ones covering most of the digit.
import { SIDE } from '../../../../../shared/image';
import { randInt } from '../random';
import { fillRect } from './draw';
import { seededFamily, type DrawMask } from './mask-family';

export const drawRectangle: DrawMask = (rand, mask, offset) => {
  const h = randInt(rand, 4, 24);
  const w = randInt(rand, 4, 24);
  const top = randInt(rand, -Math.floor(h / 2), SIDE - Math.ceil(h / 2));
  const left = randInt(rand, -Math.floor(w / 2), SIDE - Math.ceil(w / 2));
  fillRect(mask, offset, top, left, h, w);
};

export const rectanglesFamily = seededFamily('rectangles', 0x7ec7, drawRectangle);
