// Principal components of the training digits. The covariance XᵀX is the heavy part (60k×784×784 ≈ 74 GFLOP):
// it runs on the active tfjs backend as non-transposed matMuls of explicitly transposed row chunks (wasm
// multiplies transposed operands ~10× slower), combined in float64; the 784×784 eigenproblem runs in pca-fit.ts
// (JAMA's tred2/tql2 on flat arrays).
import * as tf from '@tensorflow/tfjs';
import { PIXELS as PIXEL_COUNT } from '../../../../shared/image';
import { symmetricEigen } from './pca-fit';

// A module-local copy: under Vitest an imported binding is a property read on every use, slow in hot loops.
const PIXELS = PIXEL_COUNT;

export interface PcaModel {
  /** Mean image, 784 values in [0,1]. */
  mean: Float32Array;
  /** 784×784 row-major: row k is the k-th principal component (unit length), eigenvalues descending. */
  components: Float32Array;
  /** Variance along each component, 784 values, descending, ≥ 0. */
  eigenvalues: Float32Array;
}

export interface FitPcaOptions {
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
  /** Rows per matMul chunk (memory ≈ 2 × rows × 784 × 4 bytes on the backend). */
  chunkRows?: number;
}

/** Share of the progress bar given to the covariance pass (the eigendecomposition takes the rest). */
const COVARIANCE_SHARE = 0.55;

/** Fit PCA on n uint8 images (n×784). Uses whatever tfjs backend is active; never changes it. */
export async function fitPca(images: Uint8Array, n: number, opts: FitPcaOptions = {}): Promise<PcaModel> {
  if (!Number.isInteger(n) || n < 2) throw new Error(`PCA needs at least 2 images, got ${n}`);
  if (images.length !== n * PIXELS) throw new Error(`expected ${n}×${PIXELS} pixel values, got ${images.length}`);
  const { onProgress, signal } = opts;
  const chunkRows = Math.max(1, Math.min(opts.chunkRows ?? 6000, n));

  // Constant pixels (MNIST has ~70 always-black border pixels) have zero covariance rows: leave them out of
  // the products and the eigensolver. A shift (the mean of the first images) keeps the float32 products
  // well conditioned; C = (X−s)ᵀ(X−s)/n − (μ−s)(μ−s)ᵀ is exact for any s.
  const { active, shift } = activePixels(images, n);
  const na = active.length;
  const gram = new Float64Array(na * na);
  const sum = new Float64Array(na);
  for (let start = 0; start < n && na > 0; start += chunkRows) {
    throwIfAborted(signal);
    const rows = Math.min(chunkRows, n - start);
    const chunk = new Float32Array(rows * na);
    for (let row = 0; row < rows; row++) {
      const src = (start + row) * PIXELS;
      for (let a = 0, i = row * na; a < na; a++, i++) {
        chunk[i] = images[src + active[a]] / 255 - shift[a];
        sum[a] += chunk[i];
      }
    }
    await accumulateGram(chunk, rows, na, gram);
    onProgress?.(COVARIANCE_SHARE * ((start + rows) / n));
    await new Promise((r) => setImmediate(r)); // let abort signals and other work through between chunks
  }
  throwIfAborted(signal);

  const mean = new Float64Array(PIXELS);
  for (let p = 0; p < PIXELS; p++) mean[p] = images[p] / 255; // constant pixels: their value in any image
  const dm = new Float64Array(na); // μ − s
  for (let a = 0; a < na; a++) {
    dm[a] = sum[a] / n;
    mean[active[a]] = shift[a] + dm[a];
  }
  // Symmetrised: float32 chunk products are not exactly symmetric.
  const cov = gram; // reused in place
  for (let i = 0; i < na; i++) {
    for (let j = i; j < na; j++) {
      const c = (gram[i * na + j] + gram[j * na + i]) / (2 * n) - dm[i] * dm[j];
      cov[i * na + j] = c;
      cov[j * na + i] = c;
    }
  }
  const model = eigenModel(cov, mean, active);
  onProgress?.(1);
  return model;
}

