// "Save PNG": the results side by side in one image — each panel's title, its 28×28 image scaled up with
// hard pixel edges, and its E and error — downloaded as a file. With the error heat-map on, the panels are
// coloured as on screen and the image carries the heat scale.
import { heatColor } from '../../shared/heat-scale';
import { errorMapRgba, type ErrorAgainst } from '../canvas/error-map';
import { toRgba } from '../canvas/image-stats';
import { downloadBlob } from './download';

export interface PngPanel {
  title: string;
  image: ArrayLike<number> | null;
  lines: string[];
  /** Colour the missing pixels by |image − original| (the heat-map), as the panel shows it. */
  errorAgainst?: ErrorAgainst | null;
}

const SCALE = 5; // 140 px per image
const PAD = 12;
const TITLE = 18;
const LINE = 15;
const SCALE_BAR = 34; // the heat scale under the panels: a gradient and its words

/** Draws the panels in one row onto a new canvas. */
export function renderPanels(panels: PngPanel[]): HTMLCanvasElement {
  const side = 28 * SCALE;
  const lines = Math.max(0, ...panels.map((p) => p.lines.length));
  const heat = panels.some((p) => p.errorAgainst);
  const canvas = document.createElement('canvas');
  canvas.width = PAD + panels.length * (side + PAD);
  canvas.height = PAD + TITLE + side + 6 + lines * LINE + (heat ? SCALE_BAR : 0) + PAD;
  const ctx = canvas.getContext('2d');
  if (!ctx) return canvas;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  const tile = document.createElement('canvas');
  tile.width = tile.height = 28;
  const tctx = tile.getContext('2d');
  panels.forEach((p, i) => {
    const x = PAD + i * (side + PAD);
    ctx.fillStyle = '#1f2023';
    ctx.font = '600 13px system-ui, sans-serif';
    ctx.fillText(p.title, x, PAD + 12, side);
    const y = PAD + TITLE;
    ctx.fillStyle = '#000000';
    ctx.fillRect(x, y, side, side);
    if (p.image && tctx) {
      const e = p.errorAgainst;
      const rgba = e ? errorMapRgba(p.image, e.original, e.mask) : toRgba(p.image);
      tctx.putImageData(new ImageData(rgba, 28, 28), 0, 0);
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(tile, x, y, side, side);
    }
    ctx.fillStyle = '#686b73';
    ctx.font = '12px system-ui, sans-serif';
    p.lines.forEach((line, k) => ctx.fillText(line, x, y + side + 6 + (k + 1) * LINE - 3, side));
  });
  if (heat) drawHeatScale(ctx, PAD, canvas.height - PAD - SCALE_BAR + 4, Math.min(2 * side, canvas.width - 2 * PAD));
  return canvas;
}

/** The heat-map's scale: a gradient from error 0 to 1 and what it means. */
function drawHeatScale(ctx: CanvasRenderingContext2D, x: number, y: number, width: number): void {
  for (let i = 0; i < width; i++) {
    const [r, g, b] = heatColor(i / (width - 1));
    ctx.fillStyle = `rgb(${r},${g},${b})`;
    ctx.fillRect(x + i, y, 1, 10);
  }
  ctx.fillStyle = '#686b73';
  ctx.font = '12px system-ui, sans-serif';
  ctx.fillText('missing pixels coloured by |result − original|: 0 → 1', x, y + 24);
}

/** The panels rendered as one PNG file. */
async function pngBlob(panels: PngPanel[]): Promise<Blob> {
  const canvas = renderPanels(panels);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('the browser could not make a PNG');
  return blob;
}

/** Renders and downloads the panels as `fileName`. */
export async function downloadPng(panels: PngPanel[], fileName: string): Promise<void> {
  downloadBlob(await pngBlob(panels), fileName);
}

/** Renders the panels and puts the PNG on the clipboard (to paste into slides, notes or a chat). */
export async function copyPng(panels: PngPanel[]): Promise<void> {
  // The promise form lets the clipboard accept the item before the PNG is encoded (Safari/Chromium both take it).
  await navigator.clipboard.write([new ClipboardItem({ 'image/png': pngBlob(panels) })]);
}
