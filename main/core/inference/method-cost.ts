// How an inference pool shares one request's methods between its workers: each method's estimated cost,
// then the longest-first greedy split (each method to the worker with the least work so far), so the
// slowest worker — which the answer waits for — finishes as early as a static guess allows.
import type { MethodId } from '../../../shared/contract';
import { methodInfo } from '../../../shared/methods';
import type { InpaintInput } from '../inpaint-call';

/**
 * Single-image time per method in ms with the shipped models, as the inference worker reports it (`ms` of
 * each result, warm, a quiet 2-core machine); `bench` prints the same figures. Only the ratios matter. The
 * MDN's includes the generator its shipped rule ('agree') consults. A method missing here costs UNKNOWN_COST.
 */
const COST_MS: Partial<Record<MethodId, number>> = {
  pca: 0.14,
  'pca-masked': 0.46,
  generator: 1.85,
  regressor: 1.85,
  mdn: 3.8,
};
const UNKNOWN_COST = 1;
/** The CRBM's time is its Gibbs sweeps: 3.25 ms at 50 steps. */
const CRBM_MS_PER_STEP = 0.063;
const CRBM_FIXED_MS = 0.1;
/** One energy-descent step (a forward and backward pass of E or F on one image), added per refined method. */
const REFINE_MS_PER_STEP = 0.3;

/** The estimated time of one method of a request (with the request's params and its refinement). */
export function methodCost(method: MethodId, req: Pick<InpaintInput, 'params' | 'methodParams' | 'refine'>): number {
  const refine = req.refine ? req.refine.steps * REFINE_MS_PER_STEP : 0;
  if (method === 'crbm') {
    const steps = req.methodParams?.crbm?.steps ?? req.params?.steps ?? methodInfo('crbm').params.steps.default;
    return CRBM_FIXED_MS + CRBM_MS_PER_STEP * steps + refine;
  }
  return (COST_MS[method] ?? UNKNOWN_COST) + refine;
}

export interface Split {
  /** Per worker, the indices (into the costs) of its methods, in request order. */
  shares: number[][];
  /** The worker that also judges the input and the original: the one with the least work. */
  judge: number;
}

/** Splits methods of the given costs between `workers` workers. */
export function splitByCost(costs: number[], workers: number): Split {
  const load = new Array<number>(workers).fill(0);
  const shares: number[][] = Array.from({ length: workers }, () => []);
  const order = costs.map((_, i) => i).sort((a, b) => costs[b] - costs[a] || a - b);
  for (const i of order) {
    const k = load.indexOf(Math.min(...load));
    load[k] += costs[i];
    shares[k].push(i);
  }
  for (const s of shares) s.sort((a, b) => a - b);
  return { shares, judge: load.indexOf(Math.min(...load)) };
}
