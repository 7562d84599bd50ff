// Electron lifecycle only: single instance → ready → services → IPC → window → menu; clean shutdown.
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, Menu, session } from 'electron';
import { shortMessage } from '../core/dispatch';
import { forwardEvents, registerIpc } from './ipc';
import { buildMenu } from './menu';
import { createServices, type Services } from '../core/services';
import { createMainWindow, guardAllWebContents, hardenSession, registerAppScheme, serveAppScheme } from './window';

const PRELOAD = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
const RENDERER_DIR = fileURLToPath(new URL('../renderer', import.meta.url));
/** INPAINT_DATA_DIR overrides the per-user folder (tests, or sharing a store with the browser host). */
const DATA_DIR = process.env.INPAINT_DATA_DIR || app.getPath('userData');

let services: Services | null = null;
let stopForwarding: () => void = () => {};
let win: BrowserWindow | null = null;

/** Opens the core; the previous one (if any) must be closed first (closeServices). */
async function openServices(datasetDir?: string): Promise<void> {
  services = await createServices({ dataDir: DATA_DIR, datasetDir, host: 'electron', version: app.getVersion() });
  stopForwarding = forwardEvents(services, () => win);
}

async function closeServices(): Promise<void> {
  stopForwarding();
  const s = services;
  services = null;
  await s?.close();
}

function showWindow(): void {
  if (!win || win.isDestroyed()) {
    win = createMainWindow(PRELOAD);
    win.on('closed', () => (win = null));
  }
  if (win.isMinimized()) win.restore();
  win.focus();
}

async function start(): Promise<void> {
  hardenSession(session.defaultSession);
  serveAppScheme(RENDERER_DIR);
  await openServices();
  registerIpc(
    () => {
      if (!services) throw new Error('the app is shutting down');
      return services;
    },
    () => win,
  );
  showWindow();
  Menu.setApplicationMenu(
    buildMenu({
      send: (c) => services?.sendMenuCommand(c),
      getWindow: () => win,
      // A different dataset means different samples and counts: reopen the core, reload the page.
      useDatasetFolder: async (dir) => {
        await closeServices();
        try {
          await openServices(dir);
        } catch (err) {
          // Back to the built-in dataset; if even that fails, say both.
          await openServices().catch((again: unknown) => {
            throw new Error(`${shortMessage(err)}; reopening the built-in dataset failed too: ${shortMessage(again)}`);
          });
          throw err;
        }
        win?.webContents.reload();
      },
    }),
  );
}

registerAppScheme();
guardAllWebContents();

// One writer per store: a second launch focuses the first window and quits (RELIABILITY 14).
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => showWindow());
  app.on('activate', () => {
    if (services) showWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  let quitting = false;
  app.on('will-quit', (e) => {
    if (quitting) return;
    quitting = true;
    e.preventDefault();
    void closeServices().finally(() => app.quit());
  });
  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => {
      dialog.showErrorBox('Inpaint Studio could not start', `${shortMessage(err)}\n\nData folder: ${DATA_DIR}`);
      app.exit(1);
    });
}
