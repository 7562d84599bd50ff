// Which single answer the MDN gives: the most probable component (highest α), the one the energy network
// (lowest E) or the CRBM's free energy F(x, y) (the sheet's conditional energy) likes best, the mixture mean
// Σ αᵢμᵢ, or the classifier's rules: the completion read most confidently as a digit, or the digit the
// mixture votes for (Σᵢ αᵢ p(digit | completion i)) drawn by the completion that shows it best.
// Measured on the training holdout (the classifier rules with an independent judge).
import type * as tf from '@tensorflow/tfjs';
import { PIXELS } from '../../../../shared/image';
import { maskedSquaredError } from '../../../../shared/metrics';
import type { DigitSplit } from '../data/batches';
import { trainingBatch } from '../data/training-masks';
import type { MaskMix } from '../../../../shared/masks';
import type { MdnConfig } from './mdn-model';
import { completion, predictMixture, type Mixture } from './mdn-predict';

export type MdnRule = 'alpha' | 'energy' | 'free-energy' | 'mean' | 'confident' | 'vote' | 'agree';

/** Batch scorers the energy rules use when their models are loaded (lower = better). */
export interface Scorers {
  /** The generator's energy network E. */
  energy?: EnergyFn;
  /** The conditional RBM's free energy F. */
  freeEnergy?: EnergyFn;
  /** The classifier: n×10 digit probabilities. */
  classify?: (images: Float32Array, n: number) => Float32Array;
  /** Another method's single answer for the same inputs (the generator's): the 'agree' rule's reference. */
  propose?: (images: Float32Array, masks: Uint8Array, n: number) => Float32Array;
}
export type EnergyFn = (images: Float32Array, n: number) => Float32Array;

/** Per completion, a score where lower is better; null for highest α and for a rule whose model is not loaded. */
function ruleScores(m: Mixture, rule: MdnRule, scorers: Scorers): Float32Array | Float64Array | null {
  const count = m.n * m.k;
  if (rule === 'energy' && scorers.energy) return scorers.energy(m.completions, count);
  if (rule === 'free-energy' && scorers.freeEnergy) return scorers.freeEnergy(m.completions, count);
  if (rule === 'agree' && scorers.propose) return distancesTo(m, scorers.propose(m.images, m.masks, m.n));
  if ((rule !== 'confident' && rule !== 'vote') || !scorers.classify) return null;
  const p = scorers.classify(m.completions, count);
  const out = new Float64Array(count);
  for (let b = 0; b < m.n; b++) {
    // 'vote': the digit with the largest α-weighted probability over the K completions.
    let digit = -1;
    if (rule === 'vote') {
      const votes = new Float64Array(10);
      for (let i = 0; i < m.k; i++)
        for (let c = 0; c < 10; c++) votes[c] += m.alpha[b * m.k + i] * p[(b * m.k + i) * 10 + c];
      digit = votes.indexOf(Math.max(...votes));
    }
    for (let i = 0; i < m.k; i++) {
      const row = p.subarray((b * m.k + i) * 10, (b * m.k + i + 1) * 10);
      out[b * m.k + i] = -(digit >= 0 ? row[digit] : Math.max(...row));
    }
  }
  return out;
}

/** Squared distance over the missing pixels from each completion to its example's reference answer. */
function distancesTo(m: Mixture, reference: Float32Array): Float64Array {
  const out = new Float64Array(m.n * m.k);
  for (let b = 0; b < m.n; b++) {
    const ref = reference.subarray(b * PIXELS, (b + 1) * PIXELS);
    const mask = m.masks.subarray(b * PIXELS, (b + 1) * PIXELS);
    for (let i = 0; i < m.k; i++) out[b * m.k + i] = maskedSquaredError(completion(m, b, i), ref, mask).sse;
  }
  return out;
}

/** Index of the component each example's rule picks (-1: the mixture mean). */
export function pick(m: Mixture, rule: MdnRule, scorers: Scorers = {}): Int32Array {
  const chosen = new Int32Array(m.n).fill(-1);
  if (rule === 'mean') return chosen;
  const scores = ruleScores(m, rule, scorers);
  // A rule that consults a model which is not loaded answers with the mixture mean: the best rule on the
  // holdout that needs no other model.
  if (!scores && rule !== 'alpha') return chosen;
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
  const { sse, count } = maskedSquaredError(out, clean, masks);
  return count ? sse / count : 0;
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
  if (scorers.classify) rules.push('confident', 'vote');
  if (scorers.propose) rules.push('agree');
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
