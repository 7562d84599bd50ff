// `npm run dev`: the app with hot reload of the renderer. Where the Electron binary exists this is
// `electron-vite dev`. Elsewhere it builds the core, starts the browser host (no browser of its own) and
// serves renderer/ from Vite's dev server, which passes /api (HTTP and the WebSocket) on to the host;
// open the printed URL. A change to a .svelte or renderer .ts file reloads in place; a change under
// main/ or shared/ that the core uses needs a restart.
//   INPAINT_DEV_PORT=5173   the dev server's port (default: 5173, or the next free one)
//   INPAINT_DATA_DIR=…      model store folder, as for the browser host
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { createServer } from 'vite';
import { appRoot, findElectron } from './find-electron.js';

const bin = (name) => join(appRoot, 'node_modules', '.bin', name);

function runElectronVite() {
  const child = spawn(bin('electron-vite'), ['dev'], { cwd: appRoot, stdio: 'inherit' });
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
}

/** Starts the built browser host; resolves with its address and token once it says it is running. */
function startHost() {
  const child = spawn(process.execPath, [join(appRoot, 'out', 'main', 'browser-host.js')], {
    cwd: appRoot,
    env: { ...process.env, INPAINT_OPEN_BROWSER: '0', INPAINT_PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (text) => {
      process.stdout.write(text.replace(/^Inpaint Studio is running at .*\n/m, '')); // its URL is not the one to open
      out += text;
      const m = /running at (http:\/\/127\.0\.0\.1:(\d+))\/\?token=([0-9a-f]+)/.exec(out);
      if (m) resolve({ child, origin: m[1], port: Number(m[2]), token: m[3] });
    });
    child.on('exit', (code) => reject(new Error(`the browser host stopped (exit code ${code})`)));
  });
}

/**
 * Vite's proxy to the host. The host refuses a Host or Origin that is not its own loopback address and
 * port (anti DNS rebinding, anti cross-site use), and it stays that strict: the proxy names the host in
 * Host, and replaces Origin only when it is this dev server's own page. Any other origin reaches the
 * host unchanged and is refused there.
 */
function apiProxy(host, devOrigins) {
  const rewriteOrigin = (proxyReq) => {
    const origin = proxyReq.getHeader('origin');
    if (typeof origin === 'string' && devOrigins().includes(origin.toLowerCase())) {
      proxyReq.setHeader('origin', host.origin);
    }
  };
  return {
    // A pattern, not the prefix '/api': that would also take the renderer's own module /api.ts.
    '^/api/': {
      target: host.origin,
      ws: true,
      changeOrigin: true, // Host: 127.0.0.1:<host port>
      configure: (proxy) => {
        proxy.on('proxyReq', rewriteOrigin);
        proxy.on('proxyReqWs', rewriteOrigin);
      },
    },
  };
}

async function runBrowserDev() {
  console.log('Electron is not available here; building the core and starting the browser host with Vite.');
  const build = spawnSync(bin('electron-vite'), ['build', '--logLevel', 'error'], { cwd: appRoot, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);

  const host = await startHost();
  let devPort = 0;
  const devOrigins = () => [`http://127.0.0.1:${devPort}`, `http://localhost:${devPort}`];
  const server = await createServer({
    configFile: false,
    root: join(appRoot, 'renderer'),
    plugins: [svelte({ configFile: join(appRoot, 'svelte.config.js') })],
    server: {
      host: '127.0.0.1',
      port: Number(process.env.INPAINT_DEV_PORT || 5173),
      proxy: apiProxy(host, devOrigins),
    },
  });
  await server.listen();
  devPort = server.httpServer.address().port;

  let stopping = false;
  const stop = async (code) => {
    if (stopping) return;
    stopping = true;
    await server.close();
    process.exit(code);
  };
  process.on('exit', () => host.child.kill('SIGTERM')); // never leave the host behind
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => void stop(0));
  host.child.on('exit', () => void stop(1));

  console.log(`Inpaint Studio (dev, hot reload) is running at http://127.0.0.1:${devPort}/?token=${host.token}`);
}

const electron = findElectron();
if (electron.bin) runElectronVite();
else
  await runBrowserDev().catch((err) => {
    console.error(`npm run dev could not start: ${err.message}`);
    process.exit(1);
  });
