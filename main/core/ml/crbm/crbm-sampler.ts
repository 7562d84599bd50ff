// The CRBM's inference sampler: Gibbs sweeps for one image at a time in plain typed-array loops (training keeps
// the batched tf sweep of crbm-gibbs.ts). A tf sweep is ~19 small ops whose per-op overhead, not arithmetic,
// made 50 sweeps cost ~27 ms per image; here a sweep touches only what changes: the known pixels' input to the
// hidden units is summed once, the missing pixels add their rows of W, and p(y | h) is computed for the missing
// pixels only, over the hidden units that are on. Same conditionals as crbm-conditionals.ts (its tests are the
// oracle, see crbm-sampler.test.ts), same answer: the mean-field p(y | h) averaged over the second half.
import { mixSeed, mulberry32 } from '../data/random';

/** The weights as plain arrays (W row-major pixels×K; biases only when the model has them). */
export interface CrbmArrays {
  W: Float32Array;
  hidden: number;
  b?: Float32Array;
  c?: Float32Array;
}

const sigmoid = (a: number) => 1 / (1 + Math.exp(-a));
const softplus = (a: number) => (a > 0 ? a + Math.log1p(Math.exp(-a)) : Math.log1p(Math.exp(a)));

/** The hidden units' input vW (+ c) of one image. */
function hiddenInput(w: CrbmArrays, v: Float32Array, out: Float64Array): void {
  const K = w.hidden;
  for (let k = 0; k < K; k++) out[k] = w.c ? w.c[k] : 0;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (x === 0) continue; // most pixels of a digit are black
    const row = i * K;
    for (let k = 0; k < K; k++) out[k] += x * w.W[row + k];
  }
}

/** F(v) = −Σₖ softplus(vW + c)ₖ (− bᵀv). */
export function freeEnergyOf(w: CrbmArrays, v: Float32Array, scratch = new Float64Array(w.hidden)): number {
  hiddenInput(w, v, scratch);
  let f = 0;
  for (let k = 0; k < w.hidden; k++) f -= softplus(scratch[k]);
  if (w.b) for (let i = 0; i < v.length; i++) f -= w.b[i] * v[i];
  return f;
}

/**
 * Runs `steps` sweeps from `image` (missing pixels as given, e.g. gray) with the known pixels clamped; returns
 * the missing pixels' mean-field p(y | h) averaged over the sweeps from ⌊steps/2⌋ on, written into a copy of
 * `image`. `onStep` gets each sweep's mean-field image and the free energy of the sampled state.
 */
export function sampleImage(
  w: CrbmArrays,
  image: Float32Array,
  mask: Uint8Array,
  steps: number,
  seed: number,
  onStep?: (meanField: Float32Array, freeEnergy: number) => void,
): Float32Array {
  const K = w.hidden;
  const missing: number[] = [];
  for (let i = 0; i < image.length; i++) if (mask[i]) missing.push(i);
  const v = image.slice(); // the chain's state: x fixed, y sampled
  const known = image.slice();
  for (const j of missing) known[j] = 0;
  const base = new Float64Array(K); // the known pixels' part of the hidden input, summed once
  hiddenInput(w, known, base);
  const a = new Float64Array(K);
  const on = new Int32Array(K);
  const yProbs = new Float64Array(missing.length);
  const sum = new Float64Array(missing.length);
  const scratch = onStep ? new Float64Array(K) : a;
  const rand = mulberry32(mixSeed(seed, steps));
  const burn = Math.floor(steps / 2);
  for (let s = 0; s < steps; s++) {
    // h ~ p(h | x, y)
    a.set(base);
    for (const j of missing) {
      const y = v[j];
      if (y === 0) continue;
      const row = j * K;
      for (let k = 0; k < K; k++) a[k] += y * w.W[row + k];
    }
    let count = 0;
    for (let k = 0; k < K; k++) if (rand() < sigmoid(a[k])) on[count++] = k;
    // y ~ p(y | h), the missing pixels only
    for (let m = 0; m < missing.length; m++) {
      const j = missing[m];
      const row = j * K;
      let input = w.b ? w.b[j] : 0;
      for (let q = 0; q < count; q++) input += w.W[row + on[q]];
      const p = sigmoid(input);
      yProbs[m] = p;
      v[j] = rand() < p ? 1 : 0;
      if (s >= burn) sum[m] += p;
    }
    if (onStep) {
      const meanField = image.slice();
      for (let m = 0; m < missing.length; m++) meanField[missing[m]] = yProbs[m];
      onStep(meanField, freeEnergyOf(w, v, scratch));
    }
  }
  const out = image.slice();
  for (let m = 0; m < missing.length; m++) out[missing[m]] = sum[m] / (steps - burn);
  return out;
}
