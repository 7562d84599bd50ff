// Throughput of the joint G+E training step (what `cli bench` reports as trainExamplesPerSec):
// random data, warm-up steps first, then the mean rate over `steps` timed steps.
import * as tf from '@tensorflow/tfjs';
import { buildEnergy, buildGenerator, PROTOCOL_GENERATOR_CONFIG, type GeneratorConfig } from './ebm-model';
import { ebmStep, variablesOf, type BatchTensors } from './ebm-step';
import { PIXELS } from '../../../../shared/image';
import { buildConvEnergy, buildConvGenerator } from '../conv/conv-nets';

export interface StepBenchOptions {
  batchSize?: number;
  steps?: number;
  warmup?: number;
  config?: GeneratorConfig;
}

/** Examples per second of ebmStep (default: PROTOCOL.md's MLPs, batch 64; config.arch 'conv': U-Net G, conv E). */
export function benchEbmStep(o: StepBenchOptions = {}): number {
  const { batchSize = 64, steps = 30, warmup = 3, config = PROTOCOL_GENERATOR_CONFIG } = o;
  const conv = config.arch === 'conv';
  const nets = {
    generator: conv ? buildConvGenerator(1) : buildGenerator(config.hidden, 1),
    energy: conv ? buildConvEnergy(2) : buildEnergy(config.energyHidden, 2),
  };
  const optimizer = tf.train.adam(config.learningRate, config.beta1, config.beta2);
  const variables = variablesOf(nets.generator, nets.energy);
  const batch: BatchTensors = tf.tidy(() => {
    const clean = tf.randomUniform([batchSize, PIXELS], 0, 1, 'float32', 1) as tf.Tensor2D;
    const mask = tf.cast(
      tf.greater(tf.randomUniform([batchSize, PIXELS], 0, 1, 'float32', 2), 0.85),
      'float32',
    ) as tf.Tensor2D;
    return { clean, mask, corrupted: tf.add(tf.mul(clean, tf.sub(1, mask)), tf.mul(mask, 0.5)) as tf.Tensor2D };
  });
  try {
    for (let i = 0; i < warmup; i++) ebmStep(nets, config, optimizer, variables, batch, i);
    const t0 = performance.now();
    for (let i = 0; i < steps; i++) ebmStep(nets, config, optimizer, variables, batch, i);
    return (steps * batchSize) / ((performance.now() - t0) / 1000);
  } finally {
    tf.dispose([batch.clean, batch.mask, batch.corrupted]);
    optimizer.dispose();
    nets.generator.dispose();
    nets.energy.dispose();
  }
}
