// Keep work: the drawing (ink and missing pixels) and where it came from survive a reload.
import { readFileSync } from 'node:fs';
import { test, expect } from './fixture';
import { StudioPage } from './pages/studio-page';

test('the drawing, its missing pixels and its source survive a reload', async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.ready();
  await studio.loadTestDigit(3);
  await studio.stroke([
    [6, 20],
    [22, 20],
  ]);
  await studio.tool('mark');
  await studio.maskShape('rect');
  await studio.stroke([
    [4.5, 4.5],
    [9.5, 9.5],
  ]);
  const pixels = await studio.inputHash();
  const missing = await studio.missing();
  expect(missing).toBeGreaterThan(25);
  await page.reload();
  await studio.ready();
  await expect(studio.stage).toHaveAttribute('data-pixels', pixels);
  expect(await studio.missing()).toBe(missing);
  await expect(page.getByTestId('start.source')).toContainText('#3');
  await studio.settledResults(); // and the panels answer for it
  // Clear is kept too.
  await studio.clear();
  await page.reload();
  await studio.ready();
  await expect(studio.stage).toHaveAttribute('data-inked', '0');
});

test('Save PNG downloads the results side by side as one image', async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.ready();
  await studio.loadTestDigit(5);
  await studio.settledResults();
  const download = page.waitForEvent('download');
  await page.getByTestId('results.save-png').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('inpaint-results.png');
  const path = await file.path();
  const bytes = readFileSync(path);
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  // Width: input, original and the methods, 140 px each plus gaps: at least six panels wide.
  expect(bytes.readUInt32BE(16)).toBeGreaterThanOrEqual(6 * 140);
});

test('Copy puts the same results image on the clipboard', async ({ page, host }) => {
  // Headless Chromium asks for clipboard permission; Electron grants its own page access.
  if (host === 'browser') await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  const studio = new StudioPage(page);
  await studio.ready();
  await studio.loadTestDigit(5);
  await studio.settledResults();
  await page.getByTestId('results.copy-png').click();
  await expect(page.getByTestId('results.copy-note')).toContainText('Copied the results as an image');
  const pasted = await page.evaluate(async () => {
    const [item] = await navigator.clipboard.read();
    const blob = await item.getType('image/png');
    const head = new Uint8Array(await blob.slice(0, 24).arrayBuffer());
    return {
      types: item.types,
      magic: String.fromCharCode(...head.subarray(1, 4)),
      width: head[16] * 2 ** 24 + head[17] * 2 ** 16 + head[18] * 256 + head[19],
    };
  });
  expect(pasted.types).toContain('image/png');
  expect(pasted.magic).toBe('PNG');
  expect(pasted.width).toBeGreaterThanOrEqual(6 * 140);
});
