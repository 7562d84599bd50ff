import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { link, readFile, readdir, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { LOCK_FILE, acquireLock, releaseLock, type HeldLock, type LockHooks } from './lock';
import { removeDir, tempDir } from './test-fixtures';

const TAKERS = 8;
let dataDir: string;
beforeEach(async () => {
  dataDir = await tempDir();
});
afterEach(async () => {
  await removeDir(dataDir);
});

const deadPid = (): number => spawnSync(process.execPath, ['-e', '0']).pid!;
const staleLocks: [string, () => string][] = [
  ['a dead process', () => JSON.stringify({ pid: deadPid(), token: 'old', since: '' })],
  ['an earlier run with this pid', () => JSON.stringify({ pid: process.pid, token: 'earlier-run', since: '' })],
  ['unreadable content', () => '{"pid": 12'],
];

/** Start TAKERS acquireLock calls that all see the same stale lock; every one waits in the takeover hook
 * until all have seen it, then `release(i)` decides when taker i may go on. A taker that finds another
 * busy taking over waits and may pass the hook again, so arrivals are counted per taker, not per pass. */
async function race(release: (i: number, settled: Promise<unknown>[]) => Promise<unknown>, extraHooks: LockHooks = {}) {
  const arrived = new Set<number>();
  let allArrived = (): void => undefined;
  const barrier = new Promise<void>((r) => (allArrived = r));
  const settled: Promise<unknown>[] = [];
  const calls = Array.from({ length: TAKERS }, (_, i) => {
    const call = acquireLock(dataDir, {
      ...extraHooks,
      beforeTakeover: async () => {
        if (arrived.add(i).size === TAKERS) allArrived();
        await barrier;
        await release(i, settled);
      },
    });
    settled.push(call.catch(() => undefined));
    return call;
  });
  const results = await Promise.allSettled(calls);
  const winners = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const errors = results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []));
  return { winners, errors, arrived: arrived.size };
}

/** The invariant: every taker saw the stale lock, exactly one holds the lock (it is on disk, not lost),
 * every other got the clean "in use" error, and nothing is left behind. */
async function expectOneHolder(winners: HeldLock[], errors: string[], arrived: number) {
  expect(arrived).toBe(TAKERS);
  expect(winners).toHaveLength(1);
  expect(errors).toHaveLength(TAKERS - 1);
  for (const e of errors) expect(e).toMatch(/another Inpaint Studio is using/);
  const onDisk = JSON.parse(await readFile(join(dataDir, LOCK_FILE), 'utf8'));
  expect(onDisk.token).toBe(winners[0].token);
  expect(await readdir(dataDir)).toEqual([LOCK_FILE]); // no claim, marker or temp files left behind
  await releaseLock(winners[0]);
  expect(await readdir(dataDir)).toEqual([]);
}

describe('store lock takeover', () => {
  for (const [kind, content] of staleLocks) {
    it(`lets exactly one of ${TAKERS} takers win a stale lock from ${kind}, one after another`, async () => {
      await writeFile(join(dataDir, LOCK_FILE), content());
      // Taker i takes over only after taker i-1 has finished: each later taker's view is out of date.
      const { winners, errors, arrived } = await race((i, settled) => (i === 0 ? Promise.resolve() : settled[i - 1]));
      await expectOneHolder(winners, errors, arrived);
    });

    it(`lets exactly one of ${TAKERS} takers win a stale lock from ${kind}, all at once`, async () => {
      await writeFile(join(dataDir, LOCK_FILE), content());
      const { winners, errors, arrived } = await race(() => Promise.resolve());
      await expectOneHolder(winners, errors, arrived);
    });

    it(`lets the others wait for a taker of a stale lock from ${kind} that stalls holding the claim`, async () => {
      await writeFile(join(dataDir, LOCK_FILE), content());
      // A claimer descheduled by a busy machine: the others must wait for it, however long, and then
      // see its lock; giving up after a fixed number of short back-offs made them fail with a wrong error.
      let stalled = false;
      const whileClaimed = async () => {
        if (stalled) return;
        stalled = true;
        await sleep(300);
      };
      const { winners, errors, arrived } = await race(() => Promise.resolve(), { whileClaimed });
      expect(stalled).toBe(true);
      await expectOneHolder(winners, errors, arrived);
    });

    it(`does not call a claim on a stale lock from ${kind} abandoned when its taker finished meanwhile`, async () => {
      await writeFile(join(dataDir, LOCK_FILE), content());
      // The losers find the claim taken, then are descheduled until its taker has finished and removed
      // its claim and marker: no live marker is left to see, yet nothing was abandoned.
      const claimTaken = async () => {
        while ((await readdir(dataDir)).some((name) => name.includes('.claim-'))) await sleep(5);
      };
      const { winners, errors, arrived } = await race(() => Promise.resolve(), { claimTaken });
      await expectOneHolder(winners, errors, arrived);
    });
  }

  it('still refuses a live lock and takes a free folder at once', async () => {
    const first = await acquireLock(dataDir, {
      beforeTakeover: () => Promise.reject(new Error('no takeover expected')),
    });
    await expect(acquireLock(dataDir)).rejects.toThrow(
      `another Inpaint Studio is using ${dataDir} (process ${process.pid})`,
    );
    await releaseLock(first);
    const second = await acquireLock(dataDir);
    await releaseLock(second);
  });

  it('says which files to delete when a taker died holding its claim', async () => {
    const stale = JSON.stringify({ pid: deadPid(), token: 'old', since: '' });
    await writeFile(join(dataDir, LOCK_FILE), stale);
    const claim = `${LOCK_FILE}.claim-${createHash('sha256').update('old').digest('hex').slice(0, 16)}`;
    const deadTakersMarker = `${claim}.taker-${deadPid()}-0123abcd`;
    const first = acquireLock(dataDir, {
      beforeTakeover: async () => {
        // Leave what a taker killed right after claiming leaves: the claim (same name, same file)
        // and its marker, whose pid is dead.
        await link(join(dataDir, LOCK_FILE), join(dataDir, claim)).catch(() => undefined);
        await writeFile(join(dataDir, deadTakersMarker), '');
      },
    });
    await expect(first).rejects.toThrow(/delete .*store\.lock and any store\.lock\.claim-\* files/);
    expect(await readFile(join(dataDir, LOCK_FILE), 'utf8')).toBe(stale); // nothing was taken over
    // Only what the dead taker left is there: no marker or temp file of ours.
    expect((await readdir(dataDir)).sort()).toEqual([LOCK_FILE, claim, deadTakersMarker].sort());
  });
});
