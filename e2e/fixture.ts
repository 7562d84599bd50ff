// The one Playwright fixture: the built app in Electron where its binary exists, else the browser host
// in Debian's Chromium. Every test gets a fresh temp data folder; `restart()` relaunches on the same one.
//   import { test, expect } from './fixture';
//   test('…', async ({ page, host, dataDir, restart, app }) => { … });
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  _electron,
  chromium,
  expect,
  test as base,
  type Browser,
  type ElectronApplication,
  type Page,
} from '@playwright/test';
import { appRoot, findElectron } from '../scripts/find-electron.js';
import { startHostProcess, type HostProcess } from './host-process';
import { installResultsObserver } from './observers/results-observer';

export type HostKind = 'electron' | 'browser';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

const electron = findElectron();
export const HOST: HostKind = electron.bin && process.env.INPAINT_E2E_HOST !== 'browser' ? 'electron' : 'browser';

/** What a test can reach of the running app. */
export interface AppHandle {
  host: HostKind;
  dataDir: string;
  /** Browser host only: the page URL with its token, the token and the port (they change on restart). */
  url?: string;
  token?: string;
  port?: number;
  /** The app's main process (Electron main, or the browser host): the trainer runs as its child. */
  pid?: number;
  /** Browser host only: everything it printed. */
  output(): string;
  /** Console errors and warnings and uncaught page errors seen so far: a test fails on any at its end. */
  pageErrors: string[];
  /** A test that provokes console output on purpose (a killed host) lists what it expects here. */
  allowConsole: RegExp[];
  /** Set by the `page` fixture, which owns the running app. */
  relaunch?: () => Promise<Page>;
}

interface Fixtures {
  host: HostKind;
  dataDir: string;
  app: AppHandle;
  /** Quits and relaunches on the same data folder; returns the new page (also `page` for the browser host). */
  restart: () => Promise<Page>;
}

const watched = new WeakSet<Page>();

/** Collects a page's console warnings and errors and its uncaught errors (once per page, whoever asks). There
 * is no allow-list for everyone: the app prevents every message the browser would print on its own (e.g. the
 * Permissions-Policy warning), and a test that provokes one on purpose says so in `app.allowConsole`. */
function watchErrors(page: Page, into: string[]): void {
  if (watched.has(page)) return;
  watched.add(page);
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') into.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => into.push(e.message));
}

export const test = base.extend<Fixtures, { chromiumBrowser: Browser | null }>({
  chromiumBrowser: [
    async ({}, use) => {
      if (HOST === 'electron') return use(null);
      const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
      await use(browser);
      await browser.close();
    },
    { scope: 'worker' },
  ],

  host: async ({}, use) => use(HOST),

  dataDir: async ({}, use) => {
    const dir = await mkdtemp(join(tmpdir(), 'inpaint-e2e-'));
    await use(dir);
    await rm(dir, { recursive: true, force: true });
  },

  // The running app: Electron, or the browser host plus a Chromium page. `page` and `restart` come from it.
  app: async ({ chromiumBrowser, dataDir }, use) => {
    const handle: AppHandle & { page?: Page } = {
      host: HOST,
      dataDir,
      output: () => '',
      pageErrors: [],
      allowConsole: [],
    };
    // No console warnings or errors in any test, unless the test said which it provokes.
    const checkConsole = () =>
      expect(
        handle.pageErrors.filter((e) => !handle.allowConsole.some((re) => re.test(e))),
        'console warnings and errors',
      ).toEqual([]);
    if (HOST === 'electron') {
      const running: { app: ElectronApplication | null } = { app: null };
      const launch = async (): Promise<Page> => {
        running.app = await _electron.launch({
          executablePath: electron.bin,
          args: [appRoot],
          env: { ...process.env, INPAINT_DATA_DIR: dataDir } as Record<string, string>,
        });
        handle.pid = running.app.process().pid;
        // Every window the app opens is held to the same rule, not only the first.
        running.app.on('window', (w) => watchErrors(w, handle.pageErrors));
        const p = await running.app.firstWindow();
        watchErrors(p, handle.pageErrors);
        await p.waitForLoadState('domcontentloaded');
        return (handle.page = p);
      };
      handle.relaunch = async () => {
        await running.app?.close();
        return launch();
      };
      try {
        await launch();
        await use(handle);
      } finally {
        await running.app?.close();
      }
      checkConsole();
      return;
    }

    // Playwright traces this context itself (trace: 'retain-on-failure' in the config).
    const context = await chromiumBrowser!.newContext();
    const page = await context.newPage();
    await installResultsObserver(page);
    watchErrors(page, handle.pageErrors);
    // A page the app opens (a download, a link in a new tab) is held to the same rule.
    context.on('page', (p) => watchErrors(p, handle.pageErrors));
    handle.page = page;
    let proc: HostProcess | null = null;
    const launch = async (): Promise<Page> => {
      proc = await startHostProcess(dataDir);
      Object.assign(handle, {
        url: proc.url,
        token: proc.token,
        port: proc.port,
        output: proc.output,
        pid: proc.child.pid,
      });
      await page.goto(proc.url);
      return page;
    };
    handle.relaunch = async () => {
      await proc?.stop();
      return launch();
    };
    try {
      await launch();
      await use(handle);
    } finally {
      await context.close();
      await (proc as HostProcess | null)?.stop();
    }
    checkConsole();
  },

  page: async ({ app }, use) => use((app as AppHandle & { page: Page }).page),

  restart: async ({ app }, use) => use(() => app.relaunch!()),
});

export { expect };
