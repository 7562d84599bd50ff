// Training you can watch: while a generator trains, a strip of the same test digits inpainted by the model
// being trained refreshes from the trainer process; the chart shows only the curves the kind has.
import { test, expect } from './fixture';
import { StudioPage } from './pages/studio-page';

test('a training generator shows a strip of test digits that it inpaints, refreshed as it learns', async ({ page }) => {
  test.setTimeout(180_000);
  const studio = new StudioPage(page);
  await studio.ready();
  await studio.startTraining('generator', { subset: 3000, epochs: 2, name: 'watched' });
  const strip = page.getByTestId('train.strip');
  await expect(strip).toBeVisible({ timeout: 60_000 });
  await expect(strip.locator('canvas')).toHaveCount(8);
  const first = await strip.getAttribute('data-pixels');
  // The next previews come from the same digits with a model that has learnt more: the pixels change.
  await expect(strip).not.toHaveAttribute('data-pixels', first ?? '', { timeout: 60_000 });
  await expect(page.getByTestId('train.state')).toHaveText('Done.', { timeout: 180_000 });
  expect(Number(await strip.getAttribute('data-updates'))).toBeGreaterThanOrEqual(2);
});

test('the regressor chart has no energy curves or legend', async ({ page }) => {
  test.setTimeout(180_000);
  const studio = new StudioPage(page);
  await studio.ready();
  await studio.train('regressor', { subset: 512, epochs: 1, name: 'plain' });
  await expect(page.getByTestId('train.strip')).toBeVisible(); // the final step always brings a preview
  const chart = page.getByTestId('train.chart');
  await expect(chart).toHaveAttribute('aria-label', 'Training curve: loss per step');
});

test('a reload during a run shows the form it was started with, then the summary with one-click use', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const studio = new StudioPage(page);
  await studio.ready();
  await studio.openTab('training');
  await page.getByTestId('train.kind').selectOption('regressor');
  await page.getByTestId('train.lr').fill('0.002');
  await studio.startTraining('regressor', { subset: 4000, epochs: 3, name: 'survives reload' });
  await expect(page.getByTestId('train.state')).toContainText('Epoch', { timeout: 60_000 });
  await page.reload();
  await studio.ready();
  await studio.openTab('training');
  await expect(page.getByTestId('train.kind')).toHaveValue('regressor');
  await expect(page.getByTestId('train.epochs')).toHaveValue('3');
  await expect(page.getByTestId('train.lr')).toHaveValue('0.002');
  await expect(page.getByTestId('train.subset')).toHaveValue('4000');
  await expect(page.getByTestId('train.name')).toHaveValue('survives reload');
  await expect(page.getByTestId('train.state')).toHaveText('Done.', { timeout: 180_000 });
  await expect(page.getByTestId('train.summary.loss')).toHaveText(/^\d+\.\d{4}$/);
  await expect(page.getByTestId('train.summary.figure')).toContainText(/\d\.\d{4} \(active model: \d\.\d{4}\)/);
  await page.getByTestId('train.use').click();
  await expect(page.getByTestId('models.name')).toHaveValue('survives reload');
});
