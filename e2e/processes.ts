// The app's processes as Linux shows them (/proc): its trainer child, and the niceness of each thread.
import { readdir, readFile } from 'node:fs/promises';

/** Pids of the direct children of `pid`. */
export async function childrenOf(pid: number): Promise<number[]> {
  const out: number[] = [];
  for (const task of await readdir(`/proc/${pid}/task`).catch(() => [] as string[])) {
    const text = await readFile(`/proc/${pid}/task/${task}/children`, 'utf8').catch(() => '');
    out.push(...text.split(/\s+/).filter(Boolean).map(Number));
  }
  return out;
}

/** The app's training process (train-worker.js), if one runs. */
export async function trainerPid(hostPid: number): Promise<number | undefined> {
  for (const pid of await childrenOf(hostPid)) {
    const cmd = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (cmd.includes('train-worker')) return pid;
  }
  return undefined;
}

/** The niceness of every thread of a process (field 19 of /proc/PID/task/TID/stat); empty if it is gone. */
export async function threadNiceness(pid: number): Promise<number[]> {
  const out: number[] = [];
  for (const tid of await readdir(`/proc/${pid}/task`).catch(() => [] as string[])) {
    const stat = await readFile(`/proc/${pid}/task/${tid}/stat`, 'utf8').catch(() => '');
    if (stat) out.push(Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]));
  }
  return out;
}
