// Ways to let the energy E improve G's inpainting at inference (assets/models/EXPERIMENTS.md measures them):
// - samples: K proposals from G with noise in the missing pixels of its input (the first without), each
//   image keeps the composite E scores lowest;
// - descent: a few steps of gradient descent on E over the missing pixels from there, each step a fixed
//   RMS-normalised move (E's scale is arbitrary), projected back to [0,1]; known pixels never move.
import * as tf from '@tensorflow/tfjs';
import type { MethodId } from '../../../../shared/contract';
import { PIXELS } from '../../../../shared/image';
import { checkBatch, type Inpainter } from '../inpainter';

export interface RefineOptions {
  /** Proposals per image ranked by E (1 = G's own output only). */
  samples: number;
  /** Std of the noise put in the missing pixels of G's input for the extra proposals. */
  noise: number;
  /** Energy-descent steps after the ranking (0 = none). */
  steps: number;
  /** RMS size of one descent step on the missing pixels. */
  stepSize: number;
  seed: number;
}
export const NO_REFINE: RefineOptions = { samples: 1, noise: 0.3, steps: 0, stepSize: 0.02, seed: 1 };

/** Parse "samples=4,noise=0.3,steps=5,step=0.02" (any subset) into options. */
export function parseRefine(spec: string): RefineOptions {
  const o = { ...NO_REFINE };
  for (const part of spec.split(',').filter(Boolean)) {
    const [key, value] = part.split('=');
    const x = Number(value);
    if (!Number.isFinite(x) || x < 0) throw new Error(`--refine: "${part}" needs a number ≥ 0`);
    if (key === 'samples') o.samples = Math.max(1, Math.round(x));
    else if (key === 'noise') o.noise = x;
    else if (key === 'steps') o.steps = Math.round(x);
    else if (key === 'step') o.stepSize = x;
    else throw new Error(`--refine: unknown key "${key}"; known: samples, noise, steps, step`);
  }
  return o;
}

function refineChunk(g: tf.LayersModel, e: tf.LayersModel, x: tf.Tensor2D, m: tf.Tensor2D, o: RefineOptions) {
  return tf.tidy(() => {
    const n = x.shape[0];
    const keep = tf.sub(1, m);
    const known = tf.mul(x, keep);
    let best: tf.Tensor2D | null = null;
    let bestE: tf.Tensor | null = null;
    for (let k = 0; k < o.samples; k++) {
      const fill =
        k === 0
          ? tf.fill([n, PIXELS], 0.5)
          : tf.add(0.5, tf.randomNormal([n, PIXELS], 0, o.noise, 'float32', o.seed + k));
      const input = tf.concat([tf.add(known, tf.mul(m, tf.clipByValue(fill, 0, 1))), m], 1);
      const xhat = tf.add(known, tf.mul(m, g.predict(input) as tf.Tensor2D)) as tf.Tensor2D;
      if (o.samples === 1) {
        best = xhat;
        break;
      }
      const energy = (e.predict(xhat) as tf.Tensor).reshape([n, 1]);
      if (!best || !bestE) {
        best = xhat;
        bestE = energy;
      } else {
        const better = tf.less(energy, bestE);
        best = tf.where(tf.tile(better, [1, PIXELS]), xhat, best) as tf.Tensor2D;
        bestE = tf.minimum(energy, bestE);
      }
    }
    let out = best as tf.Tensor2D;
    const gradE = tf.grad((img: tf.Tensor) => tf.sum(e.predict(img) as tf.Tensor));
    for (let s = 0; s < o.steps; s++) {
      const grad = tf.mul(gradE(out), m);
      const missing = tf.maximum(tf.sum(m, 1, true), 1);
      const rms = tf.sqrt(tf.add(tf.div(tf.sum(tf.square(grad), 1, true), missing), 1e-12));
      out = tf.add(known, tf.mul(m, tf.clipByValue(tf.sub(out, tf.mul(o.stepSize, tf.div(grad, rms))), 0, 1)));
    }
    return out;
  });
}

/** The generator with E-based refinement: known pixels stay exactly the input's. */
export function createRefinedInpainter(
  generator: tf.LayersModel,
  energy: tf.LayersModel,
  o: RefineOptions,
  id: MethodId = 'generator',
  chunk = 500,
): Inpainter {
  return {
    id,
    inpaint(images, masks, n) {
      checkBatch(images, masks, n);
      const out = new Float32Array(n * PIXELS);
      for (let s = 0; s < n; s += chunk) {
        const c = Math.min(chunk, n - s);
        const result = tf.tidy(() => {
          const x = tf.tensor2d(images.subarray(s * PIXELS, (s + c) * PIXELS), [c, PIXELS]);
          const m = tf.tensor2d(Float32Array.from(masks.subarray(s * PIXELS, (s + c) * PIXELS)), [c, PIXELS]);
          return refineChunk(generator, energy, x, m, o);
        });
        out.set(result.dataSync(), s * PIXELS);
        result.dispose();
      }
      // Exactly the input's known pixels (float arithmetic above could round them).
      for (let i = 0; i < out.length; i++) if (!masks[i]) out[i] = images[i];
      return out;
    },
  };
}
