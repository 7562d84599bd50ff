// `npm run web`: the app in any browser. Serves the built renderer and the API on 127.0.0.1 with a
// per-run token (RELIABILITY 5–6). The data folder is INPAINT_DATA_DIR or the same per-user folder
// Electron uses (~/.config/inpaint-studio on Linux); a second host on the same folder refuses to start
// because the model store holds a lock (RELIABILITY 14).
//   INPAINT_PORT=0          port (0 = a free one)
//   INPAINT_DATA_DIR=…      model store folder
//   INPAINT_DATASET_DIR=…   a folder with MNIST-format IDX files instead of the built-in set
//   INPAINT_OPEN_BROWSER=0  do not open a browser
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { shortMessage } from '../core/dispatch';
import { newToken } from './guards';
import { startHost } from './server';
import { appVersion, defaultDataDir } from '../core/paths';
import { createServices, type Services } from '../core/services';

const RENDERER_DIR = fileURLToPath(new URL('../renderer', import.meta.url));

function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 0;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`INPAINT_PORT must be a port number, got "${raw}"`);
  return port;
}

/** xdg-open / open / start, detached; silently nothing when no browser can be opened. */
function openBrowser(url: string): void {
  const [cmd, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '', url]]
        : ['xdg-open', [url]];
  try {
    const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
    child.on('error', () => {});
    child.unref();
  } catch {
    // no opener: the printed URL is enough
  }
}

async function main(): Promise<void> {
  const port = parsePort(process.env.INPAINT_PORT);
  if (!existsSync(join(RENDERER_DIR, 'index.html')))
    throw new Error(`the renderer is not built (${RENDERER_DIR}): run npm run build`);
  const dataDir = defaultDataDir();
  let services: Services;
  try {
    services = await createServices({
      dataDir,
      datasetDir: process.env.INPAINT_DATASET_DIR || undefined,
      host: 'browser',
      version: appVersion(),
    });
  } catch (err) {
    throw new Error(`cannot open the data folder ${dataDir}: ${shortMessage(err)}`, { cause: err });
  }
  const host = await startHost({
    services,
    rendererDir: RENDERER_DIR,
    token: newToken(),
    port,
    dispatch: { log: (call, err) => console.error(`[${call}]`, err) },
  }).catch(async (err: NodeJS.ErrnoException) => {
    await services.close();
    throw err.code === 'EADDRINUSE'
      ? new Error(`port ${port} is already in use: set INPAINT_PORT to another port or to 0`)
      : err;
  });

  let closing = false;
  const shutdown = async (): Promise<void> => {
    if (closing) return;
    closing = true;
    await host.close();
    await services.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());

  console.log(`Data folder: ${dataDir}`);
  console.log(`Inpaint Studio is running at ${host.url}`);
  if (process.env.INPAINT_OPEN_BROWSER !== '0') openBrowser(host.url);
}

main().catch((err: unknown) => {
  console.error(`Inpaint Studio could not start: ${shortMessage(err)}`);
  process.exit(1);
});
