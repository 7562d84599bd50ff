// The drawing studio end to end: draw, mark missing, live results, pen pressure, eraser, undo/redo,
// test digits and patches, the d slider, training, the model store, screenshots, and latency.
import { mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { test, expect } from './fixture';
import { StudioPage, type Cell } from './pages/studio-page';
import { threadNiceness, trainerPid } from './processes';
import { methodInfo } from '../shared/methods';

/** n+1 evenly spaced cells from a to b, so pen strokes get many move events. */
function line(a: Cell, b: Cell, n = 12): Cell[] {
  return Array.from(
    { length: n + 1 },
    (_, i) => [a[0] + ((b[0] - a[0]) * i) / n, a[1] + ((b[1] - a[1]) * i) / n] as Cell,
  );
}

function stats(values: number[]): { n: number; median: number; p95: number } {
  const v = [...values].sort((a, b) => a - b);
  return { n: v.length, median: v[Math.floor(v.length / 2)], p95: v[Math.ceil(0.95 * v.length) - 1] };
}

const SEVEN: Cell[] = [
  [8, 7],
  [20, 7],
  [12, 22],
];

test('drawing a digit and marking part missing updates every result panel while known pixels stay as drawn', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const studio = new StudioPage(page);
  await studio.ready();
  await studio.ensurePca();
  const METHODS = await studio.availableMethods();
  expect(METHODS).toEqual(expect.arrayContaining(['pca', 'pca-masked']));
  await studio.stroke(SEVEN);
  expect(await studio.inked()).toBeGreaterThan(20);
  await studio.settledResults();
  const before = await Promise.all(METHODS.map((m) => studio.result(m).getAttribute('data-pixels')));

  await studio.tool('mark');
  await studio.maskShape('rect');
  await studio.stroke([
    [8.7, 9.7],
    [19.3, 16.3],
  ]); // cell centres of columns 9..18, rows 10..15
  expect(await studio.missing()).toBe(60);
  await expect(page.getByTestId('preview.missing')).toHaveText('60 missing pixels');

  const last = await studio.settledResults();
  for (const [i, m] of METHODS.entries()) {
    await expect(studio.result(m)).not.toHaveAttribute('data-pixels', before[i] ?? '');
    const out = last.results[m];
    expect(out, `${m} returned an image`).toBeTruthy();
    for (let p = 0; p < 784; p++) {
      if (last.mask[p]) continue;
      expect(Math.abs(out![p] - last.input[p]), `${m} pixel ${p} is known`).toBeLessThan(1e-6);
    }
  }
  expect(last.mask.filter((v) => v === 1)).toHaveLength(60);
  last.mask.forEach((v, p) => v && expect(last.input[p]).toBe(0.5));
  await expect(studio.result('original')).toBeVisible();
  await expect(page.getByTestId('result.pca.mse')).toBeVisible();
});

test('pen pressure sets the stroke width, and can be switched off', async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.ready();
  const stroke = line([5, 14.5], [23, 14.5], 18);
  await studio.penStroke(stroke, 0.2);
  const light = await studio.inked();
  await studio.clear();
  await studio.penStroke(stroke, 1.0);
  const firm = await studio.inked();
  expect(light).toBeGreaterThan(10);
  expect(firm).toBeGreaterThan(light * 1.8);

  await page.getByTestId('tool.pressure').uncheck();
  await studio.clear();
  await studio.penStroke(stroke, 0.2);
  expect(await studio.inked()).toBe(firm);
});

