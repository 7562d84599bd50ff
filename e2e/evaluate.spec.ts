// Evaluate in the app: the eval table (methods × mask families on N test digits) runs in the core's eval
// process with progress and cancel, and shows as a sortable table, plots and a CSV.
import { readFileSync } from 'node:fs';
import { test, expect } from './fixture';
import { EvalPage } from './pages/eval-page';

const sortedUp = (xs: number[]) => xs.every((x, i) => i === 0 || x >= xs[i - 1]);
const sortedDown = (xs: number[]) => xs.every((x, i) => i === 0 || x <= xs[i - 1]);

test('a tiny eval fills the table, sorts by accuracy, plots, and exports a CSV', async ({ page }) => {
  test.setTimeout(180_000);
  const ev = await EvalPage.opened(page);
  await ev.choose({ methods: ['pca', 'regressor'], families: ['center-gray', 'holes'], n: 20, d: '0, 5000' });
  // A bad d list is refused at the field, in words, and Run waits for a good one.
  await expect(page.getByTestId('eval.d.message')).toContainText('is not a d the PCA takes');
  await expect(page.getByTestId('eval.run')).toBeDisabled();
  await page.getByTestId('eval.d').fill('50, 10');
  await expect(page.getByTestId('eval.d.message')).toHaveCount(0);
  await ev.run();
  await expect(ev.status).toContainText('Done: 20 test images', { timeout: 120_000 });

  // Per family: ceiling, floor, PCA at d = 10 and 50, the regressor.
  await expect(ev.rows).toHaveCount(10);
  const accuracy = await ev.column('accuracy');
  const mse = await ev.column('mse');
  for (const x of [...accuracy, ...mse]) expect(Number.isFinite(x)).toBe(true);
  expect(accuracy.every((a) => a >= 0 && a <= 1)).toBe(true);
  await expect(page.locator('[data-testid="eval.row"][data-method="clean"]')).toHaveCount(2);
  await expect(page.locator('[data-testid="eval.row"][data-method="gray"]')).toHaveCount(2);
  expect(sortedUp(accuracy)).toBe(false); // the ceiling comes first, the floor right after it

  await page.getByTestId('eval.sort.accuracy').click();
  await expect(page.locator('th[aria-sort="ascending"]')).toContainText('Accuracy');
  const up = await ev.column('accuracy');
  expect(sortedUp(up)).toBe(true);
  expect(up).not.toEqual(accuracy);
  expect([...up].sort()).toEqual([...accuracy].sort());
  await page.getByTestId('eval.sort.accuracy').click();
  await expect(page.locator('th[aria-sort="descending"]')).toContainText('Accuracy');
  expect(sortedDown(await ev.column('accuracy'))).toBe(true);

  // The plots: a bar per method with floor and ceiling, accuracy and MSE against d, each drawn.
  for (const id of ['eval.chart.bars', 'eval.chart.accuracy-d', 'eval.chart.mse-d'])
    await expect.poll(() => ev.paintedPixels(id), { message: `${id} is drawn` }).toBeGreaterThan(500);
  await page.getByTestId('eval.plot-family').selectOption('holes');
  await expect.poll(() => ev.paintedPixels('eval.chart.bars')).toBeGreaterThan(500);

  const download = page.waitForEvent('download');
  await page.getByTestId('eval.export').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('inpaint-eval-n20-seed1.csv');
  const lines = readFileSync(await file.path(), 'utf8')
    .trimEnd()
    .split('\n');
  expect(lines[0]).toBe('family,method,method_id,d,accuracy,patch_mse,n,seed');
  expect(lines).toHaveLength(11);
  for (const line of lines.slice(1)) {
    const f = line.split(',');
    expect(f).toHaveLength(8);
    expect(['center-gray', 'holes']).toContain(f[0]);
    expect(['clean', 'gray', 'pca', 'regressor']).toContain(f[2]);
    expect(Number.isFinite(Number(f[4])) && Number.isFinite(Number(f[5]))).toBe(true);
  }
  expect(lines.filter((l) => l.includes(',pca,10,')).length).toBe(2);
});

test('cancel during a large run stops it and says so; the next run starts', async ({ page }) => {
  test.setTimeout(180_000);
  const ev = await EvalPage.opened(page);
  await ev.choose({
    methods: ['pca-masked', 'pca'],
    families: ['center-gray', 'rectangles', 'strokes', 'holes', 'half', 'union'],
    n: 10_000,
    d: '100, 200, 400, 784',
  });
  await ev.run();
  // Running: the progress bar and a figure of work done arrive from the eval process.
  await expect(page.getByTestId('eval.progress')).toBeVisible();
  await expect(ev.status).toContainText('image evaluations', { timeout: 120_000 });
  await page.getByTestId('eval.cancel').click();
  await expect(ev.status).toContainText('Cancelled: the evaluation was stopped');
  await expect(page.getByTestId('eval.progress')).toHaveCount(0);
  await expect(page.getByTestId('eval.table')).toHaveCount(0);
  // Nothing of the cancelled run comes back later, and a new one can start at once.
  await ev.choose({ methods: ['pca'], families: ['holes'], n: 5, d: '10' });
  await ev.run();
  await expect(ev.status).toContainText('Done: 5 test images', { timeout: 120_000 });
  await expect(ev.rows).toHaveCount(3);
});

test('a reload during a run shows the run and its form as started, and it can still be cancelled', async ({ page }) => {
  test.setTimeout(180_000);
  const ev = await EvalPage.opened(page);
  await ev.choose({ methods: ['pca-masked'], families: ['center-gray', 'union'], n: 10_000, d: '400, 784' });
  await ev.run();
  await expect(ev.status).toContainText('image evaluations', { timeout: 120_000 });
  await page.reload();
  await EvalPage.opened(page);
  await expect(page.getByTestId('eval.cancel')).toBeVisible();
  await expect(ev.status).toContainText('image evaluations');
  // The form shows the run as it was started, not the defaults.
  await expect(page.getByTestId('eval.n')).toHaveValue('10000');
  await expect(page.getByTestId('eval.d')).toHaveValue('400, 784');
  await expect(page.getByTestId('eval.method.pca-masked')).toBeChecked();
  await expect(page.getByTestId('eval.method.pca')).not.toBeChecked();
  await expect(page.getByTestId('eval.family.union')).toBeChecked();
  await expect(page.getByTestId('eval.family.center-gray')).toBeChecked();
  await expect(page.getByTestId('eval.family.holes')).not.toBeChecked();
  await page.getByTestId('eval.cancel').click();
  await expect(ev.status).toContainText('Cancelled: the evaluation was stopped');
  await expect(page.getByTestId('eval.run')).toBeEnabled();
});
