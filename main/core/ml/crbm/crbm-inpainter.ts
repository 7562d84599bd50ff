// The CRBM as a registry method: Gibbs chains with the known pixels clamped (at their grey levels: the
// energy is linear in x, so a grey x is its own mean field), then the answer is the mean-field p(y | h),
// averaged over the second half of the chain (a Rao–Blackwellised estimate of E[y | x]). The chains run in
// plain loops, one image at a time (crbm-sampler.ts): several times faster than tf ops for one image, and as
// fast for a batch (each image's sweep only touches its missing pixels).
import { methodInfo } from '../../../../shared/methods';
import { PIXELS } from '../../../../shared/image';
import { checkBatch, composite, type Inpainter, type InpaintDetails } from '../inpainter';
import { sampleImage, type CrbmArrays } from './crbm-sampler';
import type { CrbmParams } from './crbm-model';

/** Fixed: the same image and steps always give the same answer (wherever the image sits in a batch). */
const SAMPLER_SEED = 20261130;

export function stepsOf(steps: number | undefined): number {
  const spec = methodInfo('crbm').params.steps;
  const s = steps ?? spec.default;
  if (!Number.isInteger(s) || s < spec.min || s > spec.max)
    throw new Error(`Gibbs steps must be an integer in ${spec.min}..${spec.max}, got ${s}`);
  return s;
}

/** The weights as plain arrays, read once from the model's tensors. */
export function crbmArrays(p: CrbmParams): CrbmArrays {
  return {
    W: Float32Array.from(p.W.dataSync()), // copies: a backend may hand out a view of its own memory
    hidden: p.W.shape[1] as number,
    ...(p.biases ? { b: Float32Array.from(p.b.dataSync()), c: Float32Array.from(p.c.dataSync()) } : {}),
  };
}

/** Runs the chains for n images; calls onStep with each sweep's mean-field images and free energies (n = 1). */
export function crbmSample(
  w: CrbmArrays,
  images: Float32Array,
  masks: Uint8Array,
  n: number,
  steps: number,
  onStep?: (meanField: Float32Array, energies: Float32Array) => void,
): Float32Array {
  const out = new Float32Array(n * PIXELS);
  for (let s = 0; s < n; s++) {
    const at = s * PIXELS;
    const step = onStep && ((mf: Float32Array, f: number) => onStep(mf, Float32Array.of(f)));
    const one = sampleImage(
      w,
      images.subarray(at, at + PIXELS),
      masks.subarray(at, at + PIXELS),
      steps,
      SAMPLER_SEED,
      step,
    );
    out.set(one, at);
  }
  return out;
}

export function createCrbmInpainter(p: CrbmParams): Inpainter {
  const w = crbmArrays(p);
  return {
    id: 'crbm',
    inpaint(images, masks, n, params) {
      checkBatch(images, masks, n);
      return composite(images, masks, crbmSample(w, images, masks, n, stepsOf(params?.steps)));
    },
    details(image, mask, params): InpaintDetails {
      checkBatch(image, mask, 1);
      const images: Float32Array[] = [];
      const energies: number[] = [];
      crbmSample(w, image, mask, 1, stepsOf(params?.steps), (mf, f) => {
        images.push(composite(image, mask, mf));
        energies.push(f[0]);
      });
      return { chain: { images, energies } };
    },
  };
}
