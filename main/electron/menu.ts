// The application menu. Model import/export, shortcuts and about are handled by the page (it knows the
// selected model and shows the result), so those items send a menu command; the dataset folder is
// chosen here with a native dialog.
import { app, dialog, Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../../shared/contract';

export interface MenuActions {
  send(command: MenuCommand): void;
  /** Reopens the core on another dataset folder. */
  useDatasetFolder(dir: string): Promise<void>;
  getWindow(): BrowserWindow | null;
}

async function chooseDatasetFolder(actions: MenuActions): Promise<void> {
  const win = actions.getWindow();
  const options = {
    title: 'Choose a folder with MNIST-format IDX files',
    properties: ['openDirectory' as const],
  };
  const choice = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
  const dir = choice.filePaths[0];
  if (choice.canceled || !dir) return;
  try {
    await actions.useDatasetFolder(dir);
  } catch (err) {
    dialog.showErrorBox('This folder cannot be used as a dataset', err instanceof Error ? err.message : String(err));
  }
}

export function buildMenu(actions: MenuActions): Menu {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Import model…', accelerator: 'CmdOrCtrl+O', click: () => actions.send('import-model') },
        { label: 'Export model…', accelerator: 'CmdOrCtrl+E', click: () => actions.send('export-model') },
        { type: 'separator' },
        { label: 'Choose dataset folder…', click: () => void chooseDatasetFolder(actions) },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        { label: 'Keyboard shortcuts', accelerator: 'CmdOrCtrl+/', click: () => actions.send('show-shortcuts') },
        { label: `About Inpaint Studio ${app.getVersion()}`, click: () => actions.send('show-about') },
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}
