import { describe, expect, it } from 'vitest';
import { heatColor, heatGradientCss, HEAT_STOPS } from './heat-scale';

describe('heat-map colour scale', () => {
  it('maps 0 and 1 to the ends of the scale and clamps outside them', () => {
    expect(heatColor(0)).toEqual([...HEAT_STOPS[0]]);
    expect(heatColor(1)).toEqual([...HEAT_STOPS[HEAT_STOPS.length - 1]]);
    expect(heatColor(-0.3)).toEqual(heatColor(0));
    expect(heatColor(7)).toEqual(heatColor(1));
    expect(heatColor(Number.NaN)).toEqual(heatColor(0));
  });

  it('hits every stop and interpolates between neighbours', () => {
    HEAT_STOPS.forEach((stop, i) => expect(heatColor(i / (HEAT_STOPS.length - 1))).toEqual([...stop]));
    const mid = heatColor(0.125); // halfway between the first two stops
    for (let c = 0; c < 3; c++) expect(mid[c]).toBe(Math.round((HEAT_STOPS[0][c] + HEAT_STOPS[1][c]) / 2));
  });

  it('is never gray, so a coloured pixel cannot be mistaken for ink', () => {
    for (let k = 0; k <= 100; k++) {
      const [r, g, b] = heatColor(k / 100);
      expect(r === g && g === b).toBe(false);
    }
  });

  it('gets brighter as the error grows', () => {
    const lum = (e: number) => {
      const [r, g, b] = heatColor(e);
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    for (let k = 0; k < 20; k++) expect(lum((k + 1) / 20)).toBeGreaterThan(lum(k / 20));
  });

  it('describes the same scale as a CSS gradient for the legend', () => {
    const css = heatGradientCss();
    expect(css).toMatch(/^linear-gradient\(to right, rgb\(68, 1, 84\) 0%/);
    expect(css).toContain('rgb(253, 231, 37) 100%');
  });
});
