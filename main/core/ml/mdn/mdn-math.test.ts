// The sheet's Exercise 1 as tests: the four closed-form gradients against tfjs autodiff of the training
// loss (random small cases, c differing per example), the posterior's normalisation, and the batched
// float32 NLL against a direct float64 evaluation.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../data/random';
import { mdnGradients, mdnTerms, type MdnExample } from './mdn-math';
import { errorsFromLogAlpha, mdnErrors, mdnPosterior } from './mdn-loss';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const B = 5;
const K = 3;
const P = 7;

/** A random batch: masks with 1..P missing pixels (a different c per example). */
function randomCase(seed: number) {
  const r = mulberry32(seed);
  const logits = Array.from({ length: B * K }, () => 2 * r() - 1);
  const mu = Array.from({ length: B * K * P }, () => r());
  const sigma = Array.from({ length: B * K }, () => 0.3 + 0.7 * r());
  const t = Array.from({ length: B * P }, () => r());
  const mask = Array.from({ length: B * P }, (_, i) => (i % P < 1 + (((i / P) | 0) % P) || r() < 0.3 ? 1 : 0));
  return { logits, mu, sigma, t, mask };
}
type Case = ReturnType<typeof randomCase>;

/** Example b restricted to its missing pixels, as the sheet writes it. */
function example(cs: Case, b: number): MdnExample & { missing: number[] } {
  const missing = [...Array(P).keys()].filter((p) => cs.mask[b * P + p]);
  return {
    missing,
    z: cs.logits.slice(b * K, (b + 1) * K),
    mu: [...Array(K).keys()].map((i) => missing.map((p) => cs.mu[(b * K + i) * P + p])),
    sigma: cs.sigma.slice(b * K, (b + 1) * K),
    t: missing.map((p) => cs.t[b * P + p]),
  };
}

function tensors(cs: Case) {
  return {
    logits: tf.tensor2d(cs.logits, [B, K]),
    mu: tf.tensor3d(cs.mu, [B, K, P]),
    sigma: tf.tensor2d(cs.sigma, [B, K]),
    t: tf.tensor2d(cs.t, [B, P]),
    mask: tf.tensor2d(cs.mask, [B, P]),
  };
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rel = 2e-5): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    expect(Math.abs(actual[i] - expected[i])).toBeLessThanOrEqual(rel * (1 + Math.abs(expected[i])));
  }
}

describe.each([1, 2, 3])('MDN gradients, random case %i', (seed) => {
  const cs = randomCase(seed);
  const examples = [...Array(B).keys()].map((b) => example(cs, b));
  const closed = examples.map(mdnGradients);

  it('has a different missing count c per example', () => {
    expect(new Set(examples.map((q) => q.t.length)).size).toBeGreaterThan(2);
  });

  it('∂E/∂zᵢ = αᵢ − πᵢ', () => {
    const x = tensors(cs);
    const g = tf.grad((z: tf.Tensor) => tf.sum(mdnErrors({ ...x, logits: z as tf.Tensor2D }, x.t, x.mask)))(x.logits);
    expectClose(
      g.dataSync(),
      closed.flatMap((c) => c.dZ),
    );
    tf.dispose([g, ...Object.values(x)]);
  });

  it('∂E/∂αᵢ = −πᵢ/αᵢ', () => {
    const x = tensors(cs);
    const alpha = tf.softmax(x.logits);
    const g = tf.grad((a: tf.Tensor) =>
      tf.sum(errorsFromLogAlpha(tf.log(a) as tf.Tensor2D, x.mu, x.sigma, x.t, x.mask)),
    )(alpha);
    expectClose(
      g.dataSync(),
      closed.flatMap((c) => c.dAlpha),
    );
    tf.dispose([g, alpha, ...Object.values(x)]);
  });

  it('∂E/∂μᵢₖ = πᵢ(μᵢₖ − tₖ)/σᵢ² on the missing pixels, 0 on the known ones', () => {
    const x = tensors(cs);
    const g = tf.grad((mu: tf.Tensor) => tf.sum(mdnErrors({ ...x, mu: mu as tf.Tensor3D }, x.t, x.mask)))(x.mu);
    const expected = new Float64Array(B * K * P);
    examples.forEach((q, b) =>
      closed[b].dMu.forEach((row, i) => q.missing.forEach((p, k) => (expected[(b * K + i) * P + p] = row[k]))),
    );
    expectClose(g.dataSync(), expected);
    tf.dispose([g, ...Object.values(x)]);
  });

  it('∂E/∂σᵢ = −πᵢ(‖t − μᵢ‖²/σᵢ³ − c/σᵢ)', () => {
    const x = tensors(cs);
    const g = tf.grad((s: tf.Tensor) => tf.sum(mdnErrors({ ...x, sigma: s as tf.Tensor2D }, x.t, x.mask)))(x.sigma);
    expectClose(
      g.dataSync(),
      closed.flatMap((c) => c.dSigma),
    );
    tf.dispose([g, ...Object.values(x)]);
  });

  it('the posterior sums to one and matches the float64 πᵢ', () => {
    const x = tensors(cs);
    const pi = mdnPosterior(x, x.t, x.mask);
    const rows = pi.arraySync();
    rows.forEach((row) => expect(Math.abs(row.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-6));
    examples.forEach((q) => expect(Math.abs(mdnTerms(q).posterior.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12));
    expectClose(
      pi.dataSync(),
      examples.flatMap((q) => mdnTerms(q).posterior),
    );
    tf.dispose([pi, ...Object.values(x)]);
  });

  it('the batched NLL equals a direct float64 evaluation of −log Σ αᵢ φᵢ', () => {
    const x = tensors(cs);
    const e = mdnErrors(x, x.t, x.mask);
    const direct = examples.map((q) => {
      const alpha = mdnTerms(q).alpha;
      let p = 0;
      for (let i = 0; i < K; i++) {
        const c = q.t.length;
        let sq = 0;
        for (let k = 0; k < c; k++) sq += (q.t[k] - q.mu[i][k]) ** 2;
        p += alpha[i] * (2 * Math.PI) ** (-c / 2) * q.sigma[i] ** -c * Math.exp(-sq / (2 * q.sigma[i] ** 2));
      }
      return -Math.log(p);
    });
    expectClose(e.dataSync(), direct);
    tf.dispose([e, ...Object.values(x)]);
  });
});

it('the log-sum-exp keeps the NLL finite where the kernels underflow float32', () => {
  const t = tf.tensor2d([Array(50).fill(1)]);
  const mask = tf.ones([1, 50]) as tf.Tensor2D;
  const m = {
    logits: tf.tensor2d([[0, 0]]),
    mu: tf.zeros([1, 2, 50]) as tf.Tensor3D,
    sigma: tf.tensor2d([[0.05, 0.06]]),
  };
  const e = mdnErrors(m, t, mask).dataSync()[0];
  expect(Number.isFinite(e)).toBe(true);
  expect(e).toBeGreaterThan(5000); // ‖t − μ‖²/(2σ²) = 50/(2·0.0036) ≈ 6944 nats
  tf.dispose([t, mask, m.logits, m.mu, m.sigma]);
});
