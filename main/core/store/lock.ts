// One writer per data folder: `<dataDir>/store.lock` holds the owner's pid. The lock file is written
// in full under a temp name and hard-linked into place (link fails if it exists), so it is never
// seen half-written. A lock whose pid is dead (or that is unreadable) is stale and taken over.
//
// Taking over must let only one of several processes that saw the same stale lock remove it: POSIX
// has no "unlink if it is still this file", so an unlink or rename of the path can remove a fresh
// lock another taker has just linked in its place, and both would then believe they hold the lock.
// So a taker first claims the stale lock by hard-linking the path to `store.lock.claim-<key of the
// stale lock>` (link fails if that name exists, so only one claim at a time) and then checks that
// the claim is the stale lock it saw (same inode and token), i.e. the path still held it when claimed.
// Only that claimer ever removes the stale lock: nothing else removes a lock at the path (its owner
// is dead), so it is still there when the claimer unlinks it. The claim is deleted only after the
// stale lock is gone, so a later claim under the same name links whatever lock came next, fails the
// check, and backs off. A taker killed while holding a claim leaves it behind; the error then says
// which files to delete.
import { link, lstat, open, rm, unlink, writeFile } from 'node:fs/promises';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { StoreError } from './errors';

export const LOCK_FILE = 'store.lock';
const ATTEMPTS = 5;

interface LockContent {
  pid: number;
  token: string;
  since: string;
}

/** What was at a path: its inode and its content (null when unreadable). */
interface SeenLock {
  ino: number;
  lock: LockContent | null;
}

export interface HeldLock {
  path: string;
  token: string;
}

/** Test-only: lets a test stall takers between "saw a stale lock" and "take it over". */
export interface LockHooks {
  beforeTakeover?: () => Promise<void>;
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

function code(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException).code;
}

function parseLock(text: string): LockContent | null {
  try {
    const parsed = JSON.parse(text) as Partial<LockContent>;
    return Number.isInteger(parsed.pid) && typeof parsed.token === 'string' ? (parsed as LockContent) : null;
  } catch {
    return null;
  }
}

/** Inode and content read through one handle, so both describe the same file. */
async function readLock(path: string): Promise<SeenLock | 'missing'> {
  try {
    const fh = await open(path, 'r');
    try {
      return { ino: (await fh.stat()).ino, lock: parseLock(await fh.readFile('utf8')) };
    } finally {
      await fh.close();
    }
  } catch (err) {
    if (code(err) === 'ENOENT') return 'missing';
    try {
      return { ino: (await lstat(path)).ino, lock: null }; // there but not readable by us
    } catch (statErr) {
      if (code(statErr) === 'ENOENT') return 'missing';
      throw statErr;
    }
  }
}

function sameLock(a: SeenLock, b: SeenLock): boolean {
  return a.ino === b.ino && (a.lock?.token ?? null) === (b.lock?.token ?? null);
}

/** Claim name for a stale lock; the token is hashed because the file may hold any text. */
function claimPath(path: string, seen: SeenLock): string {
  const key = seen.lock ? createHash('sha256').update(seen.lock.token).digest('hex').slice(0, 16) : `ino${seen.ino}`;
  return `${path}.claim-${key}`;
}

/** Remove the stale lock `seen` if it is still at `path` and no other taker claimed it first (see the
 * comment at the top). Returns false when another taker is busy with it, so the caller waits a little. */
async function takeOver(path: string, seen: SeenLock): Promise<boolean> {
  const claim = claimPath(path, seen);
  try {
    await link(path, claim);
  } catch (err) {
    if (code(err) === 'ENOENT') return true; // the lock is gone: try to link ours at once
    if (code(err) === 'EEXIST') return false; // another taker holds the claim
    throw err;
  }
  try {
    const claimed = await readLock(claim);
    if (claimed === 'missing' || !sameLock(claimed, seen)) return true; // the path moved on to a newer lock
    await unlink(path).catch((err: unknown) => {
      if (code(err) !== 'ENOENT') throw err;
    });
    return true;
  } finally {
    await rm(claim, { force: true }); // only after the stale lock is gone (see the top comment)
  }
}

export async function acquireLock(dataDir: string, hooks: LockHooks = {}): Promise<HeldLock> {
  const path = join(dataDir, LOCK_FILE);
  const token = randomBytes(16).toString('hex');
  const tmp = `${path}.new-${token}`;
  await writeFile(tmp, JSON.stringify({ pid: process.pid, token, since: new Date().toISOString() }));
  try {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      try {
        await link(tmp, path);
        heldHere.add(token);
        return { path, token };
      } catch (err) {
        if (code(err) !== 'EEXIST') throw err;
      }
      const current = await readLock(path);
      if (current === 'missing') continue;
      if (current.lock && ownerAlive(current.lock)) {
        throw new StoreError(
          `another Inpaint Studio is using ${dataDir} (process ${current.lock.pid}); close it first, or delete ${path} if it is not running`,
        );
      }
      await hooks.beforeTakeover?.();
      if (!(await takeOver(path, current))) await sleep(10 * (attempt + 1));
    }
    throw new StoreError(
      `could not take the lock ${path}; another process keeps changing it. If no Inpaint Studio is running, delete ${path} and any ${LOCK_FILE}.claim-* files beside it`,
    );
  } finally {
    await rm(tmp, { force: true });
  }
}

/** Remove the lock if it is still ours. */
export async function releaseLock(lock: HeldLock): Promise<void> {
  heldHere.delete(lock.token);
  const current = await readLock(lock.path);
  if (current !== 'missing' && current.lock?.token === lock.token) await rm(lock.path, { force: true });
}
