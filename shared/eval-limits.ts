// What an evaluation run in the app may ask for: the renderer's fields and the core's request schema
// both read these, so a field never offers what the door refuses.

/** Test images per run: a default that answers in seconds, a cap that keeps a run within minutes. */
export const EVAL_N = { min: 1, max: 10_000, default: 200 } as const;
/** The d values of the PCA methods: each becomes one row per family. */
export const EVAL_D = { min: 1, max: 784, maxCount: 12 } as const;
/** The CLI's default d sweep, and the app's. */
export const DEFAULT_D_SWEEP: readonly number[] = [5, 10, 20, 50, 100, 200, 400];
/** The patch seed every eval uses unless told otherwise (the figures in the notes use it). */
export const DEFAULT_EVAL_SEED = 1;
