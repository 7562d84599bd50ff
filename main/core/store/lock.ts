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
// check, and backs off.
//
// A taker that finds the claim taken must wait for its claimer however long that takes (a busy machine
// can stall it for seconds) but must not wait for a claimer that was killed. So before claiming, a taker
// writes a marker `<claim>.taker-<pid>-<token>` and deletes it only after its claim is gone: while a
// claim exists, its claimer's marker exists. A claim with no live taker's marker beside it was left by
// a dead taker — or its live taker finished between our failed link and our look at the markers; that
// taker removed the stale lock, so only when the same stale lock is still there on the next look is the
// claim abandoned. The error then says which files to delete.
import { link, lstat, open, readdir, rm, unlink, writeFile } from 'node:fs/promises';
import { createHash, randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { StoreError } from './errors';

export const LOCK_FILE = 'store.lock';
/** Times the lock may change under a taker (a new stale lock, a race won by another) before it gives up. */
const ATTEMPTS = 5;
/** Waits for a live claimer before giving up: only a pid reused by an unrelated process makes this many. */
const MAX_CLAIM_WAITS = 300;

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

/** Test-only: lets a test stall takers (as a busy machine would) between "saw a stale lock" and "take it
 * over", a claimer while it holds the claim, and a taker that found the claim taken before it looks for
 * the claim's taker. */
export interface LockHooks {
  beforeTakeover?: () => Promise<void>;
  whileClaimed?: () => Promise<void>;
  claimTaken?: () => Promise<void>;
}

/** Tokens of the locks this process holds: a lock with our own pid but another token is left over
 * from an earlier run that had the same pid (common for pid 1 in containers), so it is stale. */
const heldHere = new Set<string>();
/** Tokens of this process's takers that have a marker on disk (same reasoning, for markers). */
const takingHere = new Set<string>();

function ownerAlive(lock: LockContent): boolean {
  if (lock.pid === process.pid) return heldHere.has(lock.token);
  return pidAlive(lock.pid);
}

function takerAlive(pid: number, token: string): boolean {
  if (pid === process.pid) return takingHere.has(token);
  return pidAlive(pid);
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

const MARKER_INFIX = '.taker-';

/** Is a live taker (other than `me`) busy with this claim? Its marker says so (see the top comment). */
async function liveTakerOf(claim: string, me: string): Promise<boolean> {
  const prefix = basename(claim) + MARKER_INFIX;
  for (const name of await readdir(dirname(claim))) {
    if (!name.startsWith(prefix)) continue;
    const match = /^(\d+)-([0-9a-f]+)$/.exec(name.slice(prefix.length));
    if (match && match[2] !== me && takerAlive(Number(match[1]), match[2])) return true;
  }
  return false;
}

/** What one takeover attempt found: `retry` (the stale lock is gone or was replaced: look again),
 * `busy` (a live taker holds the claim: wait for it), `abandoned` (a dead taker left its claim). */
type Takeover = 'retry' | 'busy' | 'abandoned';

/** Remove the stale lock `seen` if it is still at `path` and no other taker claimed it first (see the
 * comment at the top). `me` is the caller's token, naming its marker. */
async function takeOver(path: string, seen: SeenLock, me: string, hooks: LockHooks): Promise<Takeover> {
  const claim = claimPath(path, seen);
  const marker = `${claim}${MARKER_INFIX}${process.pid}-${me}`;
  const dropMarker = async () => {
    await rm(marker, { force: true });
    takingHere.delete(me);
  };
  takingHere.add(me);
  await writeFile(marker, '');
  try {
    await link(path, claim);
  } catch (err) {
    await dropMarker();
    if (code(err) === 'ENOENT') return 'retry'; // the lock is gone: try to link ours at once
    if (code(err) !== 'EEXIST') throw err;
    await hooks.claimTaken?.();
    return (await liveTakerOf(claim, me)) ? 'busy' : 'abandoned';
  }
  try {
    await hooks.whileClaimed?.();
    const claimed = await readLock(claim);
    if (claimed === 'missing' || !sameLock(claimed, seen)) return 'retry'; // the path moved on to a newer lock
    await unlink(path).catch((err: unknown) => {
      if (code(err) !== 'ENOENT') throw err;
    });
    return 'retry';
  } finally {
    await rm(claim, { force: true }); // only after the stale lock is gone (see the top comment)
    await dropMarker(); // only after the claim is gone
  }
}

export async function acquireLock(dataDir: string, hooks: LockHooks = {}): Promise<HeldLock> {
  const path = join(dataDir, LOCK_FILE);
  const token = randomBytes(16).toString('hex');
  const tmp = `${path}.new-${token}`;
  const giveUp = (why: string) =>
    new StoreError(
      `could not take the lock ${path}; ${why}. If no Inpaint Studio is running, ` +
        `delete ${path} and any ${LOCK_FILE}.claim-* files beside it`,
    );
  await writeFile(tmp, JSON.stringify({ pid: process.pid, token, since: new Date().toISOString() }));
  try {
    let waits = 0;
    let suspect: SeenLock | null = null; // a stale lock whose claim looked abandoned once
    for (let attempt = 0; attempt < ATTEMPTS;) {
      try {
        await link(tmp, path);
        heldHere.add(token);
        return { path, token };
      } catch (err) {
        if (code(err) !== 'EEXIST') throw err;
      }
      const current = await readLock(path);
      if (current === 'missing') {
        attempt++;
        continue;
      }
      if (current.lock && ownerAlive(current.lock)) {
        throw new StoreError(
          `another Inpaint Studio is using ${dataDir} (process ${current.lock.pid}); ` +
            `close it first, or delete ${path} if it is not running`,
        );
      }
      await hooks.beforeTakeover?.();
      const outcome = await takeOver(path, current, token, hooks);
      if (outcome === 'abandoned') {
        // Seen once, it may be a live taker that finished between our link and our look at the markers;
        // but that taker removed this stale lock, so seeing the same stale lock again means it was not.
        if (suspect && sameLock(suspect, current)) throw giveUp('a process that was taking it over was stopped');
        suspect = current;
        continue;
      }
      suspect = null;
      if (outcome === 'retry') {
        attempt++;
        continue;
      }
      // busy: a live taker holds the claim; it ends in a few file operations, however slowly they run.
      if (++waits > MAX_CLAIM_WAITS) throw giveUp('another process has been taking it over for too long');
      await sleep(Math.min(100, 10 * waits));
    }
    throw giveUp('another process keeps changing it');
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
