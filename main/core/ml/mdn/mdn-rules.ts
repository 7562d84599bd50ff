// Which single answer the MDN gives: the most probable component (highest α), the one the energy network
// (or the CRBM's free energy F(x, y), the sheet's conditional energy) likes best,
// likes best (lowest E), or the mixture mean Σ αᵢμᵢ. Measured on the training holdout; the best is saved.
import type * as tf from '@tensorflow/tfjs';
import { PIXELS } from '../../../../shared/image';
import type { DigitSplit } from '../data/batches';
import { trainingBatch } from '../data/training-masks';
import type { MaskMix } from '../../../../shared/masks';
import type { MdnConfig } from './mdn-model';
import { completion, predictMixture, type Mixture } from './mdn-predict';

export type MdnRule = 'alpha' | 'energy' | 'free-energy' | 'mean';

/** Batch scorers the energy rules use when their models are loaded (lower = better). */
export interface Scorers {
  /** The generator's energy network E. */
  energy?: EnergyFn;
  /** The conditional RBM's free energy F. */
  freeEnergy?: EnergyFn;
}
export type EnergyFn = (images: Float32Array, n: number) => Float32Array;

/** Index of the component each example's rule picks (-1: the mixture mean). */
export function pick(m: Mixture, rule: MdnRule, scorers: Scorers = {}): Int32Array {
  const chosen = new Int32Array(m.n).fill(-1);
  if (rule === 'mean') return chosen;
  const scorer = rule === 'energy' ? scorers.energy : rule === 'free-energy' ? scorers.freeEnergy : undefined;
  const scores = scorer ? scorer(m.completions, m.n * m.k) : null; // no scorer: highest α
  for (let b = 0; b < m.n; b++) {
    let best = 0;
    for (let i = 1; i < m.k; i++) {
      const j = b * m.k + i;
      const better = scores ? scores[j] < scores[b * m.k + best] : m.alpha[j] > m.alpha[b * m.k + best];
      if (better) best = i;
    }
    chosen[b] = best;
  }
  return chosen;
}

/** The single answers (n×784) the rule gives. */
export function answers(m: Mixture, rule: MdnRule, scorers: Scorers = {}): Float32Array {
  const out = new Float32Array(m.n * PIXELS);
  const chosen = pick(m, rule, scorers);
  for (let b = 0; b < m.n; b++) {
    if (chosen[b] >= 0) {
      out.set(completion(m, b, chosen[b]), b * PIXELS);
      continue;
    }
    for (let i = 0; i < m.k; i++) {
      const a = m.alpha[b * m.k + i];
      const c = completion(m, b, i);
      for (let p = 0; p < PIXELS; p++) out[b * PIXELS + p] += a * c[p];
    }
  }
  return out;
}

export interface RuleScores {
  images: number;
  /** Patch MSE of each rule's answer (energy only when an energy net was given). */
  mse: Partial<Record<MdnRule, number>>;
  /** The best of the K completions chosen WITH the original: the ceiling no rule can pass. */
  oracleMse: number;
  chosen: MdnRule;
}

function patchMse(out: Float32Array, clean: Float32Array, masks: Uint8Array): number {
  let s = 0;
  let c = 0;
  for (let i = 0; i < out.length; i++) {
    if (!masks[i]) continue;
    s += (out[i] - clean[i]) ** 2;
    c++;
  }
  return c ? s / c : 0;
}

/** Measures the rules on up to 1,000 holdout images and picks the lowest patch MSE. */
export function compareRules(
  net: tf.LayersModel,
  config: MdnConfig,
  holdout: DigitSplit,
  seed: number,
  masks: MaskMix,
  scorers: Scorers = {},
): RuleScores {
  const n = Math.min(1000, holdout.n);
  const b = trainingBatch(
    holdout,
    Uint32Array.from({ length: n }, (_, i) => i),
    seed,
    masks,
  );
  const m = predictMixture(net, config, b.corrupted, b.masks, n);
  const rules: MdnRule[] = ['alpha', 'mean'];
  if (scorers.energy) rules.push('energy');
  if (scorers.freeEnergy) rules.push('free-energy');
  const mse: Partial<Record<MdnRule, number>> = {};
  for (const r of rules) mse[r] = patchMse(answers(m, r, scorers), b.clean, b.masks);
  let oracle = 0;
  let missing = 0;
  for (let q = 0; q < n; q++) {
    const sl = <T extends Float32Array | Uint8Array>(a: T) => a.subarray(q * PIXELS, (q + 1) * PIXELS) as T;
    const c = sl(b.masks).reduce((s, v) => s + v, 0);
    oracle +=
      c * Math.min(...Array.from({ length: m.k }, (_, i) => patchMse(completion(m, q, i), sl(b.clean), sl(b.masks))));
    missing += c;
  }
  const chosen = rules.reduce((best, r) => ((mse[r] ?? Infinity) < (mse[best] ?? Infinity) ? r : best), rules[0]);
  return { images: n, mse, oracleMse: oracle / Math.max(missing, 1), chosen };
}