test('the eraser removes ink, the pen eraser end too, and undo/redo step one gesture at a time', async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.ready();
  await studio.stroke([
    [4, 14.5],
    [24, 14.5],
  ]);
  const drawn = await studio.inked();
  await page.keyboard.press('e');
  await expect(page.getByTestId('tool.eraser')).toHaveAttribute('aria-pressed', 'true');
  await studio.stroke([
    [14, 8],
    [14, 20],
  ]);
  const erased = await studio.inked();
  expect(erased).toBeLessThan(drawn);
  expect(erased).toBeGreaterThan(0);

  await studio.undo();
  await expect(studio.stage).toHaveAttribute('data-inked', String(drawn));
  await studio.redo();
  await expect(studio.stage).toHaveAttribute('data-inked', String(erased));
  await page.keyboard.press('Control+y'); // nothing left to redo: unchanged
  await expect(studio.stage).toHaveAttribute('data-inked', String(erased));
  await studio.undo();
  await studio.undo();
  await expect(studio.stage).toHaveAttribute('data-inked', '0');
  await expect(page.getByTestId('edit.undo')).toBeDisabled();
  await page.getByTestId('edit.redo').click();
  await expect(studio.stage).toHaveAttribute('data-inked', String(drawn));

  await page.keyboard.press('b');
  await studio.penStroke(line([14, 6], [14, 22]), 1, { eraser: true });
  expect(await studio.inked()).toBeLessThan(drawn);
});

test('a test digit loads with a center-gray patch, and a new patch keeps the ink', async ({ page }) => {
  test.setTimeout(180_000);
  const studio = new StudioPage(page);
  await studio.ready();
  await studio.ensurePca();
  await page.getByTestId('start.index').fill('3');
  await page.getByTestId('start.load').click();
  await expect(page.getByTestId('start.source')).toContainText('#3');
  expect(await studio.missing()).toBeGreaterThanOrEqual(8 * 8 - 20); // a patch, possibly clipped
  await studio.settledResults();
  const original = await studio.result('original').getAttribute('data-pixels');
  await expect(page.getByTestId('result.pca.mse')).toBeVisible();
  await page.keyboard.down('o'); // hold O: the input panel shows the original
  await expect(studio.result('input')).toHaveAttribute('data-pixels', original ?? '');
  await page.keyboard.up('o');
  await expect(studio.result('input')).toHaveAttribute('data-pixels', await studio.inputHash());

  const input = await studio.inputHash();
  for (let i = 0; i < 3 && (await studio.inputHash()) === input; i++) {
    await page.getByTestId('start.new-patch').click();
    await expect(page.getByTestId('start.new-patch')).toBeEnabled();
  }
  expect(await studio.inputHash()).not.toBe(input);
  await studio.settledResults();
  await expect(studio.result('original')).toHaveAttribute('data-pixels', original ?? '');
  await expect(page.getByTestId('start.source')).toContainText('#3');

  await page.getByTestId('start.random').click();
  await expect(page.getByTestId('start.source')).toContainText('Test digit #');
});

test('each PCA method has its own d: the log slider moves it, the field refuses bad values in words', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const studio = new StudioPage(page);
  await studio.ready();
  await studio.ensurePca();
  await studio.loadTestDigit(0);
  await studio.settledResults();
  const field = page.getByTestId('param.pca.d.field');
  const maskedField = page.getByTestId('param.pca-masked.d.field');
  await expect(field).toHaveValue(String(methodInfo('pca').params.d.default));
  await expect(maskedField).toHaveValue(String(methodInfo('pca-masked').params.d.default));
  const atDefault = await studio.result('pca').getAttribute('data-pixels');
  const masked = await studio.result('pca-masked').getAttribute('data-pixels');
  const slider = page.getByTestId('param.pca.d.slider');
  await slider.focus();
  await page.keyboard.press('Home');
  await expect(field).toHaveValue('1');
  await expect(studio.result('pca')).not.toHaveAttribute('data-pixels', atDefault ?? '');
  const at1 = await studio.result('pca').getAttribute('data-pixels');
  await page.keyboard.press('End');
  await expect(field).toHaveValue('784');
  await expect(studio.result('pca')).not.toHaveAttribute('data-pixels', at1 ?? '');
  // One step of the log slider from 1 moves d by one: small d gets the track.
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowRight');
  await expect(field).toHaveValue('2');
  // The other PCA method kept its own d and its result.
  await expect(maskedField).toHaveValue(String(methodInfo('pca-masked').params.d.default));
  await expect(studio.result('pca-masked')).toHaveAttribute('data-pixels', masked ?? '');

  // Bad values are refused at the field, in words; the result stays that of the last good d (1 here).
  await page.keyboard.press('Home');
  await expect(studio.result('pca')).toHaveAttribute('data-pixels', at1 ?? '');
  const shown = at1;
  for (const bad of ['0', '-3', '5000', '12.5', '']) {
    await field.fill(bad);
    await expect(page.getByTestId('param.pca.d.message')).toContainText('a whole number from 1 to 784');
    await expect(field).toHaveAttribute('aria-invalid', 'true');
  }
  await expect(page.getByTestId('results.error')).toHaveCount(0);
  await expect(studio.result('pca')).toHaveAttribute('data-pixels', shown ?? '');
  // A good value typed and Enter: applied, the message gone.
  await field.fill('15');
  await field.press('Enter');
  await expect(page.getByTestId('param.pca.d.message')).toHaveCount(0);
  await expect(page.getByTestId('param.pca.d.slider')).toHaveAttribute('aria-valuetext', '15');
  await expect(studio.result('pca')).not.toHaveAttribute('data-pixels', shown ?? '');
  // Leaving a refused value puts the value in use back.
  await field.fill('abc');
  await field.blur();
  await expect(field).toHaveValue('15');
});

