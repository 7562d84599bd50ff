// "Save PNG": the results side by side in one image — each panel's title, its 28×28 image scaled up with
// hard pixel edges, and its E and error — downloaded as a file.
import { toRgba } from '../canvas/image-stats';
import { downloadBlob } from './download';

export interface PngPanel {
  title: string;
  image: ArrayLike<number> | null;
  lines: string[];
}

const SCALE = 5; // 140 px per image
const PAD = 12;
const TITLE = 18;
const LINE = 15;

/** Draws the panels in one row onto a new canvas. */
export function renderPanels(panels: PngPanel[]): HTMLCanvasElement {
  const side = 28 * SCALE;
  const lines = Math.max(0, ...panels.map((p) => p.lines.length));
  const canvas = document.createElement('canvas');
  canvas.width = PAD + panels.length * (side + PAD);
  canvas.height = PAD + TITLE + side + 6 + lines * LINE + PAD;
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
      tctx.putImageData(new ImageData(toRgba(p.image), 28, 28), 0, 0);
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(tile, x, y, side, side);
    }
    ctx.fillStyle = '#686b73';
    ctx.font = '12px system-ui, sans-serif';
    p.lines.forEach((line, k) => ctx.fillText(line, x, y + side + 6 + (k + 1) * LINE - 3, side));
  });
  return canvas;
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
