// Smoothing for noisy training curves: an exponential moving average, debiased at the start (as
// TensorBoard does), so the first points are not pulled towards zero.
export function smooth<P extends { x: number; y: number }>(points: readonly P[], alpha: number): P[] {
  let avg = 0;
  let weight = 0;
  return points.map((p) => {
    avg = (1 - alpha) * avg + alpha * p.y;
    weight = (1 - alpha) * weight + alpha;
    return { ...p, y: avg / weight };
  });
}
