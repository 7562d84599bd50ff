// The two PCA methods. `pca` projects the corrupted image (gray holes included) onto the top-d components,
// as in the exercise. `pca-masked` is gappy PCA (Everson & Sirovich 1995) with a Gaussian prior on the
// coefficients: it fits the top-d coefficients to the known pixels only,
//   (V_Kᵀ V_K + λ Λ⁻¹) c = V_Kᵀ (x_K − μ_K),   x̂_M = μ_M + V_M c,
// with λ = RIDGE_SCALE·σ²_d: σ²_d is the probabilistic-PCA noise variance (mean of the discarded eigenvalues,
// Tipping & Bishop 1999), floored so d = 784 stays well posed; the solution is then the conditional mean of a
// PPCA Gaussian given the known pixels (at d = 784, of the full-covariance Gaussian). PPCA's noise is an
// average over all 784 pixels, mostly near-constant border, while the residual variance sits in the centre
// where holes are: scaling it by 10 measured best overall on center-gray (MSE at d=50: ×1 0.143, ×3 0.102,
// ×10 0.096, ×30 0.106; at d ≥ 400 all ≈ 0.086).
import type { Inpainter, MethodParams } from '../inpainter';
import { checkBatch, composite } from '../inpainter';
import { methodInfo, type MethodId } from '../../../../shared/methods';
import { PIXELS as PIXEL_COUNT } from '../../../../shared/image';
import type { PcaModel } from './pca';
import { checkPcaModel } from './pca-files';

// A module-local copy: under Vitest an imported binding is a property read on every use, ~8× slower in hot loops.
const PIXELS = PIXEL_COUNT;

/** λ never drops below this share of the largest eigenvalue (d near 784 would otherwise give λ ≈ 0). */
export const RIDGE_FLOOR = 1e-4;
/** Multiplier on λ; see ridgeFor. */
export const RIDGE_SCALE = 10;
/**
 * How many d's keep a cached 784×784 Q_d (Float64: 4.9 MB each, so 29 MB at most), least recently used
 * evicted first: a user sweeping four or five d values back and forth keeps every one of them fast.
 */
export const Q_CACHE_SIZE = 6;

export function checkD(d: unknown): number {
  if (typeof d !== 'number' || !Number.isInteger(d) || d < 1 || d > PIXELS) {
    throw new Error(`PCA dimension d must be an integer from 1 to ${PIXELS}, got ${String(d)}`);
  }
  return d;
}

export function createPcaInpainters(model: PcaModel): Inpainter[] {
  checkPcaModel(model);
  const gappy = new GappyPca(model);
  // A request without d uses the method's default from the registry.
  const pick = (id: MethodId, params?: MethodParams) => checkD(params?.d ?? methodInfo(id).params.d?.default);
  return [
    {
      id: 'pca',
      inpaint: (images, masks, n, params) => {
        const d = pick('pca', params);
        checkBatch(images, masks, n);
        return composite(images, masks, project(model, images, masks, n, d));
      },
    },
    {
      id: 'pca-masked',
      inpaint: (images, masks, n, params) => {
        const d = pick('pca-masked', params);
        checkBatch(images, masks, n);
        return composite(images, masks, gappy.inpaint(images, masks, n, d));
      },
    },
  ];
}

/**
 * x̂ = μ + V_dᵀ V_d (x − μ). For d > 392 the discarded components are fewer: x̂ = x − V_restᵀ V_rest (x − μ)
 * (V is orthonormal), so the cost is min(d, 784 − d) rows. Rows of V are scanned contiguously.
 */
function project(model: PcaModel, images: Float32Array, masks: Uint8Array, n: number, d: number): Float32Array {
  const { mean, components: V } = model;
  const complement = d > PIXELS / 2;
  const [from, to, sign] = complement ? [d, PIXELS, -1] : [0, d, 1];
  const out = new Float32Array(images.length);
  const r = new Float64Array(PIXELS);
  const acc = new Float64Array(PIXELS);
  for (let b = 0; b < n; b++) {
    const o = b * PIXELS;
    let anyMissing = false;
    for (let p = 0; p < PIXELS; p++) {
      r[p] = images[o + p] - mean[p];
      acc[p] = complement ? images[o + p] : mean[p];
      anyMissing ||= masks[o + p] !== 0;
    }
    if (!anyMissing) continue;
    for (let k = from; k < to; k++) {
      const row = k * PIXELS;
      let c = 0;
      for (let p = 0; p < PIXELS; p++) c += V[row + p] * r[p];
      c *= sign;
      for (let p = 0; p < PIXELS; p++) acc[p] += c * V[row + p];
    }
    for (let p = 0; p < PIXELS; p++) out[o + p] = acc[p];
  }
  return out;
}

