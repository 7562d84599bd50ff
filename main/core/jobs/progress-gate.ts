// Which worker progress updates reach the UI (RELIABILITY 19): finite numbers only, steps strictly
// increasing, at most one event per interval — except the final step, which always gets through.
import type { ProgressUpdate } from '../ml/model-files';

export class ProgressGate {
  private lastAt = -Infinity;
  private lastStep = -Infinity;

  /** intervalMs 50 = at most 20 events a second. */
  constructor(
    private readonly intervalMs = 50,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** True when `u` should be published; remembers it if so. */
  admit(u: ProgressUpdate): boolean {
    if (!isWellFormed(u)) return false;
    if (u.step <= this.lastStep) return false;
    const t = this.now();
    const final = u.step >= u.totalSteps;
    if (!final && t - this.lastAt < this.intervalMs) return false;
    this.lastAt = t;
    this.lastStep = u.step;
    return true;
  }
}

const NUMBER_FIELDS = ['epoch', 'epochs', 'step', 'totalSteps', 'loss', 'examplesPerSec', 'etaSeconds'] as const;
const OPTIONAL_NUMBER_FIELDS = ['energyReal', 'energyFake'] as const;

/** Every number present is finite (a NaN step would slip past a `<=` check, so it is checked here). */
function isWellFormed(u: ProgressUpdate): boolean {
  if (typeof u !== 'object' || u === null) return false;
  for (const k of NUMBER_FIELDS) if (typeof u[k] !== 'number' || !Number.isFinite(u[k])) return false;
  for (const k of OPTIONAL_NUMBER_FIELDS) {
    if (u[k] !== undefined && (typeof u[k] !== 'number' || !Number.isFinite(u[k]))) return false;
  }
  return true;
}
