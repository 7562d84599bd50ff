// Painting the canvas view (DOM canvases; the pixel math they show lives in rasterize.ts).
import { GRAY, PIXELS, SIDE } from './document';
import type { Raster } from './rasterize';
import { toRgba } from './image-stats';

/** Screen pixels per cell when nothing else decides: 28 × 15 = 420 px. The stage scales it to the window. */
export const CELL = 15;
/** The smallest and largest cell the stage uses (a 224 px and an 840 px canvas). */
export const MIN_CELL = 8;
export const MAX_CELL = 30;

/** The largest whole cell size whose 28×28 grid fits a slot of w × h screen pixels (whole cells stay crisp). */
export function cellFor(w: number, h: number): number {
  const c = Math.floor(Math.min(w, h) / SIDE);
  return Math.max(MIN_CELL, Math.min(MAX_CELL, Number.isFinite(c) ? c : CELL));
}

/** The raster as the user sees it: missing pixels gray like the model input, or the full ink. */
export function paintView(canvas: HTMLCanvasElement, r: Raster, showOriginal: boolean): void {
  const view = new Float32Array(PIXELS);
  for (let i = 0; i < PIXELS; i++) view[i] = !showOriginal && r.mask[i] ? GRAY : r.ink[i];
  canvas.getContext('2d')?.putImageData(new ImageData(toRgba(view), SIDE, SIDE), 0, 0);
}

let hatch: CanvasPattern | null = null;

/** Missing cells get an accent tint with diagonal hatching and an outline, so gray ink and "missing" differ. */
export function paintOverlay(canvas: HTMLCanvasElement, mask: Uint8Array | null, cell: number): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  drawGrid(ctx, cell);
  if (!mask) return;
  hatch ??= makeHatch(ctx);
  ctx.fillStyle = hatch ?? 'rgba(47,111,219,0.3)';
  for (let i = 0; i < PIXELS; i++) {
    if (mask[i]) ctx.fillRect((i % SIDE) * cell, Math.floor(i / SIDE) * cell, cell, cell);
  }
  ctx.strokeStyle = 'rgba(110,160,255,0.9)';
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      if (!mask[y * SIDE + x]) continue;
      const px = x * cell,
        py = y * cell;
      if (y === 0 || !mask[(y - 1) * SIDE + x]) {
        ctx.moveTo(px, py);
        ctx.lineTo(px + cell, py);
      }
      if (y === SIDE - 1 || !mask[(y + 1) * SIDE + x]) {
        ctx.moveTo(px, py + cell);
        ctx.lineTo(px + cell, py + cell);
      }
      if (x === 0 || !mask[y * SIDE + x - 1]) {
        ctx.moveTo(px, py);
        ctx.lineTo(px, py + cell);
      }
      if (x === SIDE - 1 || !mask[y * SIDE + x + 1]) {
        ctx.moveTo(px + cell, py);
        ctx.lineTo(px + cell, py + cell);
      }
    }
  }
  ctx.stroke();
}

function drawGrid(ctx: CanvasRenderingContext2D, cell: number): void {
  const stage = SIDE * cell;
  ctx.strokeStyle = 'rgba(255,255,255,0.06)';
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (let i = 1; i < SIDE; i++) {
    ctx.moveTo(i * cell + 0.5, 0);
    ctx.lineTo(i * cell + 0.5, stage);
    ctx.moveTo(0, i * cell + 0.5);
    ctx.lineTo(stage, i * cell + 0.5);
  }
  ctx.stroke();
}

function makeHatch(ctx: CanvasRenderingContext2D): CanvasPattern | null {
  const tile = document.createElement('canvas');
  tile.width = tile.height = 8;
  const t = tile.getContext('2d');
  if (!t) return null;
  t.fillStyle = 'rgba(47,111,219,0.22)';
  t.fillRect(0, 0, 8, 8);
  t.strokeStyle = 'rgba(140,180,255,0.55)';
  t.lineWidth = 1.5;
  t.beginPath();
  t.moveTo(-2, 10);
  t.lineTo(10, -2);
  t.moveTo(-2, 2);
  t.lineTo(2, -2);
  t.moveTo(6, 10);
  t.lineTo(10, 6);
  t.stroke();
  return ctx.createPattern(tile, 'repeat');
}
