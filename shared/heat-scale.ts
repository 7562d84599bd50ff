// The error heat-map's colour scale: an absolute pixel error (0 to 1, the whole range of a pixel) to a
// colour, one fixed scale so panels compare by colour. Viridis has no gray in it, so a coloured pixel never
// reads as ink. Here so the panels (renderer/canvas/error-map.ts) and the tests that check them share it.

/** Viridis at 0, ¼, ½, ¾ and 1: dark purple (no error) to yellow (off by the whole range). */
export const HEAT_STOPS: readonly (readonly [number, number, number])[] = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
];

/** The colour of an absolute error (clamped to 0..1), interpolated between the stops. */
export function heatColor(error: number): [number, number, number] {
  const t = Number.isFinite(error) ? Math.min(1, Math.max(0, error)) : 0;
  const at = t * (HEAT_STOPS.length - 1);
  const i = Math.min(HEAT_STOPS.length - 2, Math.floor(at));
  const f = at - i;
  const [a, b] = [HEAT_STOPS[i], HEAT_STOPS[i + 1]];
  return [0, 1, 2].map((c) => Math.round(a[c] + (b[c] - a[c]) * f)) as [number, number, number];
}

/** The scale as a CSS gradient, for the legend. */
export function heatGradientCss(): string {
  const stops = HEAT_STOPS.map(([r, g, b], i) => `rgb(${r}, ${g}, ${b}) ${(i / (HEAT_STOPS.length - 1)) * 100}%`);
  return `linear-gradient(to right, ${stops.join(', ')})`;
}
