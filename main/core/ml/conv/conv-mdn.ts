// The MDN on the generator's U-Net: K mean images from a 1×1 convolution of the trunk's full-resolution
// features, K mixing logits and K scales from the pooled bottleneck (they are global to an example). The
// flat output keeps the MLP head's layout (logits K, scales K, means K×784 component-major), so the loss,
// the inpainter and the saved form are the same for both architectures.
import * as tf from '@tensorflow/tfjs';
import { PIXELS } from '../../../../shared/image';
import { seeded, unetTrunk } from './conv-nets';

type Sym = tf.SymbolicTensor;

export function buildConvMdn(components: number, seed: number, width = 16): tf.LayersModel {
  const input = tf.input({ shape: [2 * PIXELS] });
  const { full, bottleneck } = unetTrunk(input, seed, width);
  const means = tf.layers
    .conv2d({ filters: components, kernelSize: 1, kernelInitializer: seeded(seed, 12, false) })
    .apply(full) as Sym; // 28×28×K (raw: splitHead applies the sigmoid)
  const componentMajor = tf.layers.permute({ dims: [3, 1, 2] }).apply(means) as Sym; // K×28×28
  const flatMeans = tf.layers.flatten().apply(componentMajor) as Sym;
  const pooled = tf.layers.globalAveragePooling2d({}).apply(bottleneck) as Sym;
  const global = tf.layers
    .dense({ units: 2 * components, kernelInitializer: seeded(seed, 13, false) })
    .apply(pooled) as Sym; // logits, raw scales
  const out = tf.layers.concatenate().apply([global, flatMeans]) as Sym;
  return tf.model({ inputs: input, outputs: out, name: 'conv_mdn' });
}
