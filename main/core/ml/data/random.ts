// Seeded randomness. Nothing in the app may use Math.random for data: runs must be reproducible.

/** mulberry32: tiny, fast, good enough for shuffles and patches. Returns floats in [0,1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mix two integers into one seed (seed, index) → a well-spread 32-bit value. */
export function mixSeed(a: number, b: number): number {
  let h = Math.imul((a >>> 0) ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul((b >>> 0) + 0x632be59b, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Uniform integer in [lo, hi], inclusive. */
export function randInt(rand: () => number, lo: number, hi: number): number {
  return lo + Math.floor(rand() * (hi - lo + 1));
}

/** Seeded Fisher–Yates permutation of 0..n-1. */
export function permutation(n: number, rand: () => number): Uint32Array {
  const p = new Uint32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}

/**
 * Gaussian noise (mean 0, std `std`) for rows [firstRow, firstRow + rows) of a batch, `cols` values a
 * row, into `out` at `offset`. Row r depends only on (seed, r): a batch split into shards draws exactly
 * the noise of the whole batch. Box–Muller on mulberry32 (tf.randomNormal with a seed costs ~30× more).
 */
export function gaussianRows(
  seed: number,
  firstRow: number,
  rows: number,
  cols: number,
  std: number,
  out = new Float32Array(rows * cols),
  offset = 0,
): Float32Array {
  for (let r = 0; r < rows; r++) {
    const rand = mulberry32(mixSeed(seed, firstRow + r));
    const base = offset + r * cols;
    for (let c = 0; c < cols; c += 2) {
      const radius = std * Math.sqrt(-2 * Math.log(1 - rand()));
      const angle = 2 * Math.PI * rand();
      out[base + c] = radius * Math.cos(angle);
      if (c + 1 < cols) out[base + c + 1] = radius * Math.sin(angle);
    }
  }
  return out;
}
