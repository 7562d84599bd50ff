// The d values that make the misbehaving test worker's `pca` misbehave (see misbehaving-inference-worker.ts).
/** d values that make `pca` misbehave. */
export const HANG = 701;
export const THROW = 702;
export const EXIT = 703;
export const OUT_OF_MEMORY = 704;
/** Busy for 3 s, then an ordinary answer: a heavy inference. */
export const SLOW = 705;
/** Answers with the worker's tfjs tensor count in every missing pixel (÷ 1e6, so it stays in [0,1]). */
export const TENSOR_COUNT = 706;
/** A model file of this name makes loading the model end the worker (exit code 4). */
export const CRASH_ON_LOAD = 'crash-on-load';
