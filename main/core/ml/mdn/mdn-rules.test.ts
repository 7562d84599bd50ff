import { describe, expect, it } from 'vitest';
import { PIXELS } from '../../../../shared/image';
import { answers, pick, type Scorers } from './mdn-rules';
import type { Mixture } from './mdn-predict';

// Two examples, three completions each; completion (b, i) is the constant image 0.1·(3b + i + 1), so a fake
// classifier can tell them apart by their first pixel.
function mixture(alpha: number[]): Mixture {
  const n = 2;
  const k = 3;
  const completions = new Float32Array(n * k * PIXELS);
  for (let j = 0; j < n * k; j++) completions.fill(0.1 * (j + 1), j * PIXELS, (j + 1) * PIXELS);
  const masks = new Uint8Array(n * PIXELS).fill(1); // every pixel missing: completions differ everywhere
  const images = new Float32Array(n * PIXELS).fill(0.5);
  const sigma = new Float32Array(n * k).fill(0.1);
  return { n, k, alpha: Float32Array.from(alpha), sigma, completions, images, masks };
}

/** Digit probabilities per completion, by its first pixel value (index j = value·10 − 1). */
function classifierFrom(table: number[][]): NonNullable<Scorers['classify']> {
  return (images, n) => {
    const out = new Float32Array(n * 10);
    for (let q = 0; q < n; q++) {
      const j = Math.round(images[q * PIXELS] * 10) - 1;
      out.set(table[j], q * 10);
    }
    return out;
  };
}

/** A probability row: `p` on `digit`, the rest spread evenly. */
function row(digit: number, p: number): number[] {
  return Array.from({ length: 10 }, (_, c) => (c === digit ? p : (1 - p) / 9));
}

describe('MDN answer rules', () => {
  const m = mixture([0.5, 0.3, 0.2, 0.1, 0.2, 0.7]);
  // Example 0: completions read 3 (0.6), 3 (0.7) and 8 (0.95). Example 1: 1 (0.9), 7 (0.5), 7 (0.55).
  const classify = classifierFrom([row(3, 0.6), row(3, 0.7), row(8, 0.95), row(1, 0.9), row(7, 0.5), row(7, 0.55)]);

  it('highest α picks the largest mixing coefficient; the mixture mean picks none', () => {
    expect(Array.from(pick(m, 'alpha'))).toEqual([0, 2]);
    expect(Array.from(pick(m, 'mean'))).toEqual([-1, -1]);
  });

  it('most confident digit picks the completion with the highest top probability', () => {
    expect(Array.from(pick(m, 'confident', { classify }))).toEqual([2, 0]);
  });

  it("the digit vote picks the mixture's digit (Σ α p), drawn by its most confident completion", () => {
    // Example 0: votes for 3 = 0.5·0.6 + 0.3·0.7 + 0.2·0.05/9… ≫ 8; 3 is shown best by completion 1.
    // Example 1: votes for 7 = 0.2·0.5 + 0.7·0.55 > 1 (0.1·0.9); completion 2 shows 7 best.
    expect(Array.from(pick(m, 'vote', { classify }))).toEqual([1, 2]);
  });

  it('a rule whose model is not loaded answers with the mixture mean', () => {
    for (const rule of ['confident', 'vote', 'agree', 'energy', 'free-energy'] as const)
      expect(Array.from(pick(m, rule)), rule).toEqual([-1, -1]);
  });

  it("'agree' picks the completion closest to the other method's answer over the missing pixels", () => {
    // The reference answer is 0.22 everywhere for example 0 (closest: 0.2, index 1) and 0.62 for example 1
    // (closest: 0.6, index 2).
    const propose = (_images: Float32Array, _masks: Uint8Array, n: number) => {
      const out = new Float32Array(n * PIXELS);
      out.fill(0.22, 0, PIXELS);
      out.fill(0.62, PIXELS);
      return out;
    };
    expect(Array.from(pick(m, 'agree', { propose }))).toEqual([1, 2]);
  });

  it('answers are the picked completions, and the α-weighted mean for the mean rule', () => {
    const vote = answers(m, 'vote', { classify });
    expect(vote[0]).toBeCloseTo(0.2);
    expect(vote[PIXELS]).toBeCloseTo(0.6);
    const mean = answers(m, 'mean');
    expect(mean[0]).toBeCloseTo(0.5 * 0.1 + 0.3 * 0.2 + 0.2 * 0.3);
  });
});
