import { describe, expect, it } from 'vitest';
import { docFromBitmap, emptyDoc, GRAY, PIXELS, SIDE, withBaseMask, withOp, type Op } from './document';
import { modelInput, rasterizeDoc, strokeCoverage, withPending } from './rasterize';

const line = (
  effect: 'ink' | 'erase' | 'mark' | 'unmark',
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  width: number,
): Op => ({
  kind: 'stroke',
  effect,
  points: [
    { x: x0, y: y0, width },
    { x: x1, y: y1, width },
  ],
});
const sum = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0);

describe('strokeCoverage', () => {
  it('covers a horizontal line of width 1 along one row exactly', () => {
    // Segment on the row centre y = 10.5 from x = 5 to x = 15, width 1: cells (5..14, 10) fully covered.
    const cov = strokeCoverage([
      { x: 5, y: 10.5, width: 1 },
      { x: 15, y: 10.5, width: 1 },
    ]);
    for (let x = 5; x < 15; x++) expect(cov[10 * SIDE + x]).toBeCloseTo(1, 5);
    expect(cov[9 * SIDE + 10]).toBe(0);
    expect(cov[11 * SIDE + 10]).toBe(0);
  });

  it('approximates the area of a disc for a single tap', () => {
    const r = 3;
    const cov = strokeCoverage([{ x: 14, y: 14, width: 2 * r }]);
    expect(sum(cov)).toBeGreaterThan(Math.PI * r * r * 0.9);
    expect(sum(cov)).toBeLessThan(Math.PI * r * r * 1.1);
  });

  it('gives partial coverage where a line straddles two rows', () => {
    const cov = strokeCoverage([
      { x: 2, y: 10, width: 1 },
      { x: 20, y: 10, width: 1 },
    ]);
    expect(cov[9 * SIDE + 10]).toBeCloseTo(0.5, 5);
    expect(cov[10 * SIDE + 10]).toBeCloseTo(0.5, 5);
  });

  it('clips strokes that leave the grid without wrapping', () => {
    const cov = strokeCoverage([
      { x: -5, y: 0.5, width: 1 },
      { x: 3, y: 0.5, width: 1 },
    ]);
    expect(cov[0]).toBeCloseTo(1, 5);
    expect(cov[SIDE - 1]).toBe(0);
    expect(cov[PIXELS - 1]).toBe(0);
  });

  it('draws a wider line where the width is larger', () => {
    const thin = sum(
      strokeCoverage([
        { x: 4, y: 14, width: 1 },
        { x: 24, y: 14, width: 1 },
      ]),
    );
    const thick = sum(
      strokeCoverage([
        { x: 4, y: 14, width: 4 },
        { x: 24, y: 14, width: 4 },
      ]),
    );
    expect(thick / thin).toBeGreaterThan(3);
  });
});

describe('rasterizeDoc', () => {
  it('erases ink that was drawn, in order', () => {
    let doc = withOp(emptyDoc(), line('ink', 4, 14.5, 24, 14.5, 1));
    expect(rasterizeDoc(doc).ink[14 * SIDE + 10]).toBeCloseTo(1, 5);
    doc = withOp(doc, line('erase', 9, 14.5, 12, 14.5, 3));
    const r = rasterizeDoc(doc);
    expect(r.ink[14 * SIDE + 10]).toBe(0);
    expect(r.ink[14 * SIDE + 5]).toBeCloseTo(1, 5);
  });

  it('marks cells missing with the brush and un-marks them again', () => {
    let doc = withOp(emptyDoc(), line('mark', 10, 10.5, 14, 10.5, 1));
    expect(Array.from(rasterizeDoc(doc).mask.slice(10 * SIDE + 10, 10 * SIDE + 14))).toEqual([1, 1, 1, 1]);
    doc = withOp(doc, line('unmark', 11.6, 10.5, 12.4, 10.5, 1));
    expect(Array.from(rasterizeDoc(doc).mask.slice(10 * SIDE + 10, 10 * SIDE + 14))).toEqual([1, 0, 0, 1]);
  });

  it('marks the cells whose centres a rectangle covers, in either drag direction', () => {
    const doc = withOp(emptyDoc(), { kind: 'rect', effect: 'mark', x0: 12.2, y0: 9.8, x1: 8.1, y1: 6.2 });
    const mask = rasterizeDoc(doc).mask;
    expect(sum(mask)).toBe(4 * 4); // columns 8..11, rows 6..9
    expect(mask[6 * SIDE + 8]).toBe(1);
    expect(mask[9 * SIDE + 11]).toBe(1);
    expect(mask[10 * SIDE + 11]).toBe(0);
  });

  it('starts from a loaded bitmap and mask', () => {
    const img = new Array(PIXELS).fill(0.25);
    const mask = new Array(PIXELS).fill(0);
    mask[100] = 1;
    const r = rasterizeDoc(docFromBitmap(img, mask));
    expect(r.ink[5]).toBeCloseTo(0.25, 6);
    expect(r.mask[100]).toBe(1);
    expect(() => docFromBitmap([1, 2], mask)).toThrow(/784/);
  });

  it('keeps ink strokes but drops drawn mask edits when a new patch replaces the mask', () => {
    let doc = withOp(emptyDoc(), line('ink', 4, 14.5, 24, 14.5, 1));
    doc = withOp(doc, line('mark', 4, 4.5, 24, 4.5, 1));
    const mask = new Array(PIXELS).fill(0);
    mask[0] = 1;
    const r = rasterizeDoc(withBaseMask(doc, mask));
    expect(sum(r.mask)).toBe(1);
    expect(r.ink[14 * SIDE + 10]).toBeCloseTo(1, 5);
  });
});

describe('modelInput', () => {
  it('sets missing pixels to gray and keeps known pixels as drawn', () => {
    const doc = withOp(withOp(emptyDoc(), line('ink', 4, 14.5, 24, 14.5, 1)), line('mark', 4, 14.5, 10, 14.5, 1));
    const input = modelInput(rasterizeDoc(doc));
    expect(input[14 * SIDE + 6]).toBe(GRAY);
    expect(input[14 * SIDE + 15]).toBeCloseTo(1, 5);
    expect(input[0]).toBe(0);
  });

  it('shows an in-progress op without changing the committed raster', () => {
    const committed = rasterizeDoc(emptyDoc());
    const live = withPending(committed, line('ink', 4, 14.5, 24, 14.5, 1));
    expect(live.ink[14 * SIDE + 10]).toBeCloseTo(1, 5);
    expect(committed.ink[14 * SIDE + 10]).toBe(0);
  });
});
