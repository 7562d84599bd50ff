// One inpainting request from the UI: every chosen method on one image, each result judged. Runs where the
// models are (the inference worker). Every number it answers is finite: a model that produces NaN or ∞
// (NaN weights, an overflow) gives an error that names it, never null pixels or a null energy.
import type {
  InpaintRequest,
  InpaintResponse,
  Judgement,
  MethodChain,
  MethodResult,
  RefineRequest,
} from '../../shared/contract';
import { PIXELS } from '../../shared/image';
import { describeModel, type LoadedModels, type ModelTag } from './inference/loaded-models';
import { DEFAULT_DESCENT, descend } from './ml/descent/energy-descent';
import { applyMask } from './ml/data/protocol';
import type { Inpainter } from './ml/inpainter';

/** A request as the API receives it (number[]) or as it crosses to the worker (typed arrays). */
export type InpaintInput = Omit<InpaintRequest, 'image' | 'mask' | 'original'> & {
  image: ArrayLike<number>;
  mask: ArrayLike<number>;
  original?: ArrayLike<number>;
};

/** Index of the first non-finite value, or -1. */
function firstNonFinite(values: Float32Array): number {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return i;
  return -1;
}

function nonFinite(from: ModelTag, what: string, values: Float32Array): Error {
  const i = firstNonFinite(values);
  return new Error(`${describeModel(from)} produced a non-finite ${what} (${values[i]} at ${i}): choose another one`);
}

/** Throws (naming the judge's model) when a judge scores non-finite: no score is better than a wrong one. */
function judge(models: LoadedModels, image: Float32Array): Judgement {
  const j = models.judge();
  let energy: number | null = null;
  let probs: number[] | null = null;
  if (j.energy) {
    const e = j.energy.score(image, 1);
    if (firstNonFinite(e) >= 0) throw nonFinite(j.energy.from, 'energy', e);
    energy = e[0];
  }
  if (j.classify) {
    const p = j.classify.score(image, 1);
    if (firstNonFinite(p) >= 0) throw nonFinite(j.classify.from, 'class probability', p);
    probs = Array.from(p);
  }
  return { energy, probs };
}

/** The energy-descent path from a result (step 0 = the result itself). */
function descentPath(models: LoadedModels, r: RefineRequest, start: Float32Array, mask: Uint8Array): MethodChain {
  const energyOf = models.energyOf(r.energy);
  if (!energyOf) throw new Error(`energy descent needs an active ${r.energy} model`);
  const path: MethodChain = { images: [], energies: [] };
  descend(energyOf, start, mask, 1, { steps: r.steps, rate: r.rate ?? DEFAULT_DESCENT.rate }, (img, e) => {
    path.images.push(Array.from(img));
    path.energies.push(e[0]);
  });
  return path;
}

/** The method's alternatives (judged like answers) and chain, for the studio's panels. */
function withDetails(
  models: LoadedModels,
  result: MethodResult,
  inpainter: Inpainter,
  input: Float32Array,
  mask: Uint8Array,
  req: InpaintInput,
): MethodResult {
  const original = req.original ? Float32Array.from(req.original) : undefined;
  const params = { ...req.params, ...req.methodParams?.[result.method] };
  const d = inpainter.details?.(input, mask, params, original) ?? {};
  if (d.rule) result.rule = d.rule;
  if (d.samples)
    result.samples = d.samples.map((s) => ({
      image: Array.from(s.image),
      weight: s.weight,
      ...(s.posterior !== undefined ? { posterior: s.posterior } : {}),
      chosen: s.chosen,
      ...judge(models, s.image),
    }));
  if (d.chain) result.chain = { images: d.chain.images.map((x) => Array.from(x)), energies: d.chain.energies };
  return result;
}

export function runInpaint(models: LoadedModels, req: InpaintInput): InpaintResponse {
  if (req.image.length !== PIXELS || req.mask.length !== PIXELS)
    throw new Error(`image and mask must have ${PIXELS} values`);
  if (req.original && req.original.length !== PIXELS) throw new Error(`original must have ${PIXELS} values`);
  const mask = Uint8Array.from(req.mask, (v) => (v ? 1 : 0));
  // Methods see the missing pixels gray, as in the exercise: the drawing under a mask never leaks in.
  const input = applyMask(Float32Array.from(req.image), mask);
  const inputJudgement = judge(models, input);
  const results: MethodResult[] = req.methods.map((method) => {
    const found = models.inpainter(method);
    if (!found) return { method, image: null, energy: null, probs: null, ms: 0, error: `${method} is not available` };
    try {
      const t0 = performance.now();
      const out = found.inpainter.inpaint(input, mask, 1, { ...req.params, ...req.methodParams?.[method] });
      const ms = performance.now() - t0;
      if (firstNonFinite(out) >= 0) throw nonFinite(found.from, `pixel from ${method}`, out);
      const result: MethodResult = { method, image: Array.from(out), ms, ...judge(models, out) };
      if (req.details && found.inpainter.details) withDetails(models, result, found.inpainter, input, mask, req);
      if (req.refine) result.descent = descentPath(models, req.refine, out, mask);
      return result;
    } catch (err) {
      return { method, image: null, energy: null, probs: null, ms: 0, error: (err as Error).message };
    }
  });
  const res: InpaintResponse = { input: inputJudgement, results };
  if (req.original) res.original = judge(models, Float32Array.from(req.original));
  return res;
}
