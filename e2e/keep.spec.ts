// Keep work: the drawing (ink and missing pixels) and where it came from survive a reload.
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
