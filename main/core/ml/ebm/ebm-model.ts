// The networks of the energy-based inpainter (PROTOCOL.md), built as tf.layers Sequential models so the
// standard model.json layout stores them. G(corrupted image, mask) proposes the missing pixels; E(image)
// gives an energy, lower for real digits. Every knob of the method lives in GeneratorConfig.
import * as tf from '@tensorflow/tfjs';
import { PIXELS } from '../../../../shared/image';
import { mixSeed } from '../data/random';
import type { Arch } from '../../../../shared/model-kinds';

export interface GeneratorConfig {
  /** 'mlp': the exercise's dense nets (hidden/energyHidden); 'conv': conv-nets.ts. Absent in older models = mlp. */
  arch?: Arch;
  /** Hidden widths of G (PROTOCOL: 1568 → 512 → 512 → 784 sigmoid). */
  hidden: number[];
  /** Hidden widths of E (PROTOCOL: 784 → 512 → 256 → 1, LeakyReLU 0.2). */
  energyHidden: number[];
  /**
   * 'pairwise': mean softplus(E(x) − E(x̂)), the exercise's log loss (PROTOCOL);
   * 'two-term': mean softplus(E(x)) + softplus(−E(x̂)), the logistic (GAN-discriminator) form.
   */
  loss: 'pairwise' | 'two-term';
  /** λ of the reversal layer: G receives −λ·∂L/∂x̂. 1 = the exercise. */
  reversalScale: number;
  /**
   * 'negate': G gets exactly −∂L/∂x̂ (the exercise); its push fades once E is sure (σ(−d) → 0).
   * 'non-saturating': each row's reversed gradient is multiplied by exp(d) (d = E(x̂) − E(x), or E(x̂)
   * for the two-term loss), which turns it into the gradient of G's own loss softplus(d): strongest
   * exactly when E sees through G.
   */
  reversal: 'negate' | 'non-saturating';
  /** a in a·L2(missing pixels) + (1 − a)·energy loss. 0 = the pure exercise; 1 = the regressor. */
  anchorWeight: number;
  /** Std of Gaussian noise added to every image E sees while training (0 = none). */
  energyNoise: number;
  /** Adam, one optimizer over G and E (PROTOCOL: lr 1e-3). */
  learningRate: number;
  beta1: number;
  beta2: number;
}

export const PROTOCOL_GENERATOR_CONFIG: GeneratorConfig = {
  hidden: [512, 512],
  energyHidden: [512, 256],
  loss: 'pairwise',
  reversalScale: 1,
  reversal: 'negate',
  anchorWeight: 0,
  energyNoise: 0,
  learningRate: 1e-3,
  beta1: 0.9,
  beta2: 0.999,
};

/** Check a config before any tensor is made: clear errors for nonsense values. */
export function checkGeneratorConfig(c: GeneratorConfig): GeneratorConfig {
  const widths = [...c.hidden, ...c.energyHidden];
  if (!c.hidden.length || !c.energyHidden.length || widths.some((w) => !Number.isInteger(w) || w < 1 || w > 4096)) {
    throw new Error(
      `hidden widths must be 1..4096 and at least one layer each, got G ${c.hidden} / E ${c.energyHidden}`,
    );
  }
  if (c.arch !== undefined && c.arch !== 'mlp' && c.arch !== 'conv') throw new Error(`unknown arch "${c.arch}"`);
  if (c.loss !== 'pairwise' && c.loss !== 'two-term') throw new Error(`unknown loss "${c.loss}"`);
  if (c.reversal !== 'negate' && c.reversal !== 'non-saturating') throw new Error(`unknown reversal "${c.reversal}"`);
  if (!(c.anchorWeight >= 0 && c.anchorWeight <= 1))
    throw new Error(`anchorWeight must be in [0,1], got ${c.anchorWeight}`);
  if (!(c.reversalScale >= 0) || !Number.isFinite(c.reversalScale))
    throw new Error(`reversalScale must be ≥ 0, got ${c.reversalScale}`);
  if (!(c.energyNoise >= 0)) throw new Error(`energyNoise must be ≥ 0, got ${c.energyNoise}`);
  if (!(c.learningRate > 0)) throw new Error(`learningRate must be > 0, got ${c.learningRate}`);
  if (!(c.beta1 >= 0 && c.beta1 < 1 && c.beta2 >= 0 && c.beta2 < 1))
    throw new Error('beta1 and beta2 must be in [0,1)');
  return c;
}

function init(seed: number, layer: number) {
  return tf.initializers.glorotUniform({ seed: mixSeed(seed, layer) % 2147483647 });
}

/** G: concat(corrupted, mask) (1568) → hidden ReLU → 784 sigmoid. */
export function buildGenerator(hidden: number[], seed: number): tf.Sequential {
  const model = tf.sequential();
  hidden.forEach((units, i) =>
    model.add(
      tf.layers.dense({
        units,
        activation: 'relu',
        kernelInitializer: init(seed, i),
        ...(i === 0 ? { inputShape: [2 * PIXELS] } : {}),
      }),
    ),
  );
  model.add(tf.layers.dense({ units: PIXELS, activation: 'sigmoid', kernelInitializer: init(seed, hidden.length) }));
  return model;
}

/** E: 784 → hidden LeakyReLU(0.2) → 1 (linear energy). */
export function buildEnergy(hidden: number[], seed: number): tf.Sequential {
  const model = tf.sequential();
  hidden.forEach((units, i) => {
    model.add(
      tf.layers.dense({ units, kernelInitializer: init(seed, 100 + i), ...(i === 0 ? { inputShape: [PIXELS] } : {}) }),
    );
    model.add(tf.layers.leakyReLU({ alpha: 0.2 }));
  });
  model.add(tf.layers.dense({ units: 1, kernelInitializer: init(seed, 100 + hidden.length) }));
  return model;
}

/** G's input: the corrupted image with every missing pixel forced to gray, beside the mask. */
export function generatorInput(corrupted: tf.Tensor2D, mask: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const known = tf.mul(corrupted, tf.sub(1, mask));
    return tf.concat([tf.add(known, tf.mul(mask, 0.5)), mask], 1) as tf.Tensor2D;
  });
}

/** x̂ = x_c·(1 − m) + G·m: known pixels stay the input's, G fills the patch. */
export function compositeTensor(corrupted: tf.Tensor2D, mask: tf.Tensor2D, proposal: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.add(tf.mul(corrupted, tf.sub(1, mask)), tf.mul(proposal, mask)) as tf.Tensor2D);
}
