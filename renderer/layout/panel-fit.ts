// How the result panels share the space beside the canvas: the column count and image size that make
// every panel fit at once (no scrolling) with the largest image. Pure, so it is unit-tested.

/** Fixed parts of one panel, in CSS pixels (ResultPanel.svelte's padding, border, title and facts column). */
export const PANEL = {
  /** The facts column beside the image (E, error, classifier bars). */
  facts: 96,
  /** Horizontal chrome: padding, border and the gap between image and facts. */
  chromeX: 28,
  /** Vertical chrome: padding, border, the title row, the parameter row (PCA's d) and their gaps. */
  chromeY: 72,
  /** The facts column's own height: the image is never shorter than this decides. */
  factsHeight: 92,
  gap: 8,
} as const;

export interface PanelFit {
  cols: number;
  /** Image side in CSS pixels: a multiple of 28 where it can be, so every digit pixel is the same size. */
  image: number;
}

const SIDE = 28;

/** Crisp: whole screen pixels per digit pixel when there is room for 2 or more. */
function crisp(size: number): number {
  if (size >= 2 * SIDE) return Math.floor(size / SIDE) * SIDE;
  return Math.max(SIDE, Math.floor(size));
}

/** The column count giving the largest image for `n` panels in a `width` × `height` area. */
export function fitPanels(n: number, width: number, height: number, maxImage = 8 * SIDE): PanelFit {
  let best: PanelFit = { cols: 1, image: SIDE };
  let bestRaw = -Infinity;
  for (let cols = 1; cols <= Math.max(1, n); cols++) {
    const rows = Math.ceil(n / cols);
    const colW = (width - (cols - 1) * PANEL.gap) / cols;
    const rowH = (height - (rows - 1) * PANEL.gap) / rows;
    const byWidth = colW - PANEL.chromeX - PANEL.facts;
    // A row is as tall as the taller of the image and the facts column.
    const byHeight = rowH - PANEL.chromeY >= PANEL.factsHeight ? rowH - PANEL.chromeY : -1;
    const raw = Math.min(byWidth, byHeight, maxImage);
    // On a tie (the size cap, or the same crisp size) more columns waste less of each panel.
    if (raw > bestRaw || (raw > 0 && crisp(raw) === best.image)) {
      bestRaw = Math.max(raw, bestRaw);
      best = { cols, image: crisp(raw) };
    }
  }
  return best;
}

/** Height one panel takes with an image of side `image` (for tests and the grid's row size). */
export function panelHeight(image: number): number {
  return PANEL.chromeY + Math.max(image, PANEL.factsHeight);
}

/** Width one panel needs with an image of side `image`. */
export function panelWidth(image: number): number {
  return PANEL.chromeX + PANEL.facts + image;
}