/** λ for dimension d: the PPCA noise variance, floored. */
export function ridgeFor(eigenvalues: Float32Array, d: number): number {
  let tail = 0;
  for (let k = d; k < eigenvalues.length; k++) tail += eigenvalues[k];
  const sigma2 = d < eigenvalues.length ? tail / (eigenvalues.length - d) : 0;
  return Math.max(sigma2, RIDGE_FLOOR * eigenvalues[0], 1e-12);
}

/**
 * Gappy PCA solved in whichever space is smaller. With w_k = λ_k/(λ_k+λ) and Q = V_dᵀ diag(w) V_d,
 * pixel space (m missing): x̂_M = μ_M + (I − Q_MM)⁻¹ Q_MK r_K  (Woodbury; m×m Cholesky);
 * coefficient space: u_p = Λ^½ v_p, z = (Σ_K u_p u_pᵀ + λI)⁻¹ Σ_K u_p r_p, x̂_M = μ_M + U_M z (d×d Cholesky).
 */
export class GappyPca {
  private readonly qCache = new Map<number, Float64Array>();
  private readonly seen = new Set<number>();
  /** ridgeScale multiplies λ (1 = the PPCA noise variance); exposed for measurements. */
  constructor(
    private readonly model: PcaModel,
    private readonly ridgeScale = RIDGE_SCALE,
  ) {}

  /** The d's whose Q_d is cached, least recently used first. */
  cachedDimensions(): number[] {
    return [...this.qCache.keys()];
  }

  inpaint(images: Float32Array, masks: Uint8Array, n: number, d: number, force?: 'pixel' | 'coef'): Float32Array {
    const out = new Float32Array(images.length);
    const lambda = this.ridgeScale * ridgeFor(this.model.eigenvalues, d);
    let q: Float64Array | undefined;
    let qAsked = false;
    for (let b = 0; b < n; b++) {
      const o = b * PIXELS;
      const missing: number[] = [];
      const known: number[] = [];
      for (let p = 0; p < PIXELS; p++) (masks[o + p] ? missing : known).push(p);
      if (missing.length === 0) continue;
      if (!qAsked) {
        q = this.cachedQ(d, lambda, n - b); // built only once some image actually has a hole
        qAsked = true;
      }
      const r = new Float64Array(PIXELS);
      for (const p of known) r[p] = images[o + p] - this.model.mean[p];
      const m = missing.length;
      const pixelCost = (q ? m * known.length : (d * m * m) / 2) + (m * m * m) / 6;
      const coefCost = (Math.min(m, known.length) * d * d) / 2 + (d * d * d) / 6;
      const usePixel = force ? force === 'pixel' : pixelCost <= coefCost;
      const fill = usePixel
        ? this.pixelSpace(r, missing, known, d, lambda, q)
        : this.coefSpace(r, missing, known, d, lambda);
      missing.forEach((p, i) => (out[o + p] = this.model.mean[p] + fill[i]));
    }
    return out;
  }

  /** Q_d is worth building (784²·d/2 work) for a batch or for a d asked for before. */
  private cachedQ(d: number, lambda: number, n: number): Float64Array | undefined {
    const hit = this.qCache.get(d);
    if (hit) {
      // Most recently used last: a Map iterates in insertion order, so the first key is the eviction victim.
      this.qCache.delete(d);
      this.qCache.set(d, hit);
      return hit;
    }
    if (n < 4 && !this.seen.has(d)) {
      this.seen.add(d);
      return undefined;
    }
    const { components: V, eigenvalues: ev } = this.model;
    const q = new Float64Array(PIXELS * PIXELS);
    for (let k = 0; k < d; k++) {
      const w = ev[k] / (ev[k] + lambda);
      const row = k * PIXELS;
      for (let p = 0; p < PIXELS; p++) {
        const a = w * V[row + p];
        if (a === 0) continue;
        const qp = p * PIXELS;
        for (let s = p; s < PIXELS; s++) q[qp + s] += a * V[row + s];
      }
    }
    for (let p = 0; p < PIXELS; p++) for (let s = 0; s < p; s++) q[p * PIXELS + s] = q[s * PIXELS + p];
    if (this.qCache.size >= Q_CACHE_SIZE) this.qCache.delete(this.qCache.keys().next().value as number);
    this.qCache.set(d, q);
    return q;
  }

