// `npm start`: the desktop app where the Electron binary exists, otherwise the browser host, said in one line.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { appRoot, findElectron } from './find-electron.js';

const found = findElectron();
if (found.bin) {
  const child = spawn(found.bin, [appRoot], { stdio: 'inherit' });
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
} else {
  console.log(`Electron is not available on this machine (${found.reason}); starting the browser host instead.`);
  await import(pathToFileURL(join(appRoot, 'out', 'main', 'browser-host.js')).href);
}
