// Brush strokes as a person paints them: 1–4 strokes, each a polyline of 2–5 segments (3–12 px, turning
// by up to ±90° at each joint) drawn with a round brush 2–6 px wide.
import { SIDE } from '../../../../../shared/image';
import { randInt } from '../random';
import { fillDisc } from './draw';
import { seededFamily, type DrawMask } from './mask-family';

function drawStroke(rand: () => number, mask: Uint8Array, offset: number): void {
  const radius = 1 + rand() * 2; // width 2–6 px
  let y = 3 + rand() * (SIDE - 6);
  let x = 3 + rand() * (SIDE - 6);
  let angle = rand() * 2 * Math.PI;
  const segments = randInt(rand, 2, 5);
  fillDisc(mask, offset, y, x, radius);
  for (let s = 0; s < segments; s++) {
    const length = 3 + rand() * 9;
    for (let t = 0.5; t <= length; t += 0.5)
      fillDisc(mask, offset, y + Math.sin(angle) * t, x + Math.cos(angle) * t, radius);
    y += Math.sin(angle) * length;
    x += Math.cos(angle) * length;
    angle += (rand() - 0.5) * Math.PI;
  }
}

export const drawStrokes: DrawMask = (rand, mask, offset) => {
  const strokes = randInt(rand, 1, 4);
  for (let k = 0; k < strokes; k++) drawStroke(rand, mask, offset);
};

export const strokesFamily = seededFamily('strokes', 0x57c0, drawStrokes);
