// RELIABILITY 3–4 on the Electron side, with Electron mocked (the binary is not needed): every call checks
// its sender, validates its payload before the core sees it, and import/export go through main's dialogs.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({
  handlers: new Map<string, (event: unknown, payload: unknown) => Promise<unknown>>(),
  openDialog: vi.fn(),
  saveDialog: vi.fn(),
}));

vi.mock('electron', () => ({
  app: { getPath: () => '/downloads' },
  dialog: { showOpenDialog: electron.openDialog, showSaveDialog: electron.saveDialog },
  ipcMain: {
    handle: (channel: string, fn: (e: unknown, p: unknown) => Promise<unknown>) => electron.handlers.set(channel, fn),
  },
  protocol: {},
  BrowserWindow: class {},
}));

import { CALLS } from '../../shared/contract';
import { registerIpc } from './ipc';
import type { Services } from '../core/services';
import { APP_URL, isAppUrl } from './window';

const mainFrame = { url: APP_URL };
const webContents = { mainFrame };
const win = { isDestroyed: () => false, webContents };
const ours = { sender: webContents, senderFrame: mainFrame };

const received: { call: string; payload: unknown }[] = [];
const services = new Proxy({} as Record<string, unknown>, {
  get: (_t, name: string) => async (payload: unknown) => {
    received.push({ call: name, payload });
    if (name === 'exportModel')
      return { saved: false, fileName: 'm.inpaint-model.json', bundleBase64: Buffer.from('BUNDLE').toString('base64') };
    if (name === 'importModel') return { id: 'imported' };
    return { called: name };
  },
}) as unknown as Services;

const invoke = (call: keyof typeof CALLS, payload: unknown, event: unknown = ours) =>
  electron.handlers.get(CALLS[call])!(event, payload);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'inpaint-ipc-'));
  registerIpc(
    () => services,
    () => win as never,
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));
beforeEach(() => {
  received.length = 0;
  electron.openDialog.mockReset();
  electron.saveDialog.mockReset();
});

describe('ipc', () => {
  it('registers one handler per contract call', () => {
    expect([...electron.handlers.keys()].sort()).toEqual(Object.values(CALLS).sort());
  });

  it('answers calls from our window through the core', async () => {
    expect(await invoke('listModels', {})).toEqual({ ok: true, result: { called: 'listModels' } });
    expect(received).toEqual([{ call: 'listModels', payload: {} }]);
  });

  it('refuses calls from another frame, another page or another web contents, without touching the core', async () => {
    const strangers = [
      { sender: webContents, senderFrame: { url: APP_URL } }, // a subframe: not the main frame object
      { sender: webContents, senderFrame: null },
      { sender: {}, senderFrame: mainFrame },
    ];
    for (const event of strangers) {
      expect(await invoke('listModels', {}, event)).toEqual({
        ok: false,
        error: 'calls are accepted from the Inpaint Studio window only',
      });
    }
    mainFrame.url = 'https://evil.example/';
    expect((await invoke('listModels', {})) as { ok: boolean }).toMatchObject({ ok: false });
    mainFrame.url = APP_URL;
    expect(received).toEqual([]);
  });

  it('answers an invalid payload with a short error and no side effect', async () => {
    const r = (await invoke('deleteModel', { id: '../../etc' })) as { ok: boolean; error: string };
    expect(r.ok).toBe(false);
    expect(r.error).toMatch(/^Could not delete the model: id must be a plain name/);
    expect(received).toEqual([]);
  });

  it('never takes a path from the renderer: an export payload with a path is refused', async () => {
    const r = (await invoke('exportModel', { id: 'm', path: '/etc/passwd' })) as { ok: boolean };
    expect(r.ok).toBe(false);
    expect(received).toEqual([]);
    expect(electron.saveDialog).not.toHaveBeenCalled();
  });

  it("imports the file chosen in main's open dialog and passes only its bytes to the core", async () => {
    const file = join(dir, 'model.inpaint-model.json');
    await writeFile(file, 'MODEL BYTES');
    electron.openDialog.mockResolvedValue({ canceled: false, filePaths: [file] });
    expect(await invoke('importModel', {})).toEqual({ ok: true, result: { id: 'imported' } });
    expect(received).toEqual([
      { call: 'importModel', payload: { bundleBase64: Buffer.from('MODEL BYTES').toString('base64') } },
    ]);
  });

  it('answers null when the import dialog is cancelled', async () => {
    electron.openDialog.mockResolvedValue({ canceled: true, filePaths: [] });
    expect(await invoke('importModel', {})).toEqual({ ok: true, result: null });
    expect(received).toEqual([]);
  });

  it('writes an export where the save dialog says and returns no bytes to the renderer', async () => {
    const target = join(dir, 'exported.json');
    electron.saveDialog.mockResolvedValue({ canceled: false, filePath: target });
    expect(await invoke('exportModel', { id: 'm' })).toEqual({
      ok: true,
      result: { saved: true, fileName: 'exported.json' },
    });
    expect(await readFile(target, 'utf8')).toBe('BUNDLE');
    expect(electron.saveDialog.mock.calls[0][1].defaultPath).toBe('/downloads/m.inpaint-model.json');
  });

  it('reports saved: false when the export dialog is cancelled', async () => {
    electron.saveDialog.mockResolvedValue({ canceled: true });
    expect(await invoke('exportModel', { id: 'm' })).toEqual({
      ok: true,
      result: { saved: false, fileName: 'm.inpaint-model.json' },
    });
  });
});

describe('isAppUrl', () => {
  it('accepts our app:// pages only', () => {
    expect(isAppUrl(APP_URL)).toBe(true);
    expect(isAppUrl('app://inpaint/assets/x.js')).toBe(true);
    for (const url of [
      'app://other/index.html',
      'file:///work/out/renderer/index.html',
      'https://inpaint/',
      'http://127.0.0.1/',
      'not a url',
      '',
    ]) {
      expect(isAppUrl(url), url).toBe(false);
    }
  });
});
