import { describe, expect, it } from 'vitest';
import { fitPanels, panelHeight, panelWidth, PANEL } from './panel-fit';

function fits(n: number, w: number, h: number): boolean {
  const { cols, image } = fitPanels(n, w, h);
  const rows = Math.ceil(n / cols);
  const usedW = cols * panelWidth(image) + (cols - 1) * PANEL.gap;
  const usedH = rows * panelHeight(image) + (rows - 1) * PANEL.gap;
  return usedW <= w && usedH <= h;
}

describe('fitPanels', () => {
  // Result areas measured beside the canvas at 1024×700, 1280×800, 1440×900 and 1920×1080.
  const areas: [number, number][] = [
    [540, 560],
    [700, 660],
    [800, 760],
    [1080, 930],
  ];

  it('fits 6 and 8 panels (six methods, input, original) in every window size without overflow', () => {
    for (const [w, h] of areas) for (const n of [6, 8]) expect(fits(n, w, h), `${n} panels in ${w}×${h}`).toBe(true);
  });

  it('grows the images with the window', () => {
    const sizes = areas.map(([w, h]) => fitPanels(6, w, h).image);
    for (let i = 1; i < sizes.length; i++) expect(sizes[i]).toBeGreaterThanOrEqual(sizes[i - 1]);
    expect(sizes[sizes.length - 1]).toBeGreaterThan(sizes[0]);
  });

  it('keeps every digit pixel the same size (multiples of 28) once there is room', () => {
    for (const [w, h] of areas) expect(fitPanels(6, w, h).image % 28).toBe(0);
  });

  it('prefers more columns when the area is wide and short', () => {
    expect(fitPanels(6, 1400, 300).cols).toBeGreaterThanOrEqual(3);
    expect(fitPanels(6, 300, 1400).cols).toBe(1);
  });
});
