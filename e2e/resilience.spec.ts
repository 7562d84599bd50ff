// What goes wrong and what the user sees: a damaged and a garbage model in the store, a trainer killed
// mid-run, and methods without a model. Each time the rest of the app keeps working.
import { readdir, readFile, writeFile, mkdir, cp } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { AppInfo, MethodInfo, ModelList } from '../shared/contract';
import { METHOD_IDS } from '../shared/methods';
import { test, expect, type AppHandle } from './fixture';
import { ShellPage } from './pages/shell-page';
import { trainerPid } from './processes';
import { StudioPage } from './pages/studio-page';

/** One call of the app's API, the way the page makes it (Electron) or through the token-protected HTTP API
 * (browser host). */
async function call<T>(app: AppHandle, page: Page, name: string, payload?: unknown): Promise<T> {
  if (app.host === 'electron') {
    return page.evaluate(
      ([n, p]) =>
        (window as unknown as Record<string, Record<string, (x: unknown) => Promise<unknown>>>).inpaint[n as string](p),
      [name, payload] as const,
    ) as Promise<T>;
  }
  const res = await fetch(`http://127.0.0.1:${app.port}/api/${name}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${app.token}`, 'content-type': 'application/json' },
    body: payload === undefined ? '' : JSON.stringify(payload),
  });
  const answer = (await res.json()) as { ok: boolean; result?: T; error?: string };
  if (!answer.ok) throw new Error(`${name}: ${answer.error}`);
  return answer.result as T;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('the header names the dataset next to the backend, whose badge says why it was chosen', async ({ page, app }) => {
  const shell = new ShellPage(page);
  await shell.waitUntilReady();
  const info = await call<AppInfo>(app, page, 'appInfo');
  await expect(shell.dataset).toContainText(info.dataset.name);
  await expect(shell.dataset).toContainText(`${info.dataset.trainCount.toLocaleString('en-US')} train`);
  await expect(shell.dataset).toContainText(`${info.dataset.testCount.toLocaleString('en-US')} test`);
  expect(info.backend.reason.length).toBeGreaterThan(0);
  await expect(shell.backend).toHaveAttribute('title', info.backend.reason);
});

test('a test digit is sampled and every available method inpaints it; the others say why not', async ({
  page,
  app,
}) => {
  test.setTimeout(60_000);
  const studio = new StudioPage(page);
  await studio.ready();
  await studio.ensurePca(); // a small fit when no built-in PCA ships; nothing big is trained
  await studio.loadTestDigit(11);
  const last = await studio.settledResults();
  const methods = await call<MethodInfo[]>(app, page, 'listMethods');
  expect(methods.map((m) => m.id).sort()).toEqual([...METHOD_IDS].sort()); // every method of the registry
  expect(methods.filter((m) => m.available).map((m) => m.id)).toEqual(expect.arrayContaining(['pca', 'pca-masked']));
  for (const m of methods) {
    const panel = studio.result(m.id);
    await expect(panel, `${m.id} has a panel`).toBeVisible();
    if (m.available) {
      await expect(panel.getByTestId(`result.${m.id}.unavailable`)).toHaveCount(0);
      expect(last.results[m.id], `${m.id} returned an image`).toHaveLength(784);
      await expect(page.getByTestId(`result.${m.id}.mse`)).toBeVisible();
    } else {
      expect(m.reason, `${m.id} says why it is unavailable`).toBeTruthy();
      await expect(panel.getByTestId(`result.${m.id}.unavailable`)).toHaveText(m.reason!);
    }
  }
});

