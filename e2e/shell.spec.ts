// The app opens on either host, reaches its core, and `npm start` falls back to the browser host.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { appRoot, findElectron } from '../scripts/find-electron.js';
import { exited, hostEnv } from './host-process';
import { expect, test } from './fixture';
import { ShellPage } from './pages/shell-page';

test('the app opens, shows the backend it runs on and its host, with no errors', async ({ page, host, app }) => {
  const shell = new ShellPage(page);
  await shell.waitUntilReady();
  await expect(page.getByText(new RegExp(`${host} · v\\d+\\.\\d+\\.\\d+`))).toBeVisible();
  await expect(shell.errorBanner).toHaveCount(0);
  expect(app.pageErrors).toEqual([]);
});

test('console warnings and uncaught errors of any page are recorded for the check that ends every test', async ({
  page,
  app,
  host,
}) => {
  await new ShellPage(page).waitUntilReady();
  // Provoked on purpose: the fixture's end-of-test check (which fails on anything else) lets these pass.
  app.allowConsole.push(/provoked/);
  await page.evaluate(() => console.warn('provoked warning'));
  await page.evaluate(() => setTimeout(() => Promise.reject(new Error('provoked rejection'))));
  await page.evaluate(() =>
    setTimeout(() => {
      throw new Error('provoked error');
    }),
  );
  const want = ['warning: provoked warning', 'provoked rejection', 'provoked error'];
  if (host === 'browser') {
    // A page the app opens is watched too, not only the first.
    const [popup] = await Promise.all([
      page.context().waitForEvent('page'),
      page.evaluate(() => void window.open('about:blank')),
    ]);
    await popup.evaluate(() => console.error('provoked in a popup'));
    want.push('error: provoked in a popup');
  }
  await expect.poll(() => [...app.pageErrors].sort()).toEqual(want.sort());
});

test('a restart on the same data folder opens the app again', async ({ page, restart, app, dataDir }) => {
  await new ShellPage(page).waitUntilReady();
  const firstUrl = app.url;
  const again = await restart();
  await new ShellPage(again).waitUntilReady();
  expect(app.dataDir).toBe(dataDir);
  if (app.host === 'browser') expect(app.url).not.toBe(firstUrl); // a new token per run
});

test('npm start says in one line that Electron is missing and ends with the browser host URL', async ({ dataDir }) => {
  test.skip(!!findElectron().bin, 'Electron is installed here: npm start launches it');
  const child = spawn(process.execPath, [join(appRoot, 'scripts', 'start.js')], {
    env: hostEnv(dataDir),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (out += c));
  try {
    await expect
      .poll(() => out, { timeout: 60_000 })
      .toMatch(/Inpaint Studio is running at http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}\n$/);
    const lines = out.trim().split('\n');
    expect(lines[0]).toMatch(/^Electron is not available on this machine \(.+\); starting the browser host instead\.$/);
    expect(lines.filter((l) => l.includes('Electron'))).toHaveLength(1);
  } finally {
    child.kill('SIGTERM');
    await exited(child);
  }
});
