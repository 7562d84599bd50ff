// Pure rasterization of the document to what the models see: 784 floats of ink and a 784-cell mask.
// Strokes are unions of round-capped segments whose width varies linearly between points; coverage of a
// cell is the fraction of its SS×SS supersamples inside the stroke (antialiasing by area sampling).
import { GRAY, PIXELS, SIDE, type Doc, type Op, type StrokePoint } from './document';

/** Supersamples per cell side: 4×4 = 16 coverage levels, plenty for 8-bit-ish output. */
export const SS = 4;
const GRID = SIDE * SS;

export interface Raster {
  ink: Float32Array;
  mask: Uint8Array;
}

/** Fraction of each cell covered by a stroke, in [0,1]. */
export function strokeCoverage(points: readonly StrokePoint[]): Float32Array {
  const hits = new Uint8Array(GRID * GRID);
  if (points.length === 1) markSegment(hits, points[0], points[0]);
  for (let i = 1; i < points.length; i++) markSegment(hits, points[i - 1], points[i]);
  const cov = new Float32Array(PIXELS);
  const inv = 1 / (SS * SS);
  for (let gy = 0; gy < GRID; gy++) {
    const row = ((gy / SS) | 0) * SIDE;
    for (let gx = 0; gx < GRID; gx++) if (hits[gy * GRID + gx]) cov[row + ((gx / SS) | 0)] += inv;
  }
  return cov;
}

/** Sets the supersamples whose centre lies within the segment's radius (interpolated along it). */
function markSegment(hits: Uint8Array, a: StrokePoint, b: StrokePoint): void {
  const ra = Math.max(0, a.width / 2);
  const rb = Math.max(0, b.width / 2);
  const r = Math.max(ra, rb);
  const lo = (v: number) => Math.max(0, Math.floor(v * SS));
  const hi = (v: number) => Math.min(GRID - 1, Math.ceil(v * SS));
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len2 = dx * dx + dy * dy;
  for (let gy = lo(Math.min(a.y, b.y) - r); gy <= hi(Math.max(a.y, b.y) + r); gy++) {
    const py = (gy + 0.5) / SS;
    for (let gx = lo(Math.min(a.x, b.x) - r); gx <= hi(Math.max(a.x, b.x) + r); gx++) {
      const px = (gx + 0.5) / SS;
      const t = len2 > 0 ? Math.min(1, Math.max(0, ((px - a.x) * dx + (py - a.y) * dy) / len2)) : 0;
      const ex = a.x + t * dx - px;
      const ey = a.y + t * dy - py;
      const rad = ra + (rb - ra) * t;
      if (ex * ex + ey * ey <= rad * rad) hits[gy * GRID + gx] = 1;
    }
  }
}

/** A brush-marked cell counts as missing once this much of it is covered. */
export const MARK_THRESHOLD = 0.25;

/** Applies one op to a raster in place. Ink composites like white paint (over); erase like destination-out. */
export function applyOp(r: Raster, op: Op): void {
  if (op.kind === 'rect') {
    const set = op.effect === 'mark' ? 1 : 0;
    const [x0, x1] = [Math.min(op.x0, op.x1), Math.max(op.x0, op.x1)];
    const [y0, y1] = [Math.min(op.y0, op.y1), Math.max(op.y0, op.y1)];
    // A cell is inside when its centre is; a drag that stays inside one cell still marks that cell.
    const cx0 = Math.max(0, Math.round(x0)),
      cx1 = Math.min(SIDE, Math.max(Math.round(x1), cx0 + 1));
    const cy0 = Math.max(0, Math.round(y0)),
      cy1 = Math.min(SIDE, Math.max(Math.round(y1), cy0 + 1));
    for (let y = cy0; y < cy1; y++) for (let x = cx0; x < cx1; x++) r.mask[y * SIDE + x] = set;
    return;
  }
  const cov = strokeCoverage(op.points);
  for (let i = 0; i < PIXELS; i++) {
    const c = cov[i];
    if (c === 0) continue;
    switch (op.effect) {
      case 'ink':
        r.ink[i] = r.ink[i] + c * (1 - r.ink[i]);
        break;
      case 'erase':
        r.ink[i] = r.ink[i] * (1 - c);
        break;
      case 'mark':
        if (c >= MARK_THRESHOLD) r.mask[i] = 1;
        break;
      case 'unmark':
        if (c >= MARK_THRESHOLD) r.mask[i] = 0;
        break;
    }
  }
}

export function rasterizeDoc(doc: Doc): Raster {
  const r: Raster = { ink: Float32Array.from(doc.base), mask: Uint8Array.from(doc.baseMask) };
  for (const op of doc.ops) applyOp(r, op);
  return r;
}

/** The committed raster plus an in-progress op, without touching the committed one. */
export function withPending(r: Raster, op: Op | null): Raster {
  if (!op) return r;
  const out: Raster = { ink: Float32Array.from(r.ink), mask: Uint8Array.from(r.mask) };
  applyOp(out, op);
  return out;
}

/** Exactly what the models receive: the ink with missing pixels set to gray. */
export function modelInput(r: Raster): Float32Array {
  const out = new Float32Array(PIXELS);
  for (let i = 0; i < PIXELS; i++) out[i] = r.mask[i] ? GRAY : r.ink[i];
  return out;
}
