// A model's details are a card for its kind: the regressor never lists the energy network's settings,
// the generator does; the classifier shows its accuracy; curves show only what the kind has.
import { test, expect } from './fixture';
import { StudioPage } from './pages/studio-page';

test('model details are a readable card per kind, with only the settings that kind has', async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.ready();
  await studio.openTab('models');
  const open = async (name: RegExp) => {
    await studio.modelRow(name).getByTestId('models.select').click();
    await expect(page.getByTestId('models.card')).toBeVisible();
  };

  await open(/L2 regressor/);
  const card = page.getByTestId('models.card');
  await expect(page.getByTestId('models.kind')).toHaveText('Regressor (L2) (built in)');
  // The shipped regressor is the mask-mix conv net (issue 9); an MLP's card reads 'dense 1568 → … → 784'.
  await expect(page.getByTestId('models.card.architecture')).toContainText('convolutional U-Net');
  await expect(page.getByTestId('models.card.architecture')).not.toContainText('dense');
  await expect(page.getByTestId('models.card.training')).toContainText('L2 on the missing pixels');
  await expect(card).not.toContainText(/anchor|energy|reversal|E\(real/i);
  await expect(page.getByTestId('models.details')).not.toContainText(/config\.|metrics\.|request\./); // no key dump
  await expect(page.getByTestId('models.eval')).toContainText('regressor');
  await expect(page.getByTestId('models.curve')).toBeVisible();

  await open(/energy-based generator/i);
  await expect(page.getByTestId('models.card.architecture')).toContainText('Energy network');
  await expect(page.getByTestId('models.card.training')).toContainText('L2 anchor weight');
  await expect(page.getByTestId('models.card.figures')).toContainText('E(real), E(generated)');
  // Its curve: a dashed line per epoch (3), smoothing and a log-scale loss axis on request (keyboard).
  const curve = page.getByTestId('models.curve');
  await expect(curve).toHaveAttribute('data-epoch-marks', '3');
  await page.getByTestId('models.curve.smooth').press('Space');
  await expect(curve).toHaveAttribute('data-smooth', 'true');
  await page.getByTestId('models.curve.log').press('Space');
  await expect(curve).toHaveAttribute('data-scale', 'log');

  await open(/Classifier/);
  await expect(page.getByTestId('models.card.figures')).toContainText(/Test accuracy\s*98\.\d\d%/);
  await expect(page.getByTestId('models.card')).not.toContainText(/anchor|energy/i);
});