test('training shows progress and a live chart, cancels, then a small generator run is used for inpainting', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const studio = new StudioPage(page);
  await studio.ready();
  await studio.openTab('training');
  await expect(page.getByTestId('train.backend')).toBeVisible();
  await page.getByTestId('train.kind').selectOption('generator');
  await page.getByTestId('train.epochs').fill('3');
  await page.getByTestId('train.start').click();
  const progress = page.getByTestId('train.progress');
  await expect
    .poll(async () => Number(await progress.getAttribute('data-step')), { timeout: 60_000 })
    .toBeGreaterThan(0);
  const chart = page.getByTestId('train.chart');
  const points = Number(await chart.getAttribute('data-points'));
  await expect
    .poll(async () => Number(await chart.getAttribute('data-points')), { timeout: 60_000 })
    .toBeGreaterThan(points);
  await expect(page.getByTestId('train.state')).toContainText('examples/s');
  await page.getByTestId('train.cancel').click();
  await expect(page.getByTestId('train.state')).toContainText('Cancelled', { timeout: 30_000 });

  await studio.train('generator', { subset: 512, epochs: 1, name: 'quick generator' });
  await page.getByTestId('train.use').click();
  const row = studio.modelRow('Show details of quick generator');
  await expect(row.getByTestId('models.active')).toBeVisible();
  // The new generator now fills the canvas's missing pixels.
  await expect(studio.result('generator').getByTestId('result.generator.unavailable')).toHaveCount(0);
  await studio.tool('mark');
  await studio.stroke([
    [8, 10],
    [20, 16],
  ]);
  const last = await studio.settledResults();
  expect(last.results.generator).toHaveLength(784);
  await expect(page.getByTestId('result.generator.energy')).toBeVisible();

  // A classifier adds its top digits to every panel.
  await studio.train('classifier', { subset: 512, epochs: 1, name: 'quick classifier' });
  await expect(
    studio.result('input').getByRole('list', { name: "Classifier's top digits" }).getByRole('listitem'),
  ).toHaveCount(3);
});

