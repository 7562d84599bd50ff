// A job's child process (the trainer, the evaluator) lowers the priority of every one of its threads.
// The parent's setPriority(child.pid) is not enough on Linux, where niceness belongs to each thread: it
// reaches the child's main thread only, and the threads started before it landed (V8's helper threads,
// which run the garbage collection of every training thread) keep the app's priority. Threads started
// after this call inherit the lowered niceness from the thread that starts them.
import { readdirSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/** The niceness the parent asks for (fork-worker.ts sets it). */
export const NICENESS_ENV = 'INPAINT_JOB_NICENESS';

/** Best effort: lowers this process's threads to the niceness in NICENESS_ENV (never raises one). */
export function lowerOwnPriority(env: NodeJS.ProcessEnv = process.env): void {
  const niceness = Number(env[NICENESS_ENV]);
  if (!Number.isInteger(niceness) || niceness <= 0 || niceness > 19) return;
  for (const id of ownThreads()) {
    try {
      if (getPriority(id) < niceness) setPriority(id, niceness);
    } catch {
      // a thread that just ended, or a sandbox that refuses: it keeps its priority
    }
  }
}

/** Thread ids on Linux; elsewhere 0 (this process: niceness is per process there). */
function ownThreads(): number[] {
  if (process.platform !== 'linux') return [0];
  try {
    return readdirSync('/proc/self/task').map(Number);
  } catch {
    return [0];
  }
}
