// Where things live on disk, shared by Electron, the browser host and the CLI (so all three see one store).
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const APP_DIR_NAME = 'inpaint-studio';

/** The folder holding package.json: found by walking up, so it works from main/*.ts and from out/main/*.js. */
export function appRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if (JSON.parse(readFileSync(pkg, 'utf8')).name === APP_DIR_NAME) return dir;
      } catch {
        // an unreadable package.json is not ours: keep walking
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the Inpaint Studio folder (package.json)');
    dir = parent;
  }
}

/** The shipped, read-only default models (INPAINT_BUILTIN_DIR overrides it, for tests). */
export function defaultBuiltInDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.INPAINT_BUILTIN_DIR || join(appRoot(), 'assets', 'models');
}

/**
 * The user's data folder (model store, settings). INPAINT_DATA_DIR overrides it; otherwise the
 * platform's per-user app-data folder, the same one Electron's app.getPath('userData') gives for our name.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.INPAINT_DATA_DIR) return env.INPAINT_DATA_DIR;
  if (process.platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_DIR_NAME);
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_DIR_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_DIR_NAME);
}

/** The app's version from package.json. */
export function appVersion(): string {
  return JSON.parse(readFileSync(join(appRoot(), 'package.json'), 'utf8')).version as string;
}
