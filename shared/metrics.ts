// Quality of an inpainting, measured on the missing pixels only (known pixels are copied, so they would flatter it).

/** Sum of squared errors and count of missing pixels over a batch (so batches can be accumulated). */
export function maskedSquaredError(
  result: ArrayLike<number>,
  clean: ArrayLike<number>,
  masks: ArrayLike<number>,
): { sse: number; count: number } {
  let sse = 0;
  let count = 0;
  for (let i = 0; i < masks.length; i++) {
    if (!masks[i]) continue;
    const d = result[i] - clean[i];
    sse += d * d;
    count++;
  }
  return { sse, count };
}

/** PSNR in dB for images in [0,1] (peak 1). */
export function psnr(mse: number): number {
  return mse > 0 ? 10 * Math.log10(1 / mse) : Infinity;
}

/** Index of the largest of each row of n×k scores. */
export function argmaxRows(scores: Float32Array, n: number, k = 10): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < k; j++) if (scores[i * k + j] > scores[i * k + best]) best = j;
    out[i] = best;
  }
  return out;
}