/**
 * PCA model from the covariance of the `active` pixels (na×na); ordered by descending variance with a
 * deterministic sign. Every other pixel is constant, so its unit vector is an exact eigenvector with
 * eigenvalue 0 and is appended after the active components.
 */
export function eigenModel(cov: Float64Array, mean: ArrayLike<number>, act: number[]): PcaModel {
  const size = mean.length;
  const na = act.length;
  const { values, vectors } =
    na > 0 ? symmetricEigen(cov, na) : { values: new Float64Array(0), vectors: new Float64Array(0) };
  const components = new Float32Array(size * size);
  const eigenvalues = new Float32Array(size);
  for (let k = 0; k < na; k++) {
    const j = na - 1 - k; // symmetricEigen sorts ascending
    eigenvalues[k] = Math.max(0, values[j]); // round-off can leave tiny negatives
    let largest = 0;
    for (let i = 0; i < na; i++) if (Math.abs(vectors[j * na + i]) > Math.abs(largest)) largest = vectors[j * na + i];
    const sign = largest < 0 ? -1 : 1; // largest entry positive: the same data always gives the same signs
    for (let i = 0; i < na; i++) components[k * size + act[i]] = sign * vectors[j * na + i];
  }
  const isActive = new Uint8Array(size);
  for (const p of act) isActive[p] = 1;
  let k = na;
  for (let p = 0; p < size; p++) if (!isActive[p]) components[k++ * size + p] = 1; // eigenvalue 0
  return { mean: Float32Array.from(mean), components, eigenvalues };
}

/**
 * gram += XᵀX for a rows×na chunk. XᵀX is symmetric, so with columns split in halves A|B only AᵀA, AᵀB and
 * BᵀB are multiplied (3/4 of the work); each as a non-transposed matMul of an explicitly transposed operand.
 */
async function accumulateGram(chunk: Float32Array, rows: number, na: number, gram: Float64Array): Promise<void> {
  const h = na < 128 ? na : Math.ceil(na / 2);
  const nb = na - h;
  const [aa, ab, bb] = tf.tidy(() => {
    const x = tf.tensor2d(chunk, [rows, na]);
    if (nb === 0) return [tf.matMul(tf.transpose(x), x)];
    const a = tf.slice(x, [0, 0], [rows, h]);
    const b = tf.slice(x, [0, h], [rows, nb]);
    const at = tf.transpose(a);
    return [tf.matMul(at, a), tf.matMul(at, b), tf.matMul(tf.transpose(b), b)];
  });
  try {
    const gaa = await aa.data();
    for (let i = 0; i < h; i++) for (let j = 0; j < h; j++) gram[i * na + j] += gaa[i * h + j];
    if (ab && bb) {
      const gab = await ab.data();
      const gbb = await bb.data();
      for (let i = 0; i < h; i++) {
        for (let j = 0; j < nb; j++) {
          gram[i * na + h + j] += gab[i * nb + j];
          gram[(h + j) * na + i] += gab[i * nb + j];
        }
      }
      for (let i = 0; i < nb; i++) for (let j = 0; j < nb; j++) gram[(h + i) * na + h + j] += gbb[i * nb + j];
    }
  } finally {
    for (const t of [aa, ab, bb]) t?.dispose();
  }
}

/** Pixels that take more than one value, and a per-pixel shift (mean of the first ≤1000 images) for them. */
function activePixels(images: Uint8Array, n: number): { active: number[]; shift: Float64Array } {
  const varies = new Uint8Array(PIXELS);
  for (let b = 1; b < n; b++) {
    const o = b * PIXELS;
    for (let p = 0; p < PIXELS; p++) varies[p] |= images[o + p] ^ images[p];
  }
  const active: number[] = [];
  for (let p = 0; p < PIXELS; p++) if (varies[p]) active.push(p);
  const m = Math.min(n, 1000);
  const shift = new Float64Array(active.length);
  active.forEach((p, a) => {
    let s = 0;
    for (let b = 0; b < m; b++) s += images[b * PIXELS + p];
    shift[a] = s / m / 255;
  });
  return { active, shift };
}

function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new DOMException('PCA fit cancelled', 'AbortError');
}
