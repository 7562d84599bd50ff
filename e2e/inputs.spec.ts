// Inputs that cannot be wrong: fields refuse bad values where they are typed, in words; Enter submits;
// the import picker offers the files it accepts; nothing on screen is schema text.
import { test, expect } from './fixture';
import { StudioPage } from './pages/studio-page';

test('training fields refuse bad values in words and Start waits; Enter starts a valid form', async ({ page }) => {
  test.setTimeout(120_000);
  const studio = new StudioPage(page);
  await studio.ready();
  await studio.openTab('training');
  await page.getByTestId('train.kind').selectOption('generator');
  const lr = page.getByTestId('train.lr');
  for (const [bad, words] of [
    ['', 'Type a number from 0.00001 to 1'],
    ['0', 'At least 0.00001'],
    ['abc', 'is not a number'],
  ]) {
    await lr.fill(bad);
    await expect(page.getByTestId('train.lr.message')).toContainText(words);
    await expect(page.getByTestId('train.start')).toBeDisabled();
  }
  await page.getByTestId('train.epochs').fill('2.5');
  await expect(page.getByTestId('train.epochs.message')).toContainText('a whole number from 1 to 1000');
  await page.getByTestId('train.epochs').fill('1');
  await lr.fill('0.001');
  await expect(page.getByTestId('train.start')).toBeEnabled();
  // Training threads: a whole number in range, or empty for the default (every core, at most 8).
  const threads = page.getByTestId('train.workers');
  await threads.fill('0');
  await expect(page.getByTestId('train.workers.message')).toContainText('At least 1');
  await expect(page.getByTestId('train.start')).toBeDisabled();
  await threads.fill('');
  await expect(page.getByTestId('train.start')).toBeEnabled();
  // Changing what to train keeps the subset and the name typed so far.
  await page.getByTestId('train.subset').fill('200');
  await page.getByTestId('train.name').fill('quick one');
  await page.getByTestId('train.kind').selectOption('regressor');
  await expect(page.getByTestId('train.subset')).toHaveValue('200');
  await expect(page.getByTestId('train.name')).toHaveValue('quick one');
  await expect(page.getByTestId('train.workers')).toBeVisible(); // the regressor trains on threads too
  await page.getByTestId('train.kind').selectOption('crbm');
  await expect(page.getByTestId('train.workers')).toHaveCount(0); // the CRBM trains on one
  await page.getByTestId('train.kind').selectOption('pca');
  await page.getByTestId('train.subset').press('Enter');
  // 200 images make a weak model: the form asks before starting (and Cancel starts nothing).
  await expect(page.getByTestId('confirm.dialog')).toContainText('Train on only 200 images?');
  await page.getByTestId('confirm.cancel').click();
  await expect(page.getByTestId('train.state')).toHaveCount(0);
  await page.getByTestId('train.subset').press('Enter');
  await page.getByTestId('confirm.ok').click();
  await expect(page.getByTestId('train.state')).toHaveText('Done.', { timeout: 90_000 });
  // The summary says what came out, with one click to use it.
  await expect(page.getByTestId('train.summary')).toContainText('PCA trained');
  await expect(page.getByTestId('train.summary.time')).toHaveText(/^\d+\.\d s$/);
  await expect(page.getByTestId('train.state')).toHaveText('Done.');
  await expect(page.locator('body')).not.toContainText(/invalid request|expected \w+, received/);
});

test('the digit index refuses what does not exist and Enter loads it; the import picker offers .json', async ({
  page,
}) => {
  const studio = new StudioPage(page);
  await studio.ready();
  const index = page.getByTestId('start.index');
  await index.fill('10000');
  await expect(page.getByTestId('start.index.message')).toContainText('At most 9999');
  await expect(page.getByTestId('start.load')).toBeDisabled();
  await index.fill('-1');
  await expect(page.getByTestId('start.index.message')).toContainText('At least 0');
  await index.fill('42');
  await index.press('Enter');
  await expect(page.getByTestId('start.source')).toContainText('#42');
  await studio.openTab('models');
  await expect(page.getByTestId('models.import-file')).toHaveAttribute('accept', '.json,application/json');
  await expect(page.locator('body')).not.toContainText(/invalid request|expected \w+, received/);
});