test('a corrupt model in the store shows a warning while everything else works', async ({
  page,
  app,
  dataDir,
  restart,
}) => {
  test.setTimeout(90_000);
  let studio = new StudioPage(page);
  await studio.ready();
  await studio.train('pca', { subset: 500, name: 'good pca' });
  await studio.openTab('models');
  const goodId = await studio.modelRow('Show details of good pca').getAttribute('data-model-id');
  expect(goodId).toBeTruthy();

  // (a) A copy under a new id with one flipped byte in its weights; (b) a folder with garbage metadata.
  const models = join(dataDir, 'models');
  const badId = 'pca-damaged-copy';
  await cp(join(models, goodId!), join(models, badId), { recursive: true });
  const meta = JSON.parse(await readFile(join(models, badId, 'meta.json'), 'utf8')) as {
    id: string;
    name: string;
    files: { name: string; bytes: number }[];
  };
  const weights = meta.files.filter((f) => f.name !== 'model.json').sort((a, b) => b.bytes - a.bytes)[0];
  const bytes = await readFile(join(models, badId, weights.name));
  bytes[Math.floor(bytes.length / 2)] ^= 0x01;
  await writeFile(join(models, badId, weights.name), bytes);
  await writeFile(join(models, badId, 'meta.json'), JSON.stringify({ ...meta, id: badId, name: 'damaged pca' }));
  await mkdir(join(models, 'pca-garbage'));
  await writeFile(join(models, 'pca-garbage', 'meta.json'), '{"schema": 2, "id": "pca-garb\u0000 ]]] not json');
  await writeFile(join(models, 'pca-garbage', 'weights.bin'), new Uint8Array(64));

  const after = await restart(); // the store scans its folder when it opens
  studio = new StudioPage(after);
  await studio.ready();
  // The garbage folder: quarantined, with a warning in the panel and a badge on the Models tab.
  const { warnings } = await call<ModelList>(app, after, 'listModels');
  expect(warnings.filter((w) => w.id === 'pca-garbage')).toHaveLength(1);
  // Damaged weights: listed as unloadable, not quarantined.
  expect(warnings.filter((w) => w.id === badId)).toHaveLength(0);
  await expect(after.getByTestId('tab.models.badge')).toHaveText(new RegExp(`^${warnings.length}\\s*warnings?$`));
  await studio.openTab('models');
  const banner = after.getByTestId('models.warnings');
  await expect(banner).toBeVisible();
  await expect(banner.getByTestId('models.warning')).toHaveCount(warnings.length);
  await expect(banner).toContainText('"pca-garbage" cannot be read: meta.json is not valid JSON');
  await expect(banner).toContainText('moved to');
  expect((await readdir(join(dataDir, 'quarantine'))).some((n) => n.startsWith('pca-garbage-'))).toBe(true);
  expect(await readdir(models)).not.toContain('pca-garbage');

  // The damaged copy: listed, marked unloadable with the reason, cannot be made active.
  const damaged = studio.modelRow('Show details of damaged pca');
  await expect(damaged.getByTestId('models.unloadable')).toBeVisible();
  await expect(damaged.getByTestId('models.unloadable')).toHaveAttribute(
    'title',
    `file ${weights.name} is damaged (checksum mismatch)`,
  );
  await expect(damaged.getByTestId('models.set-active')).toBeDisabled();
  await damaged.getByTestId('models.select').click();
  await expect(after.getByTestId('models.problem')).toContainText('checksum mismatch');
  const good = studio.modelRow('Show details of good pca');
  await expect(good.getByTestId('models.unloadable')).toHaveCount(0);
  // The good copy still loads: it can be made active (a shipped PCA may be the active one until then).
  if ((await good.getByTestId('models.active').count()) === 0) await good.getByTestId('models.set-active').click();
  await expect(good.getByTestId('models.active')).toBeVisible();

  // Everything else works: the good model inpaints a test digit.
  await studio.loadTestDigit(4);
  const last = await studio.settledResults();
  expect(last.results.pca).toHaveLength(784);
  expect(last.results['pca-masked']).toHaveLength(784);
  await expect(after.getByTestId('result.pca.mse')).toBeVisible();
  await expect(after.getByTestId('results.error')).toHaveCount(0);
});

test('a crashed trainer is reported, the app keeps responding, and a new run starts and completes', async ({
  page,
  app,
}) => {
  test.setTimeout(90_000);
  expect(app.pid, 'the fixture exposes the app process').toBeTruthy();
  const studio = new StudioPage(page);
  await studio.ready();
  await studio.startTraining('generator', { epochs: 3 }); // the full training set: minutes of work
  const progress = page.getByTestId('train.progress');
  await expect
    .poll(async () => Number(await progress.getAttribute('data-step')), { timeout: 60_000 })
    .toBeGreaterThan(0);
  const pid = await trainerPid(app.pid!);
  expect(pid, 'a train-worker child of the app process').toBeTruthy();
  process.kill(pid!, 'SIGKILL');

  const error = page.getByTestId('train.error');
  await expect(error).toContainText('The trainer process stopped unexpectedly: it was killed (SIGKILL');
  await expect(error).toContainText('you can start a new run');
  await expect(page.getByTestId('train.state')).toHaveText('Failed.');
  expect(alive(app.pid!)).toBe(true);

  // The app still answers: a test digit loads and its panels update.
  await studio.loadTestDigit(2);
  await studio.settledResults();

  // A new short run of the same kind starts, completes, and its model inpaints.
  await studio.train('generator', { subset: 256, epochs: 1, name: 'after the crash' });
  await expect(error).toHaveCount(0);
  await expect(studio.result('generator').getByTestId('result.generator.unavailable')).toHaveCount(0);
  const last = await studio.settledResults();
  expect(last.results.generator).toHaveLength(784);
});

test('the shipped models load at start as read-only built-ins, with their eval figures', async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.ready();
  // A new user can inpaint at once: every method is available without training anything.
  expect((await studio.availableMethods()).sort()).toEqual([...METHOD_IDS].sort());
  await studio.openTab('models');
  const row = studio.modelRow('Show details of Conv energy-based generator (built in)');
  await expect(row.getByTestId('models.active')).toBeVisible();
  await row.getByTestId('models.select').click();
  const details = page.getByTestId('models.details');
  await expect(details.getByTestId('models.delete')).toBeDisabled();
  const table = details.getByTestId('models.eval');
  await expect(table).toContainText('generator');
  const accuracy = Number((await table.locator('tbody tr').first().locator('td').last().textContent()) ?? 'NaN');
  expect(accuracy).toBeGreaterThan(0.8); // far above the gray-patch floor (~0.64) on the full test set
});
