// Where the Electron binary is, without require('electron') (which tries to download it when missing).
// Shared by scripts/start.js and the Playwright fixture.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const appRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** @returns {{ bin: string } | { reason: string }} */
export function findElectron(env = process.env) {
  const platformBinary =
    { darwin: 'Electron.app/Contents/MacOS/Electron', win32: 'electron.exe' }[process.platform] ?? 'electron';
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const bin = join(env.ELECTRON_OVERRIDE_DIST_PATH, platformBinary);
    return existsSync(bin) ? { bin } : { reason: `ELECTRON_OVERRIDE_DIST_PATH has no ${platformBinary}` };
  }
  const pkgDir = join(appRoot, 'node_modules', 'electron');
  const pathTxt = join(pkgDir, 'path.txt');
  if (!existsSync(pathTxt)) return { reason: 'the Electron binary was never downloaded' };
  const bin = join(pkgDir, 'dist', readFileSync(pathTxt, 'utf8').trim());
  return existsSync(bin) ? { bin } : { reason: `${bin} is missing` };
}
