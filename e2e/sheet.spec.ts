// The exercise sheet's methods in the studio (needs the shipped mdn-default and crbm-default): the MDN
// panel shows its K completions and answers by a named rule, the CRBM's Gibbs chain plays to its last step, a
// descent path replays.
import { test, expect } from './fixture';
import { StudioPage } from './pages/studio-page';

test('the MDN shows K thumbnails, the CRBM chain plays, and a descent path replays', async ({ page }) => {
  test.setTimeout(180_000);
  const studio = new StudioPage(page);
  await studio.ready();
  await studio.loadTestDigit(3);
  await studio.settledResults();

  // Each panel's extras open in a dialog from its "More" button (the grid keeps its layout).
  const mdn = studio.result('mdn');
  await mdn.getByTestId('result.mdn.more').click();
  await expect(mdn.getByTestId('mdn.samples')).toBeVisible();
  await expect(mdn.getByTestId('mdn.sample')).toHaveCount(5);
  await expect(mdn.getByTestId('mdn.sample').first()).toContainText('α');
  await expect(mdn.getByTestId('mdn.sample').first()).toContainText('π'); // the original is known
  // The shipped MDN answers with the completion closest to the generator's answer: one thumbnail is marked.
  await expect(mdn.getByTestId('mdn.samples')).toContainText("answer: closest to the generator's answer");
  await expect(mdn.locator('[data-testid="mdn.sample"].chosen')).toHaveCount(1);
  await mdn.getByTestId('result.mdn.dialog.close').click();

  // The answer rule is a named choice: the mixture mean is no single thumbnail.
  const rule = page.getByTestId('param.mdn.rule.select');
  await expect(rule).toHaveValue('0');
  await rule.selectOption({ label: 'mixture mean' });
  await mdn.getByTestId('result.mdn.more').click();
  await expect(mdn.getByTestId('mdn.samples')).toContainText('answer: mixture mean');
  await expect(mdn.locator('[data-testid="mdn.sample"].chosen')).toHaveCount(0);
  await mdn.getByTestId('result.mdn.dialog.close').click();
  await rule.selectOption({ label: "holdout's pick" });

  const crbm = studio.result('crbm');
  await crbm.getByTestId('result.crbm.more').click();
  const label = crbm.getByTestId('chain.crbm.stepLabel');
  await expect(label).toHaveText('0/49');
  const first = await crbm.getByTestId('chain.crbm.image').getAttribute('data-pixels');
  await crbm.getByTestId('chain.crbm.play').click();
  await expect(label).toHaveText('49/49', { timeout: 30_000 });
  expect(await crbm.getByTestId('chain.crbm.image').getAttribute('data-pixels')).not.toBe(first);

  await crbm.getByTestId('result.crbm.dialog.close').click();

  await mdn.getByTestId('result.mdn.more').click();
  await mdn.getByTestId('descent.mdn.run').click();
  const step = mdn.getByTestId('descent.mdn.step');
  await expect(step).toBeVisible();
  await step.fill('30');
  await expect(mdn.getByTestId('descent.mdn.stepLabel')).toHaveText('30/30');
});