test('models can be renamed, exported, imported and deleted with confirmation, survive reload and restart', async ({
  page,
  host,
  restart,
}) => {
  test.setTimeout(180_000);
  const studio = new StudioPage(page);
  await studio.ready();
  await studio.train('pca', { subset: 500, name: 'small pca' });

  await studio.openTab('models');
  await studio.modelRow('Show details of small pca').getByTestId('models.select').click();
  await page.getByTestId('models.name').fill('renamed pca');
  await page.getByTestId('models.rename').click();
  const renamed = studio.modelRow('Show details of renamed pca');
  await expect(renamed).toHaveCount(1);

  if (host === 'browser') {
    const download = page.waitForEvent('download');
    await page.getByTestId('models.export').click();
    const file = join(test.info().outputDir, (await download).suggestedFilename());
    await (await download).saveAs(file);
    await page.getByTestId('models.import-file').setInputFiles(file);
    // The same name exists: the import gets a distinct one and says so.
    await expect(page.getByTestId('models.notice')).toHaveText(
      'Imported as “renamed pca (2)” (pca): a model named “renamed pca” exists already.',
    );
    await expect(studio.modelRows().filter({ hasText: 'renamed pca' })).toHaveCount(2);
    await expect(studio.modelRows().filter({ hasText: 'renamed pca (2)' })).toHaveCount(1);
  }

  await renamed.first().getByTestId('models.select').click();
  await page.getByTestId('models.delete').click();
  await expect(page.getByTestId('confirm.dialog')).toBeVisible();
  await page.getByTestId('confirm.cancel').click();
  const count = await studio.modelRows().count();
  expect(count).toBeGreaterThan(0);
  await page.getByTestId('models.delete').click();
  await page.getByTestId('confirm.ok').click();
  await expect(studio.modelRows()).toHaveCount(count - 1);
  const names = await studio.modelRows().allInnerTexts();

  await page.reload();
  await studio.ready();
  await studio.openTab('models');
  await expect(studio.modelRows()).toHaveCount(count - 1);
  expect(await studio.modelRows().allInnerTexts()).toEqual(names);

  const again = new StudioPage(await restart());
  await again.ready();
  await again.openTab('models');
  await expect(again.modelRows()).toHaveCount(count - 1);
  expect(await again.modelRows().allInnerTexts()).toEqual(names);
});

