// Several small holes: 3–9 squares or discs of 2–6 px anywhere in the central 24×24.
import { randInt } from '../random';
import { fillDisc, fillRect } from './draw';
import { seededFamily, type DrawMask } from './mask-family';

export const drawHoles: DrawMask = (rand, mask, offset) => {
  const holes = randInt(rand, 3, 9);
  for (let k = 0; k < holes; k++) {
    const size = randInt(rand, 2, 6);
    const top = randInt(rand, 2, 26 - size);
    const left = randInt(rand, 2, 26 - size);
    if (rand() < 0.5) fillRect(mask, offset, top, left, size, size);
    else fillDisc(mask, offset, top + (size - 1) / 2, left + (size - 1) / 2, size / 2);
  }
};

export const holesFamily = seededFamily('holes', 0x401e, drawHoles);
