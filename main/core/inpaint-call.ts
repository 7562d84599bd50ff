// One inpainting request from the UI: every chosen method on one image, each result judged.
import type { EnergyScale, InpaintRequest, InpaintResponse, Judgement, MethodResult } from '../../shared/contract';
import type { ActiveModels } from './active-models';
import { PIXELS } from '../../shared/image';
import { applyMask } from './ml/data/protocol';

function judge(models: ActiveModels, image: Float32Array): Judgement {
  const j = models.judge();
  return {
    energy: j.energy ? j.energy(image, 1)[0] : null,
    probs: j.classify ? Array.from(j.classify(image, 1)) : null,
  };
}

/** `energyScale` gives the scale of E for real digits (cached by the caller per energy network). */
export function runInpaint(
  models: ActiveModels,
  req: InpaintRequest,
  energyScale?: () => EnergyScale | null,
): InpaintResponse {
  if (req.image.length !== PIXELS || req.mask.length !== PIXELS)
    throw new Error(`image and mask must have ${PIXELS} values`);
  if (req.original && req.original.length !== PIXELS) throw new Error(`original must have ${PIXELS} values`);
  const mask = Uint8Array.from(req.mask, (v) => (v ? 1 : 0));
  // Methods see the missing pixels gray, as in the exercise: the drawing under a mask never leaks in.
  const input = applyMask(Float32Array.from(req.image), mask);
  const results: MethodResult[] = req.methods.map((method) => {
    const inpainter = models.inpainter(method);
    if (!inpainter)
      return { method, image: null, energy: null, probs: null, ms: 0, error: `${method} is not available` };
    try {
      const t0 = performance.now();
      const out = inpainter.inpaint(input, mask, 1, { ...req.params, ...req.methodParams?.[method] });
      const ms = performance.now() - t0;
      return { method, image: Array.from(out), ms, ...judge(models, out) };
    } catch (err) {
      return { method, image: null, energy: null, probs: null, ms: 0, error: (err as Error).message };
    }
  });
  const res: InpaintResponse = { input: judge(models, input), results };
  if (req.original) res.original = judge(models, Float32Array.from(req.original));
  if (energyScale) res.energyScale = energyScale();
  return res;
}
