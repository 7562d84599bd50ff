// The MDN's ceiling in eval: of its K completions, the one closest to the original (chosen WITH the
// original, which no rule has). The gap to the rules says how much a better chooser could gain.
import { argmaxRows, maskedSquaredError, psnr } from '../../../../shared/metrics';
import { PIXELS } from '../../../../shared/image';
import { testBatch, type EvalOptions, type EvalRow } from '../evaluate';
import type { DigitSplit } from '../data/batches';
import type { LoadedModel } from '../load-model';

export function evaluateMdnOracle(model: LoadedModel, split: DigitSplit, o: EvalOptions): EvalRow {
  const mdn = model.inpainters.find((m) => m.id === 'mdn');
  if (!mdn?.details) throw new Error('the model is not an MDN');
  const n = Math.min(o.n, split.n);
  const size = o.batch ?? 500;
  let sse = 0;
  let count = 0;
  let right = 0;
  for (let s = 0; s < n; s += size) {
    const b = testBatch(split, s, Math.min(size, n - s), o.seed, o.masks);
    const out = new Float32Array(b.n * PIXELS);
    for (let q = 0; q < b.n; q++) {
      const at = (a: Float32Array) => a.subarray(q * PIXELS, (q + 1) * PIXELS);
      const mask = b.masks.subarray(q * PIXELS, (q + 1) * PIXELS);
      const samples = mdn.details(at(b.corrupted), mask)?.samples ?? [];
      let best = Infinity;
      for (const c of samples) {
        const e = maskedSquaredError(c.image, at(b.clean), mask).sse;
        if (e < best) {
          best = e;
          out.set(c.image, q * PIXELS);
        }
      }
    }
    const e = maskedSquaredError(out, b.clean, b.masks);
    sse += e.sse;
    count += e.count;
    if (o.classify) {
      const predicted = argmaxRows(o.classify(out, b.n), b.n);
      for (let q = 0; q < b.n; q++) if (predicted[q] === b.labels[q]) right++;
    }
  }
  const mse = count ? sse / count : 0;
  return { method: 'mdn best of K (oracle)', mse, psnr: psnr(mse), accuracy: o.classify && n ? right / n : NaN };
}
