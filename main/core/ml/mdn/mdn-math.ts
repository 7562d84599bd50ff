// The sheet's Exercise 1 in float64, one example at a time: the error E_q, the posterior π and the four
// closed-form gradients. The tests hold tfjs autodiff of the training loss against these formulas, and
// inference uses the posterior (π of each completion when the original is known).

/** One example: K components over the c missing pixels (t and each μᵢ have length c). */
export interface MdnExample {
  /** Mixing logits zᵢ^α (length K). */
  z: ArrayLike<number>;
  /** Means μᵢ (K arrays of length c). */
  mu: ArrayLike<number>[];
  /** Scales σᵢ > 0 (length K). */
  sigma: ArrayLike<number>;
  /** Target t (length c). */
  t: ArrayLike<number>;
}

export interface MdnTerms {
  /** E_q = −log Σᵢ αᵢ φᵢ(t). */
  error: number;
  alpha: number[];
  /** πᵢ = αᵢφᵢ / Σⱼ αⱼφⱼ. */
  posterior: number[];
  /** log φᵢ(t) (Gaussian kernel of dimension c). */
  logPhi: number[];
}

export interface MdnGradients {
  /** ∂E/∂αᵢ = −πᵢ/αᵢ */
  dAlpha: number[];
  /** ∂E/∂μᵢₖ = πᵢ(μᵢₖ − tₖ)/σᵢ² */
  dMu: number[][];
  /** ∂E/∂σᵢ = −πᵢ(‖t − μᵢ‖²/σᵢ³ − c/σᵢ) */
  dSigma: number[];
  /** ∂E/∂zᵢ^α = αᵢ − πᵢ */
  dZ: number[];
}

/** log Σ exp(v), shifted by the maximum so no term overflows. */
export function logSumExp(v: readonly number[]): number {
  const m = Math.max(...v);
  if (m === -Infinity) return -Infinity;
  let s = 0;
  for (const x of v) s += Math.exp(x - m);
  return m + Math.log(s);
}

export function softmax(z: ArrayLike<number>): number[] {
  const v = Array.from(z);
  const l = logSumExp(v);
  return v.map((x) => Math.exp(x - l));
}

function squaredDistance(t: ArrayLike<number>, mu: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < t.length; k++) s += (t[k] - mu[k]) ** 2;
  return s;
}

export function mdnTerms(q: MdnExample): MdnTerms {
  const c = q.t.length;
  const alpha = softmax(q.z);
  const logPhi = alpha.map(
    (_, i) =>
      (-c / 2) * Math.log(2 * Math.PI) -
      c * Math.log(q.sigma[i]) -
      squaredDistance(q.t, q.mu[i]) / (2 * q.sigma[i] ** 2),
  );
  const joint = alpha.map((a, i) => Math.log(a) + logPhi[i]);
  const logP = logSumExp(joint);
  return { error: -logP, alpha, posterior: joint.map((j) => Math.exp(j - logP)), logPhi };
}

export function mdnGradients(q: MdnExample): MdnGradients {
  const c = q.t.length;
  const { alpha, posterior: pi } = mdnTerms(q);
  return {
    dAlpha: pi.map((p, i) => -p / alpha[i]),
    dMu: pi.map((p, i) => Array.from(q.mu[i], (m, k) => (p * (m - q.t[k])) / q.sigma[i] ** 2)),
    dSigma: pi.map((p, i) => -p * (squaredDistance(q.t, q.mu[i]) / q.sigma[i] ** 3 - c / q.sigma[i])),
    dZ: pi.map((p, i) => alpha[i] - p),
  };
}
