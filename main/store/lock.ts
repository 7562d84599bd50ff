// One writer per data folder: `<dataDir>/store.lock` holds the owner's pid. The lock file is written
// in full under a temp name and hard-linked into place (link fails if it exists), so it is never
// seen half-written. A lock whose pid is dead (or that is unreadable) is stale and taken over.
import { link, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { StoreError } from './errors';

export const LOCK_FILE = 'store.lock';

interface LockContent {
  pid: number;
  token: string;
  since: string;
}

export interface HeldLock {
  path: string;
  token: string;
}

/** Tokens of the locks this process holds: a lock with our own pid but another token is left over
 * from an earlier run that had the same pid (common for pid 1 in containers), so it is stale. */
const heldHere = new Set<string>();

function ownerAlive(lock: LockContent): boolean {
  if (lock.pid === process.pid) return heldHere.has(lock.token);
  return pidAlive(lock.pid);
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

async function readLock(path: string): Promise<LockContent | null | 'missing'> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<LockContent>;
    return Number.isInteger(parsed.pid) && typeof parsed.token === 'string' ? (parsed as LockContent) : null;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : null;
  }
}

export async function acquireLock(dataDir: string): Promise<HeldLock> {
  const path = join(dataDir, LOCK_FILE);
  const token = randomBytes(16).toString('hex');
  const tmp = `${path}.new-${token}`;
  await writeFile(tmp, JSON.stringify({ pid: process.pid, token, since: new Date().toISOString() }));
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await link(tmp, path);
        heldHere.add(token);
        return { path, token };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const current = await readLock(path);
      if (current === 'missing') continue;
      if (current && ownerAlive(current)) {
        throw new StoreError(
          `another Inpaint Studio is using ${dataDir} (process ${current.pid}); close it first, or delete ${path} if it is not running`,
        );
      }
      // Stale: move it aside under a unique name (only one taker wins the rename), then retry.
      await rename(path, `${path}.stale-${token}`).catch(() => undefined);
      await rm(`${path}.stale-${token}`, { force: true });
    }
    throw new StoreError(`could not take the lock ${path}; another process keeps changing it`);
  } finally {
    await rm(tmp, { force: true });
  }
}

/** Remove the lock if it is still ours. */
export async function releaseLock(lock: HeldLock): Promise<void> {
  heldHere.delete(lock.token);
  const current = await readLock(lock.path);
  if (current && current !== 'missing' && current.token === lock.token) await rm(lock.path, { force: true });
}
