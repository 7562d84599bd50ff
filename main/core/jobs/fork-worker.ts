// Starts a job's child process (the trainer, the evaluator): advanced serialization (bytes stay bytes),
// stderr kept (its tail explains a crash) and copied to the log, a lower priority than the app's own.
import { fork, type ChildProcess } from 'node:child_process';
import { getPriority, setPriority } from 'node:os';
import { TailBuffer } from './exit-reason';
import { NICENESS_ENV } from './own-priority';

export interface ForkOptions {
  /** Node flags of the child, e.g. a heap cap. */
  execArgv?: string[];
  /** Extra environment for the child (tests use it to make the worker misbehave). */
  env?: NodeJS.ProcessEnv;
  /** Receives the child's stderr (default: copied to this process's stderr). */
  log?: (text: string) => void;
  /** Scheduling niceness (default DEFAULT_NICENESS): on a busy machine the app's own process comes first. */
  niceness?: number;
}

/**
 * 19, the lowest priority, on Linux and macOS: a job takes the CPU the UI leaves (on an idle machine it runs
 * as fast as at any niceness) and a stroke's inference never waits for it. Windows maps 19 to its idle
 * priority class, which any busy normal program (a browser tab) can starve for seconds: 10 (below normal).
 */
export const DEFAULT_NICENESS = process.platform === 'win32' ? 10 : 19;

export function forkWorker(workerPath: string, opts: ForkOptions): { child: ChildProcess; stderr: TailBuffer } {
  const niceness = opts.niceness ?? DEFAULT_NICENESS;
  const child = fork(workerPath, [], {
    serialization: 'advanced', // Uint8Array weights travel as bytes, not JSON
    execArgv: opts.execArgv ?? ['--max-old-space-size=4096'],
    // The child lowers its own threads too (own-priority.ts): from here only its main thread is reached.
    env: { ...process.env, ...opts.env, [NICENESS_ENV]: String(niceness) },
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'], // stderr piped: its tail explains crashes
  });
  lowerPriority(child, niceness);
  const stderr = new TailBuffer();
  const log = opts.log ?? ((t: string) => process.stderr.write(t));
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr.push(chunk);
    log(chunk);
  });
  return { child, stderr };
}

/** Best effort: RELIABILITY 17 wants the UI answering while a job uses every core it can get. */
function lowerPriority(child: ChildProcess, niceness: number): void {
  if (child.pid === undefined || niceness === 0) return;
  try {
    if (getPriority(child.pid) < niceness) setPriority(child.pid, niceness); // lower only, never raise
  } catch {
    // not permitted here (some sandboxes): the job simply runs at normal priority
  }
}
