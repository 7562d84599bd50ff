// Energy descent you can watch: gradient steps on an energy (the generator's E, or the CRBM's free
// energy F) over the missing pixels only, values clipped to [0,1], known pixels fixed. Each step moves
// by `rate` in units of the gradient's RMS over the missing pixels, so one rate suits energies of any scale.
import * as tf from '@tensorflow/tfjs';
import { PIXELS } from '../../../../shared/image';

/** A differentiable energy of a batch of images (B×784 → B). */
export type EnergyOf = (v: tf.Tensor2D) => tf.Tensor1D;

export interface DescentOptions {
  steps: number;
  /** Step length in pixel units (the step's RMS over the missing pixels). */
  rate: number;
}

export const DEFAULT_DESCENT: DescentOptions = { steps: 30, rate: 0.02 };

export function checkDescent(o: DescentOptions): DescentOptions {
  if (!Number.isInteger(o.steps) || o.steps < 1 || o.steps > 500)
    throw new Error(`descent steps must be an integer in 1..500, got ${o.steps}`);
  if (!(o.rate > 0 && o.rate <= 1)) throw new Error(`descent rate must be in (0,1], got ${o.rate}`);
  return o;
}

/** One step: v − rate·g/rms(g) on the missing pixels, clipped to [0,1]. */
function step(energyOf: EnergyOf, v: tf.Tensor2D, mask: tf.Tensor2D, rate: number): tf.Tensor2D {
  return tf.tidy(() => {
    const g = tf.mul(tf.grad((x: tf.Tensor) => tf.sum(energyOf(x as tf.Tensor2D)))(v), mask);
    const count = tf.maximum(tf.sum(mask, 1, true), 1);
    const rms = tf.add(tf.sqrt(tf.div(tf.sum(tf.square(g), 1, true), count)), 1e-12);
    return tf.clipByValue(tf.sub(v, tf.mul(rate, tf.div(g, rms))), 0, 1) as tf.Tensor2D;
  });
}

/**
 * Descends from `images` (n×784; known pixels are kept bit-exact); calls onStep with each step's images
 * and energies (step 0 = the start). Returns the final images.
 */
export function descend(
  energyOf: EnergyOf,
  images: Float32Array,
  masks: Uint8Array,
  n: number,
  options: DescentOptions,
  onStep?: (images: Float32Array, energies: Float32Array) => void,
): Float32Array {
  const o = checkDescent(options);
  const mask = tf.tensor2d(Float32Array.from(masks), [n, PIXELS]);
  let v = tf.tensor2d(images, [n, PIXELS]);
  try {
    const report = () => {
      if (!onStep) return;
      const e = tf.tidy(() => energyOf(v));
      onStep(v.dataSync() as Float32Array, e.dataSync() as Float32Array);
      e.dispose();
    };
    report();
    for (let s = 0; s < o.steps; s++) {
      const next = step(energyOf, v, mask, o.rate);
      v.dispose();
      v = next;
      report();
    }
    const out = Float32Array.from(v.dataSync());
    for (let i = 0; i < out.length; i++) if (!masks[i]) out[i] = images[i];
    return out;
  } finally {
    tf.dispose([mask, v]);
  }
}

/** The energy as a plain batch scorer (n×784 values → n energies). */
export function energiesOf(energyOf: EnergyOf): (images: Float32Array, n: number) => Float32Array {
  return (images, n) => {
    const e = tf.tidy(() => energyOf(tf.tensor2d(images, [n, PIXELS])));
    const out = Float32Array.from(e.dataSync());
    e.dispose();
    return out;
  };
}
