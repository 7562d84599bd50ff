// Trained networks as registry methods and judges: G fills the missing pixels (generator or regressor),
// E scores any image (lower = more like a real digit).
import * as tf from '@tensorflow/tfjs';
import type { MethodId } from '../../../../shared/contract';
import { generatorInput } from './ebm-model';
import { PIXELS } from '../../../../shared/image';
import { checkBatch, composite, type Inpainter } from '../inpainter';

const CHUNK = 1000;

/** G's proposals for n images (missing pixels are forced to gray inside generatorInput). */
export function proposeWith(
  generator: tf.LayersModel,
  images: Float32Array,
  masks: Uint8Array,
  n: number,
): Float32Array {
  const out = new Float32Array(n * PIXELS);
  for (let s = 0; s < n; s += CHUNK) {
    const m = Math.min(CHUNK, n - s);
    const result = tf.tidy(() => {
      const x = tf.tensor2d(images.subarray(s * PIXELS, (s + m) * PIXELS), [m, PIXELS]);
      const mask = tf.tensor2d(Float32Array.from(masks.subarray(s * PIXELS, (s + m) * PIXELS)), [m, PIXELS]);
      return generator.predict(generatorInput(x, mask)) as tf.Tensor;
    });
    out.set(result.dataSync(), s * PIXELS);
    result.dispose();
  }
  return out;
}

export function createNetInpainter(generator: tf.LayersModel, id: MethodId): Inpainter {
  return {
    id,
    inpaint(images, masks, n) {
      checkBatch(images, masks, n);
      return composite(images, masks, proposeWith(generator, images, masks, n));
    },
  };
}

/** E(x) for n images. */
export function energiesWith(energy: tf.LayersModel, images: Float32Array, n: number): Float32Array {
  if (images.length !== n * PIXELS) throw new Error(`expected ${n}×${PIXELS} image values, got ${images.length}`);
  const out = new Float32Array(n);
  for (let s = 0; s < n; s += CHUNK) {
    const m = Math.min(CHUNK, n - s);
    const e = tf.tidy(
      () => energy.predict(tf.tensor2d(images.subarray(s * PIXELS, (s + m) * PIXELS), [m, PIXELS])) as tf.Tensor,
    );
    out.set(e.dataSync(), s);
    e.dispose();
  }
  return out;
}
