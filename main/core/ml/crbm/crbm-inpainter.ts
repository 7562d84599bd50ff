// The CRBM as a registry method: Gibbs chains with the known pixels clamped (at their grey levels: the
// energy is linear in x, so a grey x is its own mean field), then the answer is the mean-field p(y | h),
// averaged over the second half of the chain (a Rao–Blackwellised estimate of E[y | x]).
import * as tf from '@tensorflow/tfjs';
import { methodInfo } from '../../../../shared/methods';
import { PIXELS } from '../../../../shared/image';
import { checkBatch, composite, type Inpainter, type InpaintDetails } from '../inpainter';
import { freeEnergy } from './crbm-conditionals';
import { gibbsChain } from './crbm-gibbs';
import type { CrbmParams } from './crbm-model';

const CHUNK = 500;
/** Fixed: the same image and steps always give the same answer. */
const SAMPLER_SEED = 20261130;

export function stepsOf(steps: number | undefined): number {
  const spec = methodInfo('crbm').params.steps;
  const s = steps ?? spec.default;
  if (!Number.isInteger(s) || s < spec.min || s > spec.max)
    throw new Error(`Gibbs steps must be an integer in ${spec.min}..${spec.max}, got ${s}`);
  return s;
}

/** Runs the chains for n images; calls onStep with each sweep's mean-field images and free energies. */
export function crbmSample(
  p: CrbmParams,
  images: Float32Array,
  masks: Uint8Array,
  n: number,
  steps: number,
  onStep?: (meanField: Float32Array, energies: Float32Array) => void,
): Float32Array {
  const out = new Float32Array(n * PIXELS);
  const burn = Math.floor(steps / 2);
  for (let s = 0; s < n; s += CHUNK) {
    const m = Math.min(CHUNK, n - s);
    const avg = tf.tidy(() => {
      const v0 = tf.tensor2d(images.subarray(s * PIXELS, (s + m) * PIXELS), [m, PIXELS]);
      const mask = tf.tensor2d(Float32Array.from(masks.subarray(s * PIXELS, (s + m) * PIXELS)), [m, PIXELS]);
      let sum = tf.zeros([m, PIXELS]);
      const last = gibbsChain(p, v0, mask, steps, SAMPLER_SEED, (i, sweep) => {
        if (i >= burn) {
          const next = tf.add(sum, sweep.meanField);
          sum.dispose();
          sum = tf.keep(next);
        }
        if (onStep) {
          const f = freeEnergy(p, sweep.v);
          onStep(sweep.meanField.dataSync() as Float32Array, f.dataSync() as Float32Array);
          f.dispose();
        }
      });
      tf.dispose([last.v, last.meanField]);
      const mean = tf.div(sum, steps - burn);
      sum.dispose();
      return mean;
    });
    out.set(avg.dataSync(), s * PIXELS);
    avg.dispose();
  }
  return out;
}

export function createCrbmInpainter(p: CrbmParams): Inpainter {
  return {
    id: 'crbm',
    inpaint(images, masks, n, params) {
      checkBatch(images, masks, n);
      return composite(images, masks, crbmSample(p, images, masks, n, stepsOf(params?.steps)));
    },
    details(image, mask, params): InpaintDetails {
      checkBatch(image, mask, 1);
      const images: Float32Array[] = [];
      const energies: number[] = [];
      crbmSample(p, image, mask, 1, stepsOf(params?.steps), (mf, f) => {
        images.push(composite(image, mask, mf));
        energies.push(f[0]);
      });
      return { chain: { images, energies } };
    },
  };
}
