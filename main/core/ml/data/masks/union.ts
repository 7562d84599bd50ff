// Unions of free-form parts: 2–3 parts, each a rectangle, a set of strokes or a set of holes.
import { randInt } from '../random';
import { drawHoles } from './holes';
import { seededFamily, type DrawMask } from './mask-family';
import { drawRectangle } from './rectangles';
import { drawStrokes } from './strokes';

const PARTS: readonly DrawMask[] = [drawRectangle, drawStrokes, drawHoles];

export const drawUnion: DrawMask = (rand, mask, offset) => {
  const parts = randInt(rand, 2, 3);
  for (let k = 0; k < parts; k++) PARTS[randInt(rand, 0, PARTS.length - 1)](rand, mask, offset);
};

export const unionFamily = seededFamily('union', 0x0410, drawUnion);
