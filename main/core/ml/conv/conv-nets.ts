// Convolutional networks for 28×28 digits. They keep the flat interfaces of the exercise's MLPs (G: 1568 in,
// 784 out; E: 784 in, 1 out; classifier: 784 in, 10 logits) so training steps, inpainters, saving and
// loading are the same for both architectures; the reshape to images happens inside the model.
import * as tf from '@tensorflow/tfjs';
import { PIXELS, SIDE } from '../../../../shared/image';
import { mixSeed } from '../data/random';

type Sym = tf.SymbolicTensor;

export function seeded(seed: number, k: number, he = true) {
  const s = mixSeed(seed, k) % 2147483647;
  return he ? tf.initializers.heNormal({ seed: s }) : tf.initializers.glorotUniform({ seed: s });
}

/** A 3×3 'same' convolution (stride 1 or 2), ReLU unless told otherwise. */
function conv(x: Sym, filters: number, seed: number, k: number, strides = 1, activation: 'relu' | 'linear' = 'relu') {
  return tf.layers
    .conv2d({ filters, kernelSize: 3, strides, padding: 'same', activation, kernelInitializer: seeded(seed, k) })
    .apply(x) as Sym;
}

/** The U-Net's two outputs: full-resolution features (28×28×width) and the 7×7 bottleneck. */
export interface UNetFeatures {
  full: Sym;
  bottleneck: Sym;
}

/**
 * Mask-aware U-Net trunk: input = (corrupted image with gray holes, mask) as two channels. Encoder 28→14→7 with
 * strided convolutions (16, 32, 64 channels), a middle of two 3×3 convolutions at 7×7 (which already see the
 * whole map, so no dilation is needed: tfjs has no gradient for dilated convolutions), decoder with nearest
 * upsampling and skip concatenations back to 28×28. Only two 3×3 convolutions run at 28×28 (one in, one out):
 * at full resolution they cost most of a training step.
 */
export function unetTrunk(input: Sym, seed: number, width = 16): UNetFeatures {
  const planes = tf.layers.reshape({ targetShape: [2, SIDE, SIDE] }).apply(input) as Sym;
  const x = tf.layers.permute({ dims: [2, 3, 1] }).apply(planes) as Sym; // → 28×28×2
  const e1 = conv(x, width, seed, 1);
  let e2 = conv(e1, 2 * width, seed, 3, 2); // 14×14
  e2 = conv(e2, 2 * width, seed, 4);
  let m = conv(e2, 4 * width, seed, 5, 2); // 7×7
  m = conv(m, 4 * width, seed, 6);
  m = conv(m, 4 * width, seed, 7);
  let u2 = tf.layers.upSampling2d({ size: [2, 2] }).apply(m) as Sym; // 14×14
  u2 = conv(u2, 2 * width, seed, 8);
  u2 = tf.layers.concatenate().apply([u2, e2]) as Sym;
  u2 = conv(u2, 2 * width, seed, 9);
  let u1 = tf.layers.upSampling2d({ size: [2, 2] }).apply(u2) as Sym; // 28×28
  u1 = tf.layers.concatenate().apply([u1, e1]) as Sym;
  u1 = conv(u1, width, seed, 11);
  return { full: u1, bottleneck: m };
}

/** Mask-aware U-Net G: the trunk and a 1×1 sigmoid output. ≈ 145k parameters. */
export function buildConvGenerator(seed: number, width = 16): tf.LayersModel {
  const input = tf.input({ shape: [2 * PIXELS] });
  const { full } = unetTrunk(input, seed, width);
  const out = tf.layers
    .conv2d({ filters: 1, kernelSize: 1, activation: 'sigmoid', kernelInitializer: seeded(seed, 12, false) })
    .apply(full) as Sym;
  const flat = tf.layers.flatten().apply(out) as Sym;
  return tf.model({ inputs: input, outputs: flat, name: 'conv_generator' });
}

/** Conv E: 28×28 → 14 → 7 → 4 (16, 32, 64 channels, LeakyReLU 0.2) → one linear energy. */
export function buildConvEnergy(seed: number): tf.LayersModel {
  const model = tf.sequential({ name: 'conv_energy' });
  model.add(tf.layers.reshape({ targetShape: [SIDE, SIDE, 1], inputShape: [PIXELS] }));
  [16, 32, 64].forEach((filters, i) => {
    model.add(
      tf.layers.conv2d({
        filters,
        kernelSize: 3,
        strides: 2,
        padding: 'same',
        kernelInitializer: seeded(seed, 100 + i, false),
      }),
    );
    model.add(tf.layers.leakyReLU({ alpha: 0.2 }));
  });
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 1, kernelInitializer: seeded(seed, 110, false) }));
  return model;
}

/** CNN judge: 3×3 conv 32 at 28×28, pool, 3×3 conv 64 at 14×14, pool, dense 128 (dropout 0.3 before both dense). */
export function buildConvClassifier(seed: number, dropout = 0.3): tf.LayersModel {
  const model = tf.sequential({ name: 'conv_classifier' });
  model.add(tf.layers.reshape({ targetShape: [SIDE, SIDE, 1], inputShape: [PIXELS] }));
  const c = (filters: number, k: number) =>
    tf.layers.conv2d({
      filters,
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
      kernelInitializer: seeded(seed, k),
    });
  model.add(c(32, 1));
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(c(64, 3));
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dropout({ rate: dropout, seed: mixSeed(seed, 50) % 2147483647 }));
  model.add(tf.layers.dense({ units: 128, activation: 'relu', kernelInitializer: seeded(seed, 4) }));
  model.add(tf.layers.dropout({ rate: dropout, seed: mixSeed(seed, 51) % 2147483647 }));
  model.add(tf.layers.dense({ units: 10, kernelInitializer: seeded(seed, 5, false) }));
  return model;
}
