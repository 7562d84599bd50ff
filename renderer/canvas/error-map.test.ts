import { describe, expect, it } from 'vitest';
import { heatColor } from '../../shared/heat-scale';
import { errorMapRgba, pixelErrors } from './error-map';
import { toRgba } from './image-stats';

describe('error heat-map', () => {
  it('measures |result − original| on missing pixels only', () => {
    const e = pixelErrors([1, 0.25, 0, 0.5], [0, 1, 0, 0.5], [1, 1, 0, 0]);
    expect(e[0]).toBeCloseTo(1, 6);
    expect(e[1]).toBeCloseTo(0.75, 6);
    expect(Number.isNaN(e[2])).toBe(true);
    expect(Number.isNaN(e[3])).toBe(true);
    expect(() => pixelErrors([0, 0], [0], [0, 0])).toThrow(/sizes differ/);
  });

  it('colours missing pixels by their error and leaves known pixels as the result shows them', () => {
    const result = [0.9, 0.2, 0.6, 0.6];
    const original = [0.1, 0.2, 0, 1];
    const mask = [0, 1, 1, 0];
    const rgba = errorMapRgba(result, original, mask);
    const plain = toRgba(result);
    const px = (a: Uint8ClampedArray, i: number) => Array.from(a.slice(i * 4, i * 4 + 4));
    expect(px(rgba, 0)).toEqual(px(plain, 0));
    expect(px(rgba, 3)).toEqual(px(plain, 3));
    expect(px(rgba, 1)).toEqual([...heatColor(0), 255]);
    expect(px(rgba, 2)).toEqual([...heatColor(0.6), 255]);
  });
});
