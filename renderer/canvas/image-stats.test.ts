import { describe, expect, it } from 'vitest';
import { countInked, missingMse, pixelHash, toRgba, topDigits } from './image-stats';

describe('image stats', () => {
  it('lists the top digits by probability, best first', () => {
    const probs = [0.05, 0.6, 0, 0.2, 0, 0, 0.1, 0, 0.05, 0];
    expect(topDigits(probs)).toEqual([
      { digit: 1, p: 0.6 },
      { digit: 3, p: 0.2 },
      { digit: 6, p: 0.1 },
    ]);
  });

  it('measures the error on missing pixels only', () => {
    expect(missingMse([1, 0.5, 0], [0, 0, 0], [0, 1, 0])).toBeCloseTo(0.25, 10);
    expect(missingMse([1, 1], [0, 0], [0, 0])).toBeNull();
  });

  it('counts inked cells above a threshold', () => {
    expect(countInked([0, 0.49, 0.5, 1])).toBe(2);
  });

  it('gives different fingerprints to different images and the same to equal ones', () => {
    expect(pixelHash([0, 1, 0.5])).toBe(pixelHash([0, 1, 0.5]));
    expect(pixelHash([0, 1, 0.5])).not.toBe(pixelHash([0, 1, 0.6]));
  });

  it('expands gray values to opaque RGBA bytes', () => {
    expect(Array.from(toRgba([0, 1]))).toEqual([0, 0, 0, 255, 255, 255, 255, 255]);
  });
});
