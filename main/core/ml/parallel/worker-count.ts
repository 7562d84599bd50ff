// How many training threads a run uses: the request's count, else INPAINT_TRAIN_WORKERS, else every
// core up to 8 — except on tfjs-node, whose native kernels already spread one step over every core.
import { availableParallelism } from 'node:os';
import { MAX_TRAIN_WORKERS } from '../../../../shared/contract';

export const DEFAULT_MAX_WORKERS = 8;

export function defaultWorkerCount(backend: string, env: NodeJS.ProcessEnv = process.env): number {
  const forced = env.INPAINT_TRAIN_WORKERS;
  if (forced !== undefined && forced !== '') return checkWorkerCount(Number(forced), 'INPAINT_TRAIN_WORKERS');
  if (backend === 'tensorflow') return 1;
  return Math.max(1, Math.min(availableParallelism(), DEFAULT_MAX_WORKERS));
}

export function checkWorkerCount(n: number, what = 'workers'): number {
  if (!Number.isInteger(n) || n < 1 || n > MAX_TRAIN_WORKERS)
    throw new Error(`${what} must be an integer in 1..${MAX_TRAIN_WORKERS}, got ${n}`);
  return n;
}

export function resolveWorkerCount(requested: number | undefined, backend: string): number {
  return requested === undefined ? defaultWorkerCount(backend) : checkWorkerCount(requested);
}