  private pixelSpace(
    r: Float64Array,
    missing: number[],
    known: number[],
    d: number,
    lambda: number,
    q?: Float64Array,
  ): Float64Array {
    const m = missing.length;
    const a = new Float64Array(m * m); // I − Q_MM
    const t = new Float64Array(m); // Q_MK r_K
    if (q) {
      for (let i = 0; i < m; i++) {
        const row = missing[i] * PIXELS;
        let s = 0;
        for (const p of known) s += q[row + p] * r[p];
        t[i] = s;
        for (let j = 0; j <= i; j++) a[i * m + j] = -q[row + missing[j]];
      }
    } else {
      const { components: V, eigenvalues: ev } = this.model;
      const vm = new Float64Array(m);
      for (let k = 0; k < d; k++) {
        const w = ev[k] / (ev[k] + lambda);
        if (w === 0) continue;
        const row = k * PIXELS;
        let coef = 0;
        for (const p of known) coef += V[row + p] * r[p];
        for (let i = 0; i < m; i++) vm[i] = V[row + missing[i]];
        for (let i = 0; i < m; i++) {
          const wi = w * vm[i];
          t[i] += wi * coef;
          for (let j = 0; j <= i; j++) a[i * m + j] -= wi * vm[j];
        }
      }
    }
    for (let i = 0; i < m; i++) a[i * m + i] += 1;
    return choleskySolve(a, t, m);
  }

  private coefSpace(r: Float64Array, missing: number[], known: number[], d: number, lambda: number): Float64Array {
    const { components: V, eigenvalues: ev } = this.model;
    const sq = new Float64Array(d);
    for (let k = 0; k < d; k++) sq[k] = Math.sqrt(ev[k]);
    // Σ_K u_p u_pᵀ, from whichever of K or M is smaller (Σ over all pixels = Λ_d since V is orthonormal).
    const fromKnown = known.length <= missing.length;
    const set = fromKnown ? known : missing;
    const a = new Float64Array(d * d);
    const u = new Float64Array(d);
    for (const p of set) {
      for (let k = 0; k < d; k++) u[k] = sq[k] * V[k * PIXELS + p];
      for (let i = 0; i < d; i++) for (let j = 0; j <= i; j++) a[i * d + j] += u[i] * u[j];
    }
    if (!fromKnown) for (let i = 0; i < d * d; i++) a[i] = -a[i];
    for (let k = 0; k < d; k++) a[k * d + k] += (fromKnown ? 0 : ev[k]) + lambda;
    const rhs = new Float64Array(d);
    for (let k = 0; k < d; k++) {
      let s = 0;
      for (const p of known) s += V[k * PIXELS + p] * r[p];
      rhs[k] = sq[k] * s;
    }
    const z = choleskySolve(a, rhs, d);
    return Float64Array.from(missing, (p) => {
      let s = 0;
      for (let k = 0; k < d; k++) s += sq[k] * V[k * PIXELS + p] * z[k];
      return s;
    });
  }
}

/** Solve A x = b for SPD A (lower triangle used, overwritten). Adds jitter if round-off breaks definiteness. */
export function choleskySolve(a: Float64Array, b: Float64Array, n: number): Float64Array {
  for (let j = 0; j < n; j++) {
    let diag = a[j * n + j];
    for (let k = 0; k < j; k++) diag -= a[j * n + k] * a[j * n + k];
    if (!(diag > 1e-14)) diag = 1e-14; // only reachable through round-off: the system is SPD by construction
    const l = Math.sqrt(diag);
    a[j * n + j] = l;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j];
      const ri = i * n;
      const rj = j * n;
      for (let k = 0; k < j; k++) s -= a[ri + k] * a[rj + k];
      a[ri + j] = s / l;
    }
  }
  const x = Float64Array.from(b);
  for (let i = 0; i < n; i++) {
    let s = x[i];
    for (let k = 0; k < i; k++) s -= a[i * n + k] * x[k];
    x[i] = s / a[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i];
    for (let k = i + 1; k < n; k++) s -= a[k * n + i] * x[k];
    x[i] = s / a[i * n + i];
  }
  return x;
}
