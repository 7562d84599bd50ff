// Training you can compare: the chart overlays the loss curves of earlier runs of the same kind, chosen
// under "Compare with…", dimmed and labelled with their model's name; each kind keeps its own choice.
import { test, expect } from './fixture';
import { StudioPage } from './pages/studio-page';

test('an earlier run of the same kind can be overlaid on the chart, labelled with its name, and cleared', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const studio = new StudioPage(page);
  await studio.ready();
  await studio.train('regressor', { subset: 512, epochs: 2, name: 'first run' });
  await studio.train('regressor', { subset: 512, epochs: 1, name: 'second run' });
  const chart = page.getByTestId('train.chart');
  await expect(chart).toHaveAttribute('data-series', 'loss');

  const compare = page.getByTestId('train.compare');
  await compare.locator('summary').click();
  const option = (name: string) => compare.getByRole('checkbox', { name });
  // This run is drawn already; the earlier one and the shipped regressor are offered.
  await expect(option('second run (this run)')).toBeDisabled();
  await expect(option('first run')).toBeEnabled();
  await expect(compare.getByTestId('train.compare.option')).toHaveCount(3);

  await option('first run').check();
  await expect(chart).toHaveAttribute('data-series', 'loss\nfirst run');
  await expect(chart).toHaveAttribute('aria-label', /compared with first run$/);
  await expect(compare.locator('summary')).toHaveText('Compare with… (1)');
  await compare.getByTestId('train.compare.clear').click();
  await expect(chart).toHaveAttribute('data-series', 'loss');
  await expect(option('first run')).not.toBeChecked();
});
