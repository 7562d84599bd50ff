// Principal components of the training digits. The covariance XᵀX is the heavy part (60k×784×784 ≈ 74 GFLOP):
// it runs on the active tfjs backend as non-transposed matMuls of explicitly transposed row chunks (wasm
// multiplies transposed operands ~10× slower), combined in float64; the 784×784 eigenproblem runs in pca-fit.ts (JAMA's tred2/tql2 on flat arrays).
import * as tf from '@tensorflow/tfjs';
import { PIXELS as PIXEL_COUNT } from './image';
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
  const gram = new Float64Array(PIXELS * PIXELS);
  const sum = new Float64Array(PIXELS);
  const first = images.subarray(0, PIXELS);
  const varies = new Uint8Array(PIXELS); // non-zero once a pixel differs from image 0: constant pixels skip the eigensolver

  for (let start = 0; start < n; start += chunkRows) {
    throwIfAborted(signal);
    const rows = Math.min(chunkRows, n - start);
    const chunk = new Float32Array(rows * PIXELS);
    const src = images.subarray(start * PIXELS, (start + rows) * PIXELS);
    for (let row = 0; row < rows; row++) {
      for (let p = 0, i = row * PIXELS; p < PIXELS; p++, i++) {
        chunk[i] = src[i] / 255;
        sum[p] += chunk[i];
        varies[p] |= src[i] ^ first[p];
      }
    }
    const product = tf.tidy(() => {
      const x = tf.tensor2d(chunk, [rows, PIXELS]);
      return tf.matMul(tf.transpose(x), x); // 784×rows · rows×784, neither operand flagged as transposed
    });
    const g = await product.data();
    product.dispose();
    for (let i = 0; i < gram.length; i++) gram[i] += g[i];
    onProgress?.(COVARIANCE_SHARE * ((start + rows) / n));
    await new Promise((r) => setImmediate(r)); // let abort signals and other work through between chunks
  }
  throwIfAborted(signal);

  const mean = new Float64Array(PIXELS);
  for (let p = 0; p < PIXELS; p++) mean[p] = sum[p] / n;
  // Population covariance C = XᵀX/n − μμᵀ, symmetrised (float32 chunk products are not exactly symmetric).
  const cov = gram; // reused in place
  for (let i = 0; i < PIXELS; i++) {
    for (let j = i; j < PIXELS; j++) {
      const c = (gram[i * PIXELS + j] + gram[j * PIXELS + i]) / (2 * n) - mean[i] * mean[j];
      cov[i * PIXELS + j] = c;
      cov[j * PIXELS + i] = c;
    }
  }
  const active: number[] = [];
  for (let p = 0; p < PIXELS; p++) if (varies[p]) active.push(p);
  const model = eigenModel(cov, mean, active);
  onProgress?.(1);
  return model;
}

/**
 * Eigen-decompose a symmetric size×size covariance; order by descending variance with a deterministic sign.
 * Only the `active` pixels (those that vary) enter the eigensolver: a constant pixel's row and column are
 * zero, so its unit vector is an exact eigenvector with eigenvalue 0 (MNIST has ~70 such border pixels).
 */
export function eigenModel(cov: Float64Array, mean: ArrayLike<number>, active?: number[]): PcaModel {
  const size = mean.length;
  const act = active ?? Array.from({ length: size }, (_, p) => p);
  const na = act.length;
  const reduced = new Float64Array(na * na);
  for (let i = 0; i < na; i++) for (let j = 0; j < na; j++) reduced[i * na + j] = cov[act[i] * size + act[j]];
  const { values, vectors } = na > 0 ? symmetricEigen(reduced, na) : { values: new Float64Array(0), vectors: new Float64Array(0) };
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

function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new DOMException('PCA fit cancelled', 'AbortError');
}
