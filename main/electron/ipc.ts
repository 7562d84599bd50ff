// Electron's door to the core (RELIABILITY 3–4): one ipcMain.handle per contract call, each checking that
// the sender is our window's main frame on our page, then going through dispatch (schema, time limit,
// short errors). Imports and exports open native dialogs here in main: the renderer never names a path.
import { readFile, stat, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { app, dialog, ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { CALLS, type CallName } from '../../shared/contract';
import { MAX_BUNDLE_BASE64 } from '../core/api-schemas';
import { defaultTimeoutMs, dispatch, relayEvents, type CallHandlers, type Envelope } from '../core/dispatch';
import type { Services } from '../core/services';
import { isAppUrl } from './window';

/** The largest model file we read from disk (its base64 must fit the import schema). */
const MAX_BUNDLE_BYTES = Math.floor((MAX_BUNDLE_BASE64 / 4) * 3);
const MODEL_FILTERS = [
  { name: 'Inpaint Studio model', extensions: ['json'] },
  { name: 'All files', extensions: ['*'] },
];

export function isTrustedSender(event: IpcMainInvokeEvent, win: BrowserWindow | null): boolean {
  const frame = event.senderFrame;
  return (
    !!win &&
    !win.isDestroyed() &&
    event.sender === win.webContents &&
    !!frame &&
    frame === win.webContents.mainFrame &&
    isAppUrl(frame.url)
  );
}

async function importThroughDialog(services: Services, win: BrowserWindow, req: { bundleBase64?: string } | undefined) {
  if (req?.bundleBase64) return services.importModel(req);
  const choice = await dialog.showOpenDialog(win, {
    title: 'Import a model',
    properties: ['openFile'],
    filters: MODEL_FILTERS,
  });
  const path = choice.filePaths[0];
  if (choice.canceled || !path) return null;
  if ((await stat(path)).size > MAX_BUNDLE_BYTES) {
    throw new Error(
      `${basename(path)} is larger than ${Math.round(MAX_BUNDLE_BYTES / 1e6)} MB: not an Inpaint Studio model`,
    );
  }
  return services.importModel({ bundleBase64: (await readFile(path)).toString('base64') });
}

async function exportThroughDialog(services: Services, win: BrowserWindow, req: { id: string }) {
  const bundle = await services.exportModel(req);
  const choice = await dialog.showSaveDialog(win, {
    title: 'Export the model',
    defaultPath: `${app.getPath('downloads')}/${bundle.fileName}`,
    filters: MODEL_FILTERS,
  });
  if (choice.canceled || !choice.filePath) return { saved: false, fileName: bundle.fileName };
  await writeFile(choice.filePath, Buffer.from(bundle.bundleBase64 ?? '', 'base64'));
  return { saved: true, fileName: basename(choice.filePath) };
}

/** The services' calls, with import and export routed through native dialogs. */
function electronHandlers(services: Services, win: BrowserWindow): CallHandlers {
  const handlers = {} as Record<CallName, (p: never) => Promise<unknown>>;
  for (const name of Object.keys(CALLS) as CallName[]) {
    handlers[name] = (payload: never) => (services[name] as (p: unknown) => Promise<unknown>)(payload);
  }
  handlers.importModel = (req: never) => importThroughDialog(services, win, req);
  handlers.exportModel = (req: never) => exportThroughDialog(services, win, req);
  return handlers as unknown as CallHandlers;
}

/** Registers every call once; the services and window may be replaced later (dataset change, macOS re-open). */
export function registerIpc(getServices: () => Services, getWindow: () => BrowserWindow | null): void {
  for (const [name, channel] of Object.entries(CALLS) as [CallName, string][]) {
    ipcMain.handle(channel, async (event, payload: unknown): Promise<Envelope> => {
      const win = getWindow();
      if (!win || !isTrustedSender(event, win))
        return { ok: false, error: 'calls are accepted from the Inpaint Studio window only' };
      return dispatch(electronHandlers(getServices(), win), name, payload, {
        // Dialogs wait for the user, so import and export have no time limit here.
        timeoutMs: (call) => (call === 'importModel' || call === 'exportModel' ? Infinity : defaultTimeoutMs(call)),
        log: (call, err) => console.error(`[ipc ${call}]`, err),
      });
    });
  }
}

/** Relays the services' events to the window; returns the unsubscribe. */
export function forwardEvents(services: Services, getWindow: () => BrowserWindow | null): () => void {
  return relayEvents(services, (channel, data) => {
    const win = getWindow();
    if (win && !win.isDestroyed()) win.webContents.send(channel, data);
  });
}
