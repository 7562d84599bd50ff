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

/** How much of a request one call answers: a pool of workers splits a request's methods between them, and
 * only one of them judges the input and the original (the others answer `input` unjudged, no `original`). */
export interface InpaintShare {
  judgeInputs?: boolean;
}

/** Index of the first non-finite value, or -1. */
function firstNonFinite(values: Float32Array): number {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return i;
  return -1;
}

function nonFinite(from: ModelTag, what: string, values: Float32Array): Error {
  const i = firstNonFinite(values);
  return new Error(`${describeModel(from)} produced a non-finite ${what} (${values[i]} at ${i}): choose another one`);
}

/**
 * Every image of one request judged with one call per judge (the energy network, the classifier): one tf
 * call for all panels instead of one per image. Throws (naming the judge's model) when a judge scores
 * non-finite: no score is better than a wrong one.
 */
function judgeAll(models: LoadedModels, images: Float32Array[]): Judgement[] {
  const out: Judgement[] = images.map(() => ({ energy: null, probs: null }));
  if (images.length === 0) return out;
  const j = models.judge();
  if (!j.energy && !j.classify) return out;
  const batch = new Float32Array(images.length * PIXELS);
  images.forEach((img, k) => batch.set(img, k * PIXELS));
  if (j.energy) {
    const e = j.energy.score(batch, images.length);
    if (firstNonFinite(e) >= 0) throw nonFinite(j.energy.from, 'energy', e);
    out.forEach((o, k) => (o.energy = e[k]));
  }
  if (j.classify) {
    const p = j.classify.score(batch, images.length);
    if (firstNonFinite(p) >= 0) throw nonFinite(j.classify.from, 'class probability', p);
    out.forEach((o, k) => (o.probs = Array.from(p.subarray(k * 10, k * 10 + 10))));
  }
  return out;
}

/** The energy-descent path from a result (step 0 = the result itself). */
function descentPath(models: LoadedModels, r: RefineRequest, start: Float32Array, mask: Uint8Array): MethodChain {
  const energyOf = models.energyOf(r.energy);
  if (!energyOf) throw new Error(`energy descent needs an active ${r.energy} model`);
  const path: MethodChain = { images: [], energies: [] };
  descend(energyOf, start, mask, 1, { steps: r.steps, rate: r.rate ?? DEFAULT_DESCENT.rate }, (img, e) => {
    path.images.push(Float32Array.from(img));
    path.energies.push(e[0]);
  });
  return path;
}

/** The method's alternatives (judged later, with everything else) and chain, for the studio's panels. */
function withDetails(
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
      image: s.image,
      weight: s.weight,
      ...(s.posterior !== undefined ? { posterior: s.posterior } : {}),
      chosen: s.chosen,
      energy: null,
      probs: null,
    }));
  if (d.chain) result.chain = { images: d.chain.images, energies: d.chain.energies };
  return result;
}

/** The judgements to fill in once every image of the request is known: an image and where its scores go. */
type ToJudge = { image: Float32Array; into: Judgement }[];

export function runInpaint(models: LoadedModels, req: InpaintInput, share: InpaintShare = {}): InpaintResponse {
  if (req.image.length !== PIXELS || req.mask.length !== PIXELS)
    throw new Error(`image and mask must have ${PIXELS} values`);
  if (req.original && req.original.length !== PIXELS) throw new Error(`original must have ${PIXELS} values`);
  const mask = Uint8Array.from(req.mask, (v) => (v ? 1 : 0));
  // Methods see the missing pixels gray, as in the exercise: the drawing under a mask never leaks in.
  const input = applyMask(Float32Array.from(req.image), mask);
  const res: InpaintResponse = { input: { energy: null, probs: null }, results: [] };
  const judgeInputs = share.judgeInputs ?? true;
  const toJudge: ToJudge = judgeInputs ? [{ image: input, into: res.input }] : [];
  if (req.original && judgeInputs) {
    res.original = { energy: null, probs: null };
    toJudge.push({ image: Float32Array.from(req.original), into: res.original });
  }
  res.results = req.methods.map((method) => {
    const found = models.inpainter(method);
    if (!found) return { method, image: null, energy: null, probs: null, ms: 0, error: `${method} is not available` };
    try {
      const t0 = performance.now();
      const out = found.inpainter.inpaint(input, mask, 1, { ...req.params, ...req.methodParams?.[method] });
      const ms = performance.now() - t0;
      if (firstNonFinite(out) >= 0) throw nonFinite(found.from, `pixel from ${method}`, out);
      const result: MethodResult = { method, image: out, ms, energy: null, probs: null };
      if (req.details && found.inpainter.details) withDetails(result, found.inpainter, input, mask, req);
      if (req.refine) result.descent = descentPath(models, req.refine, out, mask);
      toJudge.push({ image: out, into: result });
      for (const s of result.samples ?? []) toJudge.push({ image: s.image, into: s });
      return result;
    } catch (err) {
      return { method, image: null, energy: null, probs: null, ms: 0, error: (err as Error).message };
    }
  });
  const judged = judgeAll(
    models,
    toJudge.map((t) => t.image),
  );
  toJudge.forEach((t, k) => Object.assign(t.into, judged[k]));
  return res;
}
