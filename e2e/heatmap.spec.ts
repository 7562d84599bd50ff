// The error heat-map: a toggle (remembered across reloads, keyboard operable) colours every result's missing
// pixels by |result − original| on one scale, with a legend; known pixels stay exactly as they were; with
// nothing missing there is no original to compare with, and the legend says so instead.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator } from '@playwright/test';
import { heatColor } from '../shared/heat-scale';
import { test, expect } from './fixture';
import { StudioPage } from './pages/studio-page';

/** The 28×28 canvas's RGBA bytes, exactly as drawn (before CSS scaling). Read through a copy made for
 * reading, so the app's own canvas is not read back repeatedly (Chromium warns about that). */
const rgbaOf = (canvas: Locator): Promise<number[]> =>
  canvas.evaluate((c: HTMLCanvasElement) => {
    const copy = document.createElement('canvas');
    copy.width = copy.height = 28;
    const ctx = copy.getContext('2d', { willReadFrequently: true });
    if (!ctx) return [];
    ctx.drawImage(c, 0, 0);
    return Array.from(ctx.getImageData(0, 0, 28, 28).data);
  });
const px = (rgba: number[], i: number) => rgba.slice(i * 4, i * 4 + 3);
const gray = ([r, g, b]: number[]) => r === g && g === b;

test('the error map colours missing pixels by their error, leaves known ones, is remembered and explained', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const studio = new StudioPage(page);
  await studio.ready();
  await studio.ensurePca();
  await studio.loadTestDigit(3);
  const last = await studio.settledResults();
  const toggle = page.getByTestId('view.error-map');
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByTestId('results.heat-legend')).toHaveCount(0);

  const image = page.getByTestId('result.pca.image');
  const original = page.getByTestId('result.original.image');
  await expect(image).toHaveAttribute('data-error-map', 'off');
  const before = await rgbaOf(image);
  const orig = await rgbaOf(original);

  // Keyboard: the toggle is a button in the tab order; Enter switches it on.
  await toggle.focus();
  await page.keyboard.press('Enter');
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(image).toHaveAttribute('data-error-map', 'on');
  await expect(page.getByTestId('results.heat-legend')).toContainText('|result − original|');
  const after = await rgbaOf(image);

  const missing = last.mask.flatMap((m, i) => (m === 1 ? [i] : []));
  expect(missing.length).toBeGreaterThan(20);
  for (let i = 0; i < 784; i++) {
    if (last.mask[i] === 1) {
      expect(gray(px(before, i)), `missing pixel ${i} is gray without the map`).toBe(true);
      // The colour of |result − original|, read from the two 8-bit gray images the panels show.
      const want = heatColor(Math.abs(before[i * 4] - orig[i * 4]) / 255);
      px(after, i).forEach((v, c) => expect(Math.abs(v - want[c]), `pixel ${i} channel ${c}`).toBeLessThanOrEqual(3));
      expect(gray(px(after, i))).toBe(false);
    } else {
      expect(px(after, i), `known pixel ${i} unchanged`).toEqual(px(before, i));
    }
  }
  // Every method's panel (and the input's) shows the map; the original is the reference, so it has none.
  for (const id of await studio.availableMethods()) {
    await expect(page.getByTestId(`result.${id}.image`)).toHaveAttribute('data-error-map', 'on');
  }
  await expect(page.getByTestId('result.input.image')).toHaveAttribute('data-error-map', 'on');
  await expect(original).toHaveAttribute('data-error-map', 'off');
  const dir = join(process.cwd(), 'docs', 'screenshots');
  mkdirSync(dir, { recursive: true });
  await page.mouse.move(0, 0);
  await toggle.blur();
  await page.getByRole('region', { name: 'Results' }).screenshot({ path: join(dir, 'error-map.png') });

  // Remembered: after a reload the map is still on (the drawing comes back too).
  await page.reload();
  await studio.ready();
  await studio.settledResults();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(image).toHaveAttribute('data-error-map', 'on');
  expect(await rgbaOf(image)).toEqual(after);

  // Nothing missing: no original to measure against; the legend says so and no panel is coloured.
  await studio.clear();
  await expect(page.getByTestId('results.heat-none')).toContainText('nothing is marked missing');
  await expect(page.getByTestId('results.heat-legend')).toHaveCount(0);
  await expect(page.locator('canvas[data-error-map="on"]')).toHaveCount(0);

  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByTestId('results.heat-none')).toHaveCount(0);
});

/** How many pixels of a PNG's image row (y 30–170: the panels' 140 px images, below their titles) are strongly
 * coloured: the heat-map's colours (text and digits are gray; the heat scale under the panels is not counted). */
async function colouredPixels(page: import('@playwright/test').Page, png: Buffer): Promise<number> {
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const ctx = c.getContext('2d', { willReadFrequently: true });
    if (!ctx) return -1;
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 30, c.width, 140).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4)
      if (Math.max(d[i], d[i + 1], d[i + 2]) - Math.min(d[i], d[i + 1], d[i + 2]) > 40) n++;
    return n;
  }, png.toString('base64'));
}

test('X toggles the error map from the keyboard, and Save PNG shows it as the panels do', async ({ page }) => {
  test.setTimeout(180_000);
  const studio = new StudioPage(page);
  await studio.ready();
  await studio.ensurePca();
  await studio.loadTestDigit(3);
  await studio.settledResults();
  const toggle = page.getByTestId('view.error-map');
  const savePng = async () => {
    const download = page.waitForEvent('download');
    await page.getByTestId('results.save-png').click();
    return readFileSync(await (await download).path());
  };
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  const plain = await colouredPixels(page, await savePng());
  expect(plain).toBe(0);

  await page.mouse.move(0, 0);
  await page.keyboard.press('x');
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('result.pca.image')).toHaveAttribute('data-error-map', 'on');
  // Each coloured 28×28 pixel is a 5×5 block in the PNG: many coloured pixels, plus the scale's gradient.
  expect(await colouredPixels(page, await savePng())).toBeGreaterThan(20 * 25);

  await page.keyboard.press('x');
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
});
