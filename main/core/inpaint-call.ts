// One inpainting request from the UI: every chosen method on one image, each result judged.
import type {
  InpaintRequest,
  InpaintResponse,
  Judgement,
  MethodChain,
  MethodResult,
  RefineRequest,
} from '../../shared/contract';
import { DEFAULT_DESCENT, descend } from './ml/descent/energy-descent';
import type { ActiveModels } from './active-models';
import { PIXELS } from '../../shared/image';
import { applyMask } from './ml/data/protocol';
import type { Inpainter } from './ml/inpainter';

function judge(models: ActiveModels, image: Float32Array): Judgement {
  const j = models.judge();
  return {
    energy: j.energy ? j.energy(image, 1)[0] : null,
    probs: j.classify ? Array.from(j.classify(image, 1)) : null,
  };
}

/** The energy-descent path from a result (step 0 = the result itself). */
function descentPath(models: ActiveModels, r: RefineRequest, start: Float32Array, mask: Uint8Array): MethodChain {
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
  models: ActiveModels,
  result: MethodResult,
  inpainter: Inpainter,
  input: Float32Array,
  mask: Uint8Array,
  req: InpaintRequest,
): MethodResult {
  const original = req.original ? Float32Array.from(req.original) : undefined;
  const d = inpainter.details?.(input, mask, req.params, original) ?? {};
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

export function runInpaint(models: ActiveModels, req: InpaintRequest): InpaintResponse {
  if (req.image.length !== PIXELS || req.mask.length !== PIXELS)
    throw new Error(`image and mask must have ${PIXELS} values`);
  const mask = Uint8Array.from(req.mask, (v) => (v ? 1 : 0));
  // Methods see the missing pixels gray, as in the exercise: the drawing under a mask never leaks in.
  const input = applyMask(Float32Array.from(req.image), mask);
  const results: MethodResult[] = req.methods.map((method) => {
    const inpainter = models.inpainter(method);
    if (!inpainter)
      return { method, image: null, energy: null, probs: null, ms: 0, error: `${method} is not available` };
    try {
      const t0 = performance.now();
      const out = inpainter.inpaint(input, mask, 1, req.params);
      const ms = performance.now() - t0;
      const result: MethodResult = { method, image: Array.from(out), ms, ...judge(models, out) };
      if (req.details && inpainter.details) withDetails(models, result, inpainter, input, mask, req);
      if (req.refine) result.descent = descentPath(models, req.refine, out, mask);
      return result;
    } catch (err) {
      return { method, image: null, energy: null, probs: null, ms: 0, error: (err as Error).message };
    }
  });
  return { input: judge(models, input), results };
}
