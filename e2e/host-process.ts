// Starts and stops the built browser host (out/main/browser-host.js) as a child process, reading the URL
// with its token from the last line it prints.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { appRoot } from '../scripts/find-electron.js';

export const BROWSER_HOST = join(appRoot, 'out', 'main', 'browser-host.js');
const READY = /Inpaint Studio is running at (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([0-9a-f]+))/;

export interface HostProcess {
  child: ChildProcess;
  url: string;
  port: number;
  token: string;
  output(): string;
  stop(): Promise<void>;
}

export function hostEnv(dataDir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...process.env, INPAINT_DATA_DIR: dataDir, INPAINT_PORT: '0', INPAINT_OPEN_BROWSER: '0', ...extra };
}

/** Waits for the child to exit; resolves its exit code (null when killed by a signal). */
export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

export async function startHostProcess(dataDir: string, timeoutMs = 60_000): Promise<HostProcess> {
  const child = spawn(process.execPath, [BROWSER_HOST], { env: hostEnv(dataDir), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const output = () => out;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited(child);
      clearTimeout(timer);
    }
  };
  const ready = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the browser host did not start within ${timeoutMs} ms:\n${out}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = READY.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the browser host exited with ${code} before it was ready:\n${out}`));
    });
  }).catch(async (err) => {
    await stop();
    throw err;
  });
  return { child, url: ready[1], port: Number(ready[2]), token: ready[3], output, stop };
}
