// One inpainting request from the UI: every chosen method on one image, each result judged. Runs where the
// models are (the inference worker). Every number it answers is finite: a model that produces NaN or ∞
// (NaN weights, an overflow) gives an error that names it, never null pixels or a null energy.
import type { InpaintRequest, InpaintResponse, Judgement, MethodResult } from '../../shared/contract';
import { PIXELS } from '../../shared/image';
import { describeModel, type LoadedModels, type ModelTag } from './inference/loaded-models';
import { applyMask } from './ml/data/protocol';

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

/** A request as the API receives it (number[]) or as it crosses to the worker (typed arrays). */
export type InpaintInput = Omit<InpaintRequest, 'image' | 'mask'> & {
  image: ArrayLike<number>;
  mask: ArrayLike<number>;
};

export function runInpaint(models: LoadedModels, req: InpaintInput): InpaintResponse {
  if (req.image.length !== PIXELS || req.mask.length !== PIXELS)
    throw new Error(`image and mask must have ${PIXELS} values`);
  const mask = Uint8Array.from(req.mask, (v) => (v ? 1 : 0));
  // Methods see the missing pixels gray, as in the exercise: the drawing under a mask never leaks in.
  const input = applyMask(Float32Array.from(req.image), mask);
  const inputJudgement = judge(models, input);
  const results: MethodResult[] = req.methods.map((method) => {
    const found = models.inpainter(method);
    if (!found) return { method, image: null, energy: null, probs: null, ms: 0, error: `${method} is not available` };
    let out: Float32Array;
    let ms: number;
    try {
      const t0 = performance.now();
      out = found.inpainter.inpaint(input, mask, 1, req.params);
      ms = performance.now() - t0;
      if (firstNonFinite(out) >= 0) throw nonFinite(found.from, `pixel from ${method}`, out);
    } catch (err) {
      return { method, image: null, energy: null, probs: null, ms: 0, error: (err as Error).message };
    }
    return { method, image: Array.from(out), ms, ...judge(models, out) };
  });
  return { input: inputJudgement, results };
}