test('the shortcuts dialog opens with H and ? and closes; size and tool keys work', async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.ready();
  await page.keyboard.press('h');
  await expect(page.getByTestId('help.dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('help.dialog')).toBeHidden();
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await page.getByTestId('help.close').click();
  await expect(page.getByTestId('help.dialog')).toBeHidden();

  const size = page.getByTestId('tool.size');
  const start = Number(await size.inputValue());
  await page.keyboard.press(']');
  await expect.poll(async () => Number(await size.inputValue())).toBeGreaterThan(start);
  await page.keyboard.press('[');
  await page.keyboard.press('[');
  await expect.poll(async () => Number(await size.inputValue())).toBeLessThan(start);
  await page.keyboard.press('r');
  await expect(page.getByTestId('tool.mark')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('tool.shape-rect')).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('u');
  await expect(page.getByTestId('tool.unmark')).toHaveAttribute('aria-pressed', 'true');
});

/** Strokes per latency measurement: 20, or INPAINT_E2E_STROKES for a closer p95 when measuring by hand. */
const STROKES = Number(process.env.INPAINT_E2E_STROKES) || 20;

/**
 * Draws STROKES strokes over a marked patch, each after the last answer has settled, and prints pointer-up →
 * every panel updated (from canvas pixels) with its breakdown. Speed is printed, never asserted (a loaded
 * CI machine would flake); the test asserts the measurement is real. Targets (issue 12, item 8): p95 ≤ 16 ms
 * on an idle machine, ≤ 50 ms while a model trains.
 */
async function measurePointerUp(studio: StudioPage, what: string): Promise<void> {
  test.setTimeout(test.info().timeout + 2_000 * STROKES);
  console.log(`methods measured: ${(await studio.availableMethods()).join(', ')}`);
  const ms: number[] = [];
  for (let i = 0; i < STROKES; i++) {
    if (i % 20 === 0) {
      // A fresh canvas every 20 strokes, so each stroke changes the input.
      if (i > 0) await studio.clear();
      await studio.tool('mark');
      await studio.stroke([
        [8, 12],
        [20, 14],
      ]);
      await studio.tool('brush');
    }
    const y = 4 + (i % 20);
    await studio.stroke([
      [6, y],
      [12 + (i % 5), y + 1],
      [22, y],
    ]);
    await studio.settledResults();
    ms.push((await studio.latencies()).at(-1) ?? NaN);
  }
  const up = stats(ms);
  const trips = stats(await studio.roundTrips());
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  console.log(
    `pointer-up → all panels updated${what}: median ${up.median.toFixed(1)} ms, p95 ${up.p95.toFixed(1)} ms ` +
      `(n=${up.n}; load average ${load})`,
  );
  console.log(
    `request sent → all panels updated: median ${trips.median.toFixed(1)} ms, ` +
      `p95 ${trips.p95.toFixed(1)} ms (n=${trips.n})`,
  );
  const compute = stats(await studio.computeTimes());
  console.log(
    `the methods' time in the core, summed (in the pool they run side by side): ` +
      `median ${compute.median.toFixed(1)} ms, p95 ${compute.p95.toFixed(1)} ms`,
  );
  const inPage = stats(await studio.pageTimes());
  console.log(
    `of which answer received → panels updated: median ${inPage.median.toFixed(1)} ms, p95 ${inPage.p95.toFixed(1)} ms`,
  );
  expect(ms.every((x) => Number.isFinite(x) && x >= 0)).toBe(true);
  expect(trips.n).toBeGreaterThan(STROKES);
}

test('pointer-up to every panel updated stays fast (p95 reported)', async ({ page }) => {
  test.setTimeout(180_000);
  const studio = new StudioPage(page);
  await studio.ready();
  await studio.ensurePca();
  await measurePointerUp(studio, '');
});

test('pointer-up to every panel updated while the app trains a generator (p95 reported)', async ({ page, app }) => {
  test.setTimeout(240_000);
  const studio = new StudioPage(page);
  await studio.ready();
  await studio.ensurePca();
  // The app's own trainer (a niced child process with a training thread per core), past its start-up.
  await studio.startTraining('generator', { epochs: 3 });
  const progress = page.getByTestId('train.progress');
  await expect
    .poll(async () => Number(await progress.getAttribute('data-step')), { timeout: 60_000 })
    .toBeGreaterThan(0);
  const trainer = app.host === 'browser' && app.pid ? await trainerPid(app.pid) : undefined;
  if (trainer) console.log(`trainer threads' niceness: ${(await threadNiceness(trainer)).join(' ')}`);
  await measurePointerUp(studio, ' while a generator trains');
  // Still training all along: the figures above were taken against it.
  await expect(page.getByTestId('train.state')).toContainText('examples/s');
  await page.getByTestId('train.cancel').click();
  await expect(page.getByTestId('train.state')).toContainText('Cancelled', { timeout: 30_000 });
});

test('screenshots of the main screen for the README', async ({ page }) => {
  test.setTimeout(180_000);
  const studio = new StudioPage(page);
  await studio.ready();
  await studio.ensurePca();
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.reload(); // a fresh screen, scrolled to the top, models kept
  await studio.ready();
  const dir = join(process.cwd(), 'docs', 'screenshots');
  mkdirSync(dir, { recursive: true });

  await page.getByTestId('start.index').fill('7');
  await page.getByTestId('start.load').click();
  await studio.settledResults();
  await page.mouse.move(0, 0);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(dir, 'studio-test-digit.png') });

  await studio.clear();
  await studio.stroke([
    [9, 6],
    [18, 6],
    [19, 10],
    [14, 14],
    [19, 18],
    [17, 22],
    [9, 22],
  ]);
  await studio.tool('mark');
  await studio.stroke([
    [10, 12],
    [19, 15],
  ]);
  await studio.settledResults();
  await page.mouse.move(0, 0);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(dir, 'studio-drawn.png') });

  await studio.openTab('models');
  await expect(studio.modelRows().first()).toBeVisible();
  await studio.modelRows().first().getByTestId('models.select').click();
  await page.screenshot({ path: join(dir, 'studio-models.png'), fullPage: true });
});
