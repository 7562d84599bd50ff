// Crash-safe writes as write-file-atomic does them: write a temp file, fsync it, rename it over the
// target, fsync the folder. A crash at any point leaves the old or the new content, never half.
import { open, rename, rm, mkdir } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { dirname, join, basename } from 'node:path';

/** Test hook: called after each step of a write; a test throws SimulatedCrash from it. */
export type FaultHook = (step: string) => void;

/** Thrown by a fault hook to stand for a crash: the store then skips every cleanup, as a dead process would. */
export class SimulatedCrash extends Error {
  override name = 'SimulatedCrash';
}

/** Prefix of every temp file/folder the store creates; leftovers are removed on open. */
export const TEMP_PREFIX = '.tmp-';

export function tempName(target: string): string {
  return join(dirname(target), `${TEMP_PREFIX}${basename(target)}-${randomBytes(4).toString('hex')}`);
}

/** Write bytes to a new file and fsync it before closing. */
export async function writeSynced(path: string, bytes: Uint8Array): Promise<void> {
  const fh = await open(path, 'wx');
  try {
    await fh.writeFile(bytes);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** fsync a folder so a rename inside it survives power loss. Windows cannot open folders: skip there. */
export async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Replace `target` atomically with `bytes`. */
export async function atomicWriteFile(target: string, bytes: Uint8Array, fault?: FaultHook): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  const tmp = tempName(target);
  try {
    await writeSynced(tmp, bytes);
    fault?.('file-written');
    await rename(tmp, target);
    fault?.('file-renamed');
    await syncDir(dirname(target));
    fault?.('dir-synced');
  } catch (err) {
    if (!(err instanceof SimulatedCrash)) await rm(tmp, { force: true });
    throw err;
  }
}
