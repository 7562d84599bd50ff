// Every number on the results screen is explained and belongs to the image it sits under: the original's
// own E and digits (also while "Hold: original"), the E scale of real digits, the best panels marked, the
// true label, and what to do next on a blank or unmasked canvas instead of meaningless predictions.
import { test, expect } from './fixture';
import { StudioPage, type Cell } from './pages/studio-page';

const SEVEN: Cell[] = [
  [8, 7],
  [20, 7],
  [12, 22],
];

test('a blank canvas and a drawing with nothing missing say what to do next instead of predictions', async ({
  page,
}) => {
  const studio = new StudioPage(page);
  await studio.ready();
  await studio.settledResults(); // the blank canvas's answer has arrived: still no predictions shown
  await expect(page.getByTestId('results.next')).toContainText('Draw a digit');
  await expect(page.getByTestId('result.pca.placeholder')).toBeVisible();
  await expect(page.getByTestId('result.pca.probs')).toHaveCount(0);
  await studio.stroke(SEVEN);
  await expect(page.getByTestId('results.next')).toContainText('mark part of the digit missing');
  await expect(page.getByTestId('result.generator.placeholder')).toContainText('Mark part of the digit missing');
  await expect(page.getByTestId('result.original.placeholder')).toContainText('Nothing is missing');
  await studio.tool('mark');
  await studio.maskShape('rect');
  await studio.stroke([
    [8.7, 9.7],
    [19.3, 16.3],
  ]);
  await expect(page.getByTestId('results.next')).toHaveCount(0);
  await expect(page.getByTestId('result.pca.placeholder')).toHaveCount(0);
  await expect(page.getByTestId('result.pca.probs')).toBeVisible();
});

test('the original shows its own E and digits, also while held; the E scale, best marks and true label', async ({
  page,
}) => {
  const studio = new StudioPage(page);
  await studio.ready();
  await studio.loadTestDigit(7);
  await studio.settledResults();
  const label = (await page.getByTestId('start.source').textContent())?.match(/true label (\d)/)?.[1];
  expect(label).toBeTruthy();
  await expect(page.getByTestId('result.original.mark.label')).toHaveText(`label ${label}`);

  // The original is judged by the core like every panel: E and the classifier's digits.
  const originalE = page.getByTestId('result.original.energy');
  const inputE = page.getByTestId('result.input.energy');
  await expect(originalE).toHaveText(/^-?\d+\.\d\d$/);
  await expect(page.getByTestId('result.original.probs')).toBeVisible();
  const eOriginal = (await originalE.textContent())?.trim();
  const eInput = (await inputE.textContent())?.trim();
  expect(eInput).not.toBe(eOriginal); // the gray patch changes E

  // Holding the original shows the original's figures under the original, not the input's.
  const hold = page.getByTestId('hold.original');
  await hold.focus();
  await page.keyboard.down(' ');
  await expect(studio.result('input')).toContainText('Original (held)');
  await expect(inputE).toHaveText(eOriginal ?? '');
  await page.keyboard.up(' ');
  await expect(inputE).toHaveText(eInput ?? '');

  // The legend gives the E range of real test digits; the best panel by error and by E is marked once each.
  await expect(page.getByTestId('results.legend')).toContainText('lower looks more like a real digit');
  await expect(page.getByTestId('results.energy-scale')).toHaveText(
    /Real test digits: -?\d+\.\d\d to -?\d+\.\d\d \(90% of 500, median -?\d+\.\d\d\)/,
  );
  await expect(page.locator('[data-testid$=".mark.best-error"]')).toHaveCount(1);
  await expect(page.locator('[data-testid$=".mark.best-energy"]')).toHaveCount(1);
  // The marked panel really has the lowest error of the methods.
  const errs = await page
    .locator('[data-testid^="result."][data-testid$=".mse"]')
    .evaluateAll((els) =>
      els
        .filter((e) => !e.getAttribute('data-testid')?.startsWith('result.input'))
        .map((e) => ({ id: e.getAttribute('data-testid')?.split('.')[1], v: Number(e.textContent) })),
    );
  const lowest = errs.reduce((a, b) => (b.v < a.v ? b : a));
  await expect(page.getByTestId(`result.${lowest.id}.mark.best-error`)).toBeVisible();
});
